"""gunicorn's settings, from the same environment as the site's (see the README).

gunicorn reads this file from the working directory, so the Dockerfile's command
and `make bench` need no flags beyond the application.
"""

import os

from core.envparse import env_bool, env_int

bind = os.environ.get("WEB_BIND", "0.0.0.0:8000")
workers = env_int("WEB_WORKERS", 3, minimum=1)
threads = env_int("WEB_THREADS", 2, minimum=1)
# The site refuses an EMAIL_TIMEOUT that is not below this (warstatus/settings.py).
timeout = env_int("WEB_TIMEOUT", 30, minimum=5)
graceful_timeout = 20
# Trust X-Forwarded-* only from a proxy the operator says is there: by default
# gunicorn trusts them from 127.0.0.1, so a local request could claim HTTPS.
forwarded_allow_ips = "*" if env_bool("BEHIND_PROXY", False) else ""
accesslog = "-"
# Workers are not recycled: under load, --max-requests restarted them every few
# seconds and reset connections. Memory stays flat (measured), so nothing to recycle.
max_requests = 0


def post_fork(server, worker) -> None:
    """Send no Server header: it only tells an attacker what to try."""
    from gunicorn.http import wsgi

    headers = wsgi.Response.default_headers

    def without_server(self) -> list[str]:
        return [h for h in headers(self) if not h.lower().startswith("server:")]

    wsgi.Response.default_headers = without_server
