"""Moderators add, pause and edit feeds; Audit readers (the chief editor) read the audit
log.

A frozen copy, like every data migration's: change roles in a new migration.
"""

from django.db import migrations

from core.roles import roles_migration

ROLES = {
    "Editors": {
        "status.view_verdict", "status.add_verdict", "status.view_verdictproposal",
        "status.view_indicatorproposal",
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
        "news.view_feed", "news.add_feed", "news.change_feed",
    },
    "Audit readers": {
        "audit.view_auditentry",
    },
}


class Migration(migrations.Migration):
    dependencies = [("pages", "0002_roles_indicator_proposals")]
    operations = [migrations.RunPython(roles_migration(ROLES), migrations.RunPython.noop)]
