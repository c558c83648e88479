"""Permission checks that services make themselves, not only the admin's buttons."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied


def require(user: Any, permission: str, action: str) -> None:
    """Refuse `action` unless `user` holds `permission`. `None` is the system itself
    (tasks, commands, launch content), which may do anything."""
    if user is None:
        return
    if not getattr(user, "is_active", False) or not user.has_perm(permission):
        raise PermissionDenied(f"You do not have permission to {action}.")
