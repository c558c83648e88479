import functools
from collections.abc import Callable

from csp.constants import HEADER
from csp.middleware import CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest, HttpResponse

from core.errors import DATABASE_UNREACHABLE, database_unavailable


class PermissionsPolicyMiddleware:
    """The site uses no camera, microphone, location or payment APIs: say so."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class CachedPolicyCSPMiddleware(CSPMiddleware):
    """django-csp, with the site-wide policy built once instead of on every response.

    Views that change the policy (csp decorators) or use a nonce take the normal path.
    """

    _OVERRIDES = (
        "_csp_config",
        "_csp_update",
        "_csp_replace",
        "_csp_exempt",
        "_csp_config_ro",
        "_csp_update_ro",
        "_csp_replace_ro",
        "_csp_exempt_ro",
    )

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if getattr(request, "_csp_nonce", None) or any(
            hasattr(response, name) for name in self._OVERRIDES
        ):
            return super().process_response(request, response)
        if HEADER not in response:
            response[HEADER] = _site_policy()
        return response


@functools.cache
def _site_policy() -> str:
    return build_policy()


class DatabaseUnavailableMiddleware:
    """Pages the page cache could not answer (the admin, forms, misses) get the same
    friendly 503 as public pages while the database is unreachable, not a 500.

    Catches what views raise; `core.errors.server_error` catches what middleware raise.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_UNREACHABLE):
            return database_unavailable(request)
        return None
