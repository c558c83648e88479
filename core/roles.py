"""The newsroom roles and their exact permissions.

`sync_roles` (a management command, also run by `load_launch_content`) makes each
role's group hold exactly these permissions, no more. Editors and Moderators are the
roles every app may grant to; each app grants them its own permissions, and may define
a role of its own, in its `AppConfig.ready()` (`grant`, `define_role`), so this module
names no app. No role can touch users or groups: only superusers can.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.db import transaction

EDITORS = "Editors"
MODERATORS = "Moderators"

# What `create_staff --role` calls each role.
ROLE_NAMES = {"editor": EDITORS, "moderator": MODERATORS}

# Filled in by the apps as Django starts (before any migration or command runs).
ROLES: dict[str, set[str]] = {EDITORS: set(), MODERATORS: set()}


def define_role(group: str, *, called: str) -> None:
    """A role of an app's own: its group's name, and what `create_staff --role` calls it."""
    ROLE_NAMES[called] = group
    ROLES.setdefault(group, set())


def grant(role: str, app_label: str, **models_by_action: Iterable[str]) -> None:
    """Give a role an app's permissions, by action: `grant(EDITORS, "news",
    view=["outlet"], add=["curatedlink"])` gives "news.view_outlet" and
    "news.add_curatedlink" (a custom permission's action too: `moderate=[...]`)."""
    if not isinstance(app_label, str) or not models_by_action:
        # A call that grants nothing would pass unnoticed until someone is refused.
        raise TypeError("grant(role, app_label, view=[...], add=[...]): name the models.")
    ROLES[role].update(
        f"{app_label}.{action}_{model}"
        for action, models in models_by_action.items()
        for model in models
    )


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
