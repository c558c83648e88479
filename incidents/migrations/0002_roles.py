"""Editors record incidents: draft, correct, publish, add sources and attributions.

A frozen copy of the roles, like every roles migration's: change roles in a new one.
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
        "incidents.view_incident", "incidents.add_incident", "incidents.change_incident",
        "incidents.publish_incident",
        "incidents.view_source", "incidents.add_source", "incidents.delete_source",
        "incidents.view_attribution", "incidents.add_attribution",
        "incidents.view_correction",
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
        ("incidents", "0001_initial"),
        ("pages", "0001_roles"),
    ]
    operations = [migrations.RunPython(roles_migration(ROLES), migrations.RunPython.noop)]
