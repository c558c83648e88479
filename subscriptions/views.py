"""Subscribe, confirm and unsubscribe: no cookies, no per-visitor tokens.

The subscribe form sits on cached public pages, so it carries no CSRF token;
instead the endpoint checks the Origin header, and the double opt-in means a
forged request can at most send a confirmation email nobody clicks.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from audit.signin import client_network
from core.i18n import bcp47
from subscriptions import services


def _same_origin(request: HttpRequest) -> bool:
    origin = request.headers.get("Origin") or request.headers.get("Referer") or ""
    site = urlsplit(settings.SITE_URL)
    theirs = urlsplit(origin)
    return (theirs.scheme, theirs.netloc) in {
        (site.scheme, site.netloc),
        (request.scheme, request.get_host()),
    }


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "subscriptions/subscribe.html", {})
    if not _same_origin(request):
        return render(
            request,
            "subscriptions/subscribe.html",
            {"error": gettext("Please use the form on this site.")},
            status=403,
        )
    try:
        services.request_subscription(
            email=request.POST.get("email", ""),
            changelog_too=request.POST.get("what") == "all",
            client=client_network(request) or "unknown",
            # The page's language (its path): the reader's emails and links in it.
            language=get_language(),
        )
    except ValidationError as error:
        return render(
            request,
            "subscriptions/subscribe.html",
            {"error": " ".join(error.message_dict.get("email", error.messages))},
            status=400,
        )
    except services.RateLimited:
        return render(
            request,
            "subscriptions/subscribe.html",
            {"error": gettext("Too many requests: please try again in an hour.")},
            status=429,
        )
    # The same answer whether or not the address was already known.
    return render(request, "subscriptions/check_inbox.html", {})


def _what_we_send(subscriber) -> str:
    """The promise the reader chose, as it is kept: status changes at once, and the other
    notable updates gathered into one email a day (`subscriptions/digest.py`)."""
    if subscriber.changelog_too:
        return gettext(
            "when the answer or an indicator changes, and once a day with a digest of "
            "our notable updates (at %(time)s UK time, on days with any)"
        ) % {"time": f"{settings.DIGEST_TIME:%H:%M}"}
    return gettext("when the answer changes")


@csrf_exempt  # the signed token in the address is what authorises the POST
@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        if request.method == "GET":
            # Mail scanners open every link: only the reader's click confirms.
            subscriber = services.subscriber_to_confirm(token=token)
            return render(
                request,
                "subscriptions/confirm.html",
                {"token": token, "email": subscriber.email, "what": _what_we_send(subscriber)},
            )
        subscriber = services.confirm(token=token)
    except services.BadLink as exc:
        return render(request, "subscriptions/result.html", {"message": str(exc)}, status=400)
    return render(
        request,
        "subscriptions/result.html",
        {
            "message": gettext("You're subscribed. We'll email you %(what)s.")
            % {"what": _what_we_send(subscriber)}
        },
    )


@csrf_exempt  # RFC 8058 one-click unsubscribe POSTs come from mail providers
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "GET":
        # A link prefetcher must not unsubscribe anyone: GET only asks. The page also
        # lets the reader choose the language of their emails instead.
        return _manage(request, token)
    try:
        services.unsubscribe(token=token)
    except services.BadLink as exc:
        return render(request, "subscriptions/result.html", {"message": str(exc)}, status=400)
    return render(
        request,
        "subscriptions/result.html",
        {"message": gettext("You're unsubscribed. We won't email you again.")},
    )


def _manage(request: HttpRequest, token: str, *, error: str = "", status: int = 200):
    try:
        subscriber = services.subscriber_of_link(token=token)
    except services.BadLink as exc:
        return render(request, "subscriptions/result.html", {"message": str(exc)}, status=400)
    return render(
        request,
        "subscriptions/unsubscribe.html",
        {
            "token": token,
            "language": subscriber.language,
            "languages": [(code, bcp47(code), name) for code, name in settings.LANGUAGES],
            "error": error,
        },
        status=status,
    )


@csrf_exempt  # the signed token in the address is what authorises the POST
@never_cache
@require_http_methods(["POST"])
def choose_language(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscriber = services.choose_language(
            token=token, language=request.POST.get("language", "")
        )
    except services.BadLink as exc:
        return render(request, "subscriptions/result.html", {"message": str(exc)}, status=400)
    except ValidationError as error:
        return _manage(request, token, error=" ".join(error.messages), status=400)
    # The language's own name ("Polski"), as the picker writes it.
    name = dict(settings.LANGUAGES)[subscriber.language]
    message = gettext("Done: we'll write to you in %(language)s.") % {"language": name}
    return render(request, "subscriptions/result.html", {"message": message})


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "subscriptions/privacy.html", {})
