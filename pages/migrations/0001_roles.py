"""The roles as they stood when the layout moved (status/0002 holds the first ones):
editors read four-eyes proposals and the headline queue they are emailed about.

A frozen copy, like every data migration's: change roles in a new migration.
"""

from django.db import migrations

from core.roles import roles_migration

ROLES = {
    "Editors": {
        "status.view_verdict", "status.add_verdict", "status.view_verdictproposal",
        "status.view_check", "status.add_check",
        "status.view_indicator", "status.change_indicator", "status.add_indicator",
        "explainers.view_explainer", "explainers.add_explainer", "explainers.change_explainer",
        "explainers.view_question", "explainers.add_question", "explainers.change_question",
        "explainers.view_revision",
        "news.view_outlet",
        "news.view_curatedlink", "news.add_curatedlink",
        "news.view_candidate",
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
        ("status", "0006_stale_emails_via_notifications"),
        ("news", "0002_candidate_claimed_at_candidate_claimed_by_and_more"),
        ("explainers", "0001_initial"),
        ("audit", "0002_append_only_trigger"),
        ("notifications", "0001_initial"),
        ("subscriptions", "0001_initial"),
    ]
    operations = [migrations.RunPython(roles_migration(ROLES), migrations.RunPython.noop)]
