from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext


def site(request: HttpRequest) -> dict:
    return {
        # The site's question in the page's language when it is the catalogue's msgid
        # ("Is NATO at war with Russia?"); an operator's own SITE_NAME stays as written.
        "SITE_NAME": gettext(settings.SITE_NAME),
        "SITE_URL": settings.SITE_URL,
        "CONTACT_EMAIL": settings.CONTACT_EMAIL,
    }
