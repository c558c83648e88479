"""Create the Editors and Moderators groups with exactly their permissions.

`manage.py sync_roles` keeps them in sync afterwards (when models or roles change).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_roles(apps, schema_editor):
    # Permissions are normally created after migrate; make them now so the groups get them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    from warstatus.roles import sync_roles

    sync_roles(group_model=apps.get_model("auth", "Group"),
               permission_model=apps.get_model("auth", "Permission"))  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("status", "0001_initial"),
        ("news", "0001_initial"),
        ("explainers", "0001_initial"),
        ("audit", "0002_append_only_trigger"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
