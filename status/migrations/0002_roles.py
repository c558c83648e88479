"""Create the Editors and Moderators groups with exactly their permissions.

`manage.py sync_roles` keeps them in sync afterwards (when models or roles change).
"""

from django.db import migrations

from warstatus.roles import create_roles_in_migration


class Migration(migrations.Migration):
    dependencies = [
        ("status", "0001_initial"),
        ("news", "0001_initial"),
        ("explainers", "0001_initial"),
        ("audit", "0002_append_only_trigger"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_roles_in_migration, migrations.RunPython.noop)]
