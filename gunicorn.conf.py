"""gunicorn's settings, from the same environment as the site's (see the README).

gunicorn reads this file from the working directory, so the Dockerfile's command
and `make bench` need no flags beyond the application.
"""

import os

from core.envparse import configuration_errors_exit, env_bool, env_int, load_settings_or_exit

# The settings load here, in the master, once: a wrong value is one sentence and the
# exit, rather than a traceback from each worker as it fails to boot.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "warstatus.settings")
load_settings_or_exit()

# Every worker serves one connection per thread, start to finish: a client sending or
# reading slowly would hold it. Varnish in front (docker-compose.yml) takes them:
# it passes a request on only once it has it whole and reads the response at
# gunicorn's speed (README, "Slow clients"), so these few workers are never waiting
# on a reader. Never expose this port without it.
bind = os.environ.get("WEB_BIND", "0.0.0.0:8000")
with configuration_errors_exit():
    workers = env_int("WEB_WORKERS", 3, minimum=1)
    threads = env_int("WEB_THREADS", 2, minimum=1)
    # The site refuses an EMAIL_TIMEOUT that is not below this (warstatus/settings.py).
    timeout = env_int("WEB_TIMEOUT", 30, minimum=5)
graceful_timeout = 20
# Varnish keeps connections to gunicorn open for reuse; it closes one unused for 4 s
# (backend_idle_timeout, deploy/varnish/params), before gunicorn would, so it never
# sends a request down a connection gunicorn is closing.
keepalive = 5
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
