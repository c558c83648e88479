"""The site's error pages, never a bare status line: including the friendly 503 when the
database is unreachable and a refusal that says which role may do it."""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.contrib import admin
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseServerError
from django.template import loader
from django.utils.cache import patch_cache_control

from core.refusals import in_one_sentence

logger = logging.getLogger(__name__)
# What the database driver raises when the server is down or the connection broke
# (not a bug in a query: that is a ProgrammingError or an IntegrityError).
DATABASE_UNREACHABLE = (OperationalError, InterfaceError)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    body = loader.render_to_string("404.html", {"request_path": request.path}, request)
    return HttpResponse(body, status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """One sentence: what was refused and which role may do it; in the admin's look for
    the newsroom, in the site's for anyone else."""
    context = {"refusal": in_one_sentence(request, exception)}
    template = "403.html"
    user = getattr(request, "user", None)
    if request.path.startswith(f"/{settings.ADMIN_URL}") and getattr(user, "is_staff", False):
        context |= {**admin.site.each_context(request), "title": "Not allowed"}
        template = "admin/403.html"
    return HttpResponseForbidden(loader.render_to_string(template, context, request))


def server_error(request: HttpRequest) -> HttpResponse:
    # Called while the exception is being handled: one that says the database is
    # unreachable (raised in a middleware, say) gets the page that says so, not a 500.
    if isinstance(sys.exc_info()[1], DATABASE_UNREACHABLE):
        return database_unavailable(request)
    # No request context: whatever broke may be in a context processor.
    return HttpResponseServerError(loader.render_to_string("500.html"))


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """The "back in a moment" page any request gets while the database is unreachable."""
    logger.error("Database unavailable: answered %s with a 503", request.path)
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = "30"
    patch_cache_control(response, no_store=True)
    return response
