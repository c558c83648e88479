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

# Every worker serves one connection, start to finish: a client sending or reading
# slowly would hold it. Varnish in front (docker-compose.yml) takes them: it passes a
# request on only once it has it whole and reads the response at gunicorn's speed
# (README, "Slow clients"), so these few workers are never waiting on a reader. Never
# expose this port without it.
bind = os.environ.get("WEB_BIND", "0.0.0.0:8000")
# One request per process, so that `timeout` is a request timeout: the arbiter kills a
# sync worker that has not finished its request within it (a database that answers the
# handshake and then hangs, which no statement timeout can end). The threaded worker
# only checks its process is alive, so a stuck request there held its thread for good
# (benoitc/gunicorn#2086, #2695). No threads: with any, gunicorn switches to gthread.
worker_class = "sync"
threads = 1
# The application is loaded once, before the workers fork: a worker killed for a stuck
# request is replaced in milliseconds, not the seconds an import of Django takes (on a
# busy machine, twenty), while requests queue. Nothing connects at import: every
# database, cache and broker connection is opened by the worker that uses it.
preload_app = True
with configuration_errors_exit():
    workers = env_int("WEB_WORKERS", 6, minimum=1)
    # The site refuses an EMAIL_TIMEOUT or a database timeout not below this
    # (warstatus/settings.py).
    timeout = env_int("WEB_TIMEOUT", 30, minimum=5)
graceful_timeout = 20
# The sync worker closes each connection after its response (Varnish opens another),
# but should a threaded worker come back: Varnish closes a connection to gunicorn unused
# for 4 s (backend_idle_timeout, deploy/varnish/params), before gunicorn would.
keepalive = 5
# Trust X-Forwarded-* only from a proxy the operator says is there: by default
# gunicorn trusts them from 127.0.0.1, so a local request could claim HTTPS.
forwarded_allow_ips = "*" if env_bool("BEHIND_PROXY", False) else ""
# And only the one header the proxy sets (Varnish passes it on); gunicorn's defaults
# also believe X-Forwarded-Ssl and X-Forwarded-Protocol, which a client can send.
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}
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
