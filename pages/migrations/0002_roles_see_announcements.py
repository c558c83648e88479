"""Editors see how each change reached readers, and resend what failed (they are
emailed when an announcement is stuck); readers' addresses stay hidden from them.

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
        "subscriptions.view_announcement", "subscriptions.resend_announcement",
        "subscriptions.view_emaildelivery", "subscriptions.view_webhookdelivery",
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
        ("pages", "0001_roles"),
        ("subscriptions", "0004_deliveries_belong_to_announcements"),
    ]
    operations = [migrations.RunPython(roles_migration(ROLES), migrations.RunPython.noop)]
