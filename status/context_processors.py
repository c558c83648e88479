"""The share image every page's card points at, named after the verdict it shows.

Social sites keep an image for days by its address: a new verdict gets a new address
(`?v=<verdict id>`), so a card shared after a change never shows the old answer. Read
lazily: only a page that renders its card pays the query (the home page, which has read
the verdict already, names the image itself).
"""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest
from django.utils.functional import lazy

from status.models import Verdict

# The address in status/urls.py, written out: pages rendered under another URLconf (a
# 404 from anywhere) still name the right picture.
SHARE_IMAGE_PATH = "/share.png"


def share_image_url(language: str, verdict_id: int | None) -> str:
    """The share image of `language`'s pages, named after the verdict in force."""
    # Each language's pages show its own picture (its text in that language).
    prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
    base = f"{settings.SITE_URL}{prefix}{SHARE_IMAGE_PATH}"
    return f"{base}?v={verdict_id}" if verdict_id else base


def _share_image_url(language: str) -> str:
    try:
        verdict_id = Verdict.objects.newest_first().values_list("pk", flat=True).first()
    except DatabaseError:
        # A page rendered while the database is down (a 404) still gets a card.
        verdict_id = None
    return share_image_url(language, verdict_id)


def share_image(request: HttpRequest) -> dict:
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    return {"SHARE_IMAGE_URL": lazy(_share_image_url, str)(language)}
