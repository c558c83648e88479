"""Translators in the admin, as a browser drives it: signed in, CSRF enforced."""

from __future__ import annotations

import re

from django.test import Client

from tests.factories import make_user
from translations.apps import translator_role

ADMIN = "/admin/translations/submission/"
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def translator(name: str, code: str = "pl"):
    """A translator of `code` and a client signed in as them that enforces CSRF."""
    user = make_user(name, role=translator_role(code))
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return user, client


def token(page) -> str:
    """The CSRF token of a page's form (a form without one would fail here)."""
    found = _TOKEN.search(page.content.decode())
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def post_form(client: Client, url: str, data: dict, *, page_url: str | None = None):
    """Open the page the form is on, then send it as the browser would."""
    page = client.get(page_url or url)
    assert page.status_code == 200, page.status_code
    return client.post(url, {**data, "csrfmiddlewaretoken": token(page)})
