"""A refused request in one sentence: what was refused and which role may do it.

The 403 page says this instead of a bare "403 Forbidden". A service's refusal
(core.permissions.Refused) names its permission; otherwise the admin address tells
which model and what was asked ("news_feed_add": adding feeds).
"""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin
from django.http import HttpRequest
from django.urls import Resolver404, resolve

from core.roles import roles_holding

# The admin's URL names end with what the page does.
_ADMIN_PAGES = {
    "add": ("add", "add {plural}"),
    "change": ("change", "change {plural}"),
    "delete": ("delete", "delete {plural}"),
    "changelist": ("view", "see the list of {plural}"),
    "history": ("view", "see the history of {plural}"),
}


def _admin_page(request: HttpRequest) -> tuple[str, str] | None:
    """(permission, what was refused) for an admin model page, or None."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if match.namespace != "admin" or not match.url_name:
        return None
    for model in apps.get_models():
        opts = model._meta
        prefix = f"{opts.app_label}_{opts.model_name}_"
        if not match.url_name.startswith(prefix):
            continue
        page = match.url_name.removeprefix(prefix)
        verb, words = _ADMIN_PAGES.get(page, ("change", "change {plural}"))
        if page == "change" and request.method in ("GET", "HEAD"):
            verb, words = "view", "see {plural}"
        # A page whose button says something else ("Propose a verdict change", not "Add
        # verdict") is refused in the button's words: its admin says them.
        model_admin = admin.site.get_model_admin(model) if admin.site.is_registered(model) else None
        own_words = getattr(model_admin, "refused_words", None)
        words = (own_words(page) if own_words else None) or words
        plural = str(opts.verbose_name_plural)
        return f"{opts.app_label}.{verb}_{opts.model_name}", words.format(plural=plural)
    return None


def who_can(permission: str) -> str:
    """ "Moderators can.", or who else to ask when no role holds it."""
    roles = roles_holding(permission)
    if not roles:
        return "Only a superuser can."
    return f"{' or '.join(roles)} can: ask a superuser if you need that role."


def in_one_sentence(request: HttpRequest, exception: Exception | None) -> str:
    """What was refused and who may do it."""
    message = str(exception or "").strip()
    permission = getattr(exception, "permission", None)
    if permission:
        return f"{message} {who_can(permission)}"
    page = _admin_page(request)
    if page is not None and not message:
        permission, words = page
        return f"You cannot {words}. {who_can(permission)}"
    if message:
        return message if page is None else f"{message} {who_can(page[0])}"
    return "You do not have permission to open this page."
