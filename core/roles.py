"""The newsroom roles and their exact permissions.

`sync_roles` (a management command, also run by `load_launch_content`) makes each
role's group hold exactly these permissions, no more. Editors run the status and the
explainers, Moderators the news (links, feed headlines and the feeds themselves), and
Audit readers (the chief editor, as well as their other role) read the audit log. No
role can touch users or groups: only superusers can.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction

EDITORS = "Editors"
MODERATORS = "Moderators"
AUDIT_READERS = "Audit readers"

# What `create_staff --role` calls each role.
ROLE_NAMES = {"editor": EDITORS, "moderator": MODERATORS, "audit-reader": AUDIT_READERS}

ROLES: dict[str, set[str]] = {
    EDITORS: {
        "status.view_verdict",
        "status.add_verdict",
        "status.view_verdictproposal",
        "status.view_indicatorproposal",
        "status.view_check",
        "status.add_check",
        "status.view_indicator",
        "status.change_indicator",
        "status.add_indicator",
        "explainers.view_explainer",
        "explainers.add_explainer",
        "explainers.change_explainer",
        "explainers.view_question",
        "explainers.add_question",
        "explainers.change_question",
        "explainers.view_revision",
        "news.view_outlet",
        "news.view_curatedlink",
        "news.add_curatedlink",
        "news.view_candidate",  # read-only: urgent headlines are emailed to editors too
        # How each change reached readers (they are emailed when one is stuck), and a
        # resend of what failed; readers' addresses stay hidden (no view_subscriber).
        "subscriptions.view_announcement",
        "subscriptions.view_digest",
        "subscriptions.resend_announcement",
        "subscriptions.view_emaildelivery",
        "subscriptions.view_webhookdelivery",
        # The incidents record: sources and attributions are only ever added (a source
        # leaves only a draft), and a published incident changes only by a correction.
        "incidents.view_incident",
        "incidents.add_incident",
        "incidents.change_incident",
        "incidents.publish_incident",
        "incidents.view_source",
        "incidents.add_source",
        "incidents.delete_source",
        "incidents.view_attribution",
        "incidents.add_attribution",
        "incidents.view_correction",
        # Public corrections of any page, listed on /about/ (added, never edited).
        "pages.view_correction",
        "pages.add_correction",
    },
    MODERATORS: {
        "news.view_outlet",
        "news.add_outlet",
        "news.change_outlet",
        "news.view_curatedlink",
        "news.add_curatedlink",
        "news.change_curatedlink",
        "news.moderate_curatedlink",
        "news.view_candidate",
        "news.change_candidate",
        "news.view_feed",
        "news.add_feed",
        "news.change_feed",  # edit and pause; deleting a feed takes its headlines: superusers
    },
    AUDIT_READERS: {
        "audit.view_auditentry",
    },
}


def roles_holding(permission: str) -> list[str]:
    """The roles whose members may do what `permission` allows ("app.codename")."""
    return [role for role, names in ROLES.items() if permission in names]


def _permissions(names: set[str], permission_model=Permission) -> tuple[list, list[str]]:
    found, missing = [], []
    for name in sorted(names):
        app_label, codename = name.split(".", 1)
        perm = permission_model.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if perm is None:
            missing.append(name)
        else:
            found.append(perm)
    return found, missing


def sync_roles(
    *, roles: dict[str, set[str]] | None = None, group_model=Group, permission_model=Permission
) -> dict[str, list[str]]:
    """Create the groups and set their permissions exactly; returns what was missing.

    The roles and models can be passed in so a data migration can use its own
    frozen copy of the roles and the historical models.
    """
    missing_by_role: dict[str, list[str]] = {}
    with transaction.atomic():
        for role, names in (ROLES if roles is None else roles).items():
            group, _ = group_model.objects.get_or_create(name=role)
            found, missing = _permissions(names, permission_model)
            group.permissions.set(found)
            missing_by_role[role] = missing
    return missing_by_role


def roles_migration(roles: dict[str, set[str]]):
    """A RunPython function giving the groups exactly `roles` (the migration's own copy,
    so replaying history gives each migration the roles of its day)."""

    def run(apps, schema_editor) -> None:
        from django.contrib.auth.management import create_permissions

        # Django makes permissions only after migrate; the groups need them now.
        for app_config in apps.get_app_configs():
            app_config.models_module = True
            create_permissions(app_config, apps=apps, verbosity=0)
            app_config.models_module = None
        sync_roles(
            roles=roles,
            group_model=apps.get_model("auth", "Group"),
            permission_model=apps.get_model("auth", "Permission"),
        )

    return run
