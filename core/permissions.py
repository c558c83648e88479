"""Permission checks that services make themselves, not only the admin's buttons."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied


class Refused(PermissionDenied):
    """A refusal that knows the permission it wanted, so the 403 page can name the role
    that holds it."""

    def __init__(self, message: str, *, permission: str):
        super().__init__(message)
        self.permission = permission


def require(user: Any, permission: str, action: str) -> None:
    """Refuse `action` unless `user` holds `permission`. `None` is the system itself
    (tasks, commands, launch content), which may do anything."""
    if user is None:
        return
    if not getattr(user, "is_active", False) or not user.has_perm(permission):
        raise Refused(f"You do not have permission to {action}.", permission=permission)
