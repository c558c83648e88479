"""Create the Editors and Moderators groups with exactly their permissions of the day.

The roles are copied here, not imported, so replaying history gives this step the
roles it had; later changes come in later migrations (and `manage.py sync_roles`).
"""

from django.db import migrations

from core.roles import roles_migration

ROLES = {
    "Editors": {
        "status.view_verdict", "status.add_verdict",
        "status.view_check", "status.add_check",
        "status.view_indicator", "status.change_indicator", "status.add_indicator",
        "explainers.view_explainer", "explainers.add_explainer", "explainers.change_explainer",
        "explainers.view_question", "explainers.add_question", "explainers.change_question",
        "explainers.view_revision",
        "news.view_outlet",
        "news.view_curatedlink", "news.add_curatedlink",
    },
    "Moderators": {
        "news.view_outlet", "news.add_outlet", "news.change_outlet",
        "news.view_curatedlink", "news.add_curatedlink", "news.change_curatedlink",
        "news.moderate_curatedlink",
        "news.view_candidate", "news.change_candidate",
        "news.view_feed",
    },
}


class Migration(migrations.Migration):
    dependencies = [
        ("status", "0001_initial"),
        ("news", "0001_initial"),
        ("explainers", "0001_initial"),
        ("audit", "0002_append_only_trigger"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(roles_migration(ROLES), migrations.RunPython.noop)]
