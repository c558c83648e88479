"""Editors read the status composer's proposals (status changes), as the other proposals.

A frozen copy, like every data migration's: change roles in a new migration.
"""

from django.db import migrations

from core.roles import roles_migration

ROLES = {
    "Editors": {
        "explainers.add_explainer",
        "explainers.add_question",
        "explainers.change_explainer",
        "explainers.change_question",
        "explainers.view_explainer",
        "explainers.view_question",
        "explainers.view_revision",
        "incidents.add_attribution",
        "incidents.add_incident",
        "incidents.add_source",
        "incidents.change_incident",
        "incidents.delete_source",
        "incidents.publish_incident",
        "incidents.view_attribution",
        "incidents.view_correction",
        "incidents.view_incident",
        "incidents.view_source",
        "news.add_curatedlink",
        "pages.add_correction",
        "pages.view_correction",
        "news.view_candidate",
        "news.view_curatedlink",
        "news.view_outlet",
        "status.add_check",
        "status.add_indicator",
        "status.add_verdict",
        "status.change_indicator",
        "status.view_check",
        "status.view_indicator",
        "status.view_indicatorproposal",
        "status.view_statusproposal",
        "status.view_verdict",
        "status.view_verdictproposal",
        "subscriptions.resend_announcement",
        "subscriptions.view_announcement",
        "subscriptions.view_digest",
        "subscriptions.view_emaildelivery",
        "subscriptions.view_webhookdelivery",
    },
    "Moderators": {
        "news.add_curatedlink",
        "news.add_feed",
        "news.add_outlet",
        "news.change_candidate",
        "news.change_curatedlink",
        "news.change_feed",
        "news.change_outlet",
        "news.moderate_curatedlink",
        "news.view_candidate",
        "news.view_curatedlink",
        "news.view_feed",
        "news.view_outlet",
    },
    "Audit readers": {
        "audit.view_auditentry",
    },
}


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0005_roles"),
        ("status", "0011_status_composer"),
    ]
    operations = [migrations.RunPython(roles_migration(ROLES), migrations.RunPython.noop)]
