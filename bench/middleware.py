"""`X-Bench-Render: 1` asks for the page rendered afresh, as if nothing were cached."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class RenderEveryRequest:
    """Routes a request carrying the header through `bench.render_urls`, where the views
    have no page cache; the page cache middleware then finds no cached view there either.
    Everything else (sessions, CSRF, auth) runs as for any page that is rendered."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.headers.get("X-Bench-Render"):
            request.urlconf = "bench.render_urls"
        return self.get_response(request)
