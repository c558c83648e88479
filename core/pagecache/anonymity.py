"""Who may be given the public copy of a page: anyone not signed in."""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import DatabaseError
from django.http import HttpRequest

from core.pagecache.state import state_of


def is_anonymous(request: HttpRequest) -> bool:
    """No signed-in session.

    Looks at the session store itself, not request.user (which would add "Vary: Cookie"),
    so a made-up cookie can't skip the cache and force a render on every request.
    """
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not session_key:
        return True
    state = state_of(request)
    if state.signed_in is None:
        store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)
        try:
            state.signed_in = SESSION_KEY in store
        except DatabaseError:
            # The database is down (or the cookie is junk it refuses): the public copy
            # is the best answer.
            state.signed_in = False
    return not state.signed_in
