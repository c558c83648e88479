"""Settings for warstatus: one module, every value from the environment.

With no environment set the site runs on SQLite, a file cache and Celery on kombu's
filesystem transport (folders in STATE_DIR), so `make run` works on a bare machine,
worker and beat included. DATABASE_URL, REDIS_URL and CELERY_BROKER_URL switch to
the real services. Every variable is
listed in `.env.example` and the README.
"""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

from core.envparse import (
    env_bool,
    env_choice,
    env_duration,
    env_int,
    env_list,
    env_secret,
    env_str,
    env_time,
    env_url,
    env_url_list,
)
from core.i18n import check_site_languages

BASE_DIR = Path(__file__).resolve().parent.parent

# An optional .env beside manage.py; real environment variables win.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it (see .env.example), or set DEBUG=true for local work."
        )
    # Local development only: a key kept beside the code so sign-ins survive a restart.
    _key_file = BASE_DIR / ".secret_key"
    if not _key_file.exists():
        from django.core.management.utils import get_random_secret_key

        _key_file.write_text(get_random_secret_key())
    SECRET_KEY = _key_file.read_text().strip()

# The audit chain's key (audit/chain.py): without it, write access to the table is not
# enough to forge a chain that verifies. An operator's shell that only verifies may go
# without (AUDIT_VERIFY_ONLY=true, as bin/backup does): it checks the links, says the
# keyed hashes went unchecked, and cannot write an entry.
AUDIT_KEY = env_secret("AUDIT_KEY", min_length=32)
if not AUDIT_KEY and not env_bool("AUDIT_VERIFY_ONLY", False):
    if not DEBUG:
        raise ImproperlyConfigured(
            "AUDIT_KEY is not set. Set it (see .env.example), or set DEBUG=true for local work."
        )
    _audit_key_file = BASE_DIR / ".audit_key"
    if not _audit_key_file.exists():
        import secrets

        _audit_key_file.touch(mode=0o600)
        _audit_key_file.write_text(secrets.token_urlsafe(48))
    AUDIT_KEY = _audit_key_file.read_text().strip()

# Checkpoints of the chain's head are signed with Ed25519 by the signer alone (`manage.py
# audit_sign`, compose's `signer`), with the private key in AUDIT_SIGNING_KEY_FILE, a file
# no other process is given. Every process and every reader checks them with
# AUDIT_PUBLIC_KEY (base64 of the 32-byte public key; `manage.py audit_keygen` prints it),
# published at /api/audit/public-key.pem. With it set, unsigned checkpoints are refused.
AUDIT_SIGNING_KEY_FILE = env_str("AUDIT_SIGNING_KEY_FILE", "")
AUDIT_PUBLIC_KEY = env_str("AUDIT_PUBLIC_KEY", "")
if AUDIT_PUBLIC_KEY:
    import base64
    import binascii

    try:
        _public_key_bytes = base64.b64decode(AUDIT_PUBLIC_KEY, validate=True)
    except binascii.Error:
        _public_key_bytes = b""
    if len(_public_key_bytes) != 32:
        raise ImproperlyConfigured(
            "AUDIT_PUBLIC_KEY must be the base64 of a 32-byte Ed25519 public key "
            "(manage.py audit_keygen prints it)."
        )
# The id of the first entry sealed with AUDIT_KEY: from there on an entry with a plain
# SHA-256 hash is a rewrite, even when every entry was recomputed that way. Kept here,
# beside the key and outside the database, and in every signed checkpoint; 1 (the
# default) for a site keyed from its first entry.
AUDIT_KEYED_SINCE = env_int("AUDIT_KEYED_SINCE", 1, minimum=1)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_url_list("CSRF_TRUSTED_ORIGINS", [], schemes={"http", "https"})
SITE_URL = env_url("SITE_URL", "http://127.0.0.1:8000", schemes={"http", "https"}).rstrip("/")
SITE_NAME = env_str("SITE_NAME", "Is NATO at war with Russia?")
CONTACT_EMAIL = env_str("CONTACT_EMAIL", "corrections@warstatus.example")

INSTALLED_APPS = [
    "warstatus.admin_site.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "core",
    "audit",
    "notifications",
    "subscriptions",
    "status",
    "news",
    "explainers",
    "incidents",
    "edge",
    "translations",
    "pages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Security headers before the page cache, so cached pages get them too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.CachedPolicyCSPMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    # The language from the path (/pl/...), active for everything below, the page
    # cache's own URL resolving included (a /pl/ path resolves only under Polish).
    "core.i18n.PathLanguageMiddleware",
    # Anonymous cache hits are answered here; nothing below runs for them.
    "core.pagecache.PublicPageCacheMiddleware",
    # A sign-in from an address axes has locked out: a 429 before sessions and CSRF.
    "core.signin_limits.EarlyLockoutMiddleware",
    # A view that finds the database unreachable answers "back in a moment" (503).
    "core.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last, as django-axes asks: it turns a lockout into a friendly 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "warstatus.urls"
WSGI_APPLICATION = "warstatus.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "core.i18n.languages",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                "status.context_processors.share_image",
            ],
        },
    },
]

# The embedded default's own files: its broker's folders, beat's schedule, emails.
STATE_DIR = BASE_DIR / env_str("STATE_DIR", ".state")  # a relative path: in the checkout

# --- Database -----------------------------------------------------------------
DATABASE_URL = env_url(
    "DATABASE_URL",
    f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
    schemes={"sqlite", "postgres", "postgresql", "pgsql"},
)
DATABASES = {"default": environ.Env.db_url_config(DATABASE_URL)}
# Seconds (PostgreSQL only; see below). 0: statements without a limit.
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 5, minimum=1)
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT", 10, minimum=0)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # `make run` has three processes on one file: WAL lets the web read while the worker
    # writes; IMMEDIATE takes the write lock when a transaction begins, so a writer waits
    # (up to the timeout) instead of failing "database is locked" when it first writes,
    # and writers that read before they write (the audit chain's tip) take turns.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
    # The tests' database is a file too (not SQLite's shared in-memory one, whose table
    # locks ignore the timeout), so threads and processes meet SQLite as `make run` does.
    DATABASES["default"]["TEST"] = {"NAME": str(STATE_DIR / "test.sqlite3")}
    STATE_DIR.mkdir(parents=True, exist_ok=True)
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Django binds every query on the client and prepares none; a statement is prepared
    # only when run through core.prepared (a feed poll's fixed queries), which needs a
    # threshold set: psycopg prepares nothing at all without one. The threshold itself
    # is never reached, since the client-bound queries are never counted.
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 2**31 - 1
    # A database that takes connections and never answers must not hold a web worker:
    # connecting (the whole handshake) gives up after DATABASE_CONNECT_TIMEOUT, and the
    # server ends any statement (a lock wait included) after DATABASE_STATEMENT_TIMEOUT.
    # A server that answers the handshake and then hangs can't end its own statements:
    # gunicorn's timeout ends that request (gunicorn.conf.py, a sync worker). The worker,
    # beat and migrate run long statements by design; compose gives them 0 (no limit).
    DATABASES["default"]["OPTIONS"]["connect_timeout"] = DATABASE_CONNECT_TIMEOUT
    DATABASES["default"]["OPTIONS"]["options"] = (
        f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT * 1000}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and Celery -----------------------------------------------------------
# How old (seconds) the content version a process compares cached pages with may be: it
# is read from the database by a thread of each process (core/cache_version.py), so a
# change committed elsewhere reaches this process's readers within this.
CONTENT_VERSION_MAX_AGE = 0.3
REDIS_URL = env_url("REDIS_URL", None, schemes={"redis", "rediss"})
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.redis_cache.ReusingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "warstatus",
            # Every anonymous request asks the cache first: a Redis that hangs must
            # cost half a second and a render without it, not a stuck worker.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    # Files every process on this machine shares: a change made by `manage.py` or a
    # second server reaches every cached page at once, as Redis does in production.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env_str("CACHE_DIR", str(BASE_DIR / ".cache")),
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }

CELERY_BROKER_URL = env_url(
    "CELERY_BROKER_URL", REDIS_URL, schemes={"redis", "rediss", "amqp", "amqps"}
)
# No broker server: kombu's filesystem transport, one message a file, shared by every
# process on this machine (web, worker, beat, `manage.py`), with nothing to install.
EMBEDDED_BROKER = CELERY_BROKER_URL is None
if EMBEDDED_BROKER:
    # A host named, though the transport ignores it: kombu warns about a URL without one.
    CELERY_BROKER_URL = "filesystem://localhost/"
    _BROKER_DIR = STATE_DIR / "broker"
    _BROKER_FOLDERS = {
        # Producers write where the worker reads: one folder for both directions.
        "data_folder_in": _BROKER_DIR / "queue",
        "data_folder_out": _BROKER_DIR / "queue",
        "control_folder": _BROKER_DIR / "control",
        # Taken messages are moved here, not to the system's temporary folder: a rename
        # on one file system, so two workers can never both take one message. The
        # worker empties it when it starts (warstatus/celery.py).
        "processed_folder": _BROKER_DIR / "processed",
    }
    for _folder in _BROKER_FOLDERS.values():
        _folder.mkdir(parents=True, exist_ok=True)
    _BROKER_OPTIONS = {name: str(folder) for name, folder in _BROKER_FOLDERS.items()}
    _BROKER_OPTIONS["store_processed"] = True
    # Remote control broadcasts would leave files for every worker that ever ran.
    CELERY_WORKER_ENABLE_REMOTE_CONTROL = False
else:
    _BROKER_OPTIONS = {}
# Tasks go through the broker; the tests run them in-process (tests/conftest.py).
CELERY_TASK_ALWAYS_EAGER = False
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Connections outlive a task (CONN_MAX_AGE, health-checked: warstatus/celery.py); Celery's
# fixup still closes them all after this many tasks.
CELERY_DB_REUSE_MAX = 1000
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "celery")
# Purges have a queue of their own, so a change's purge never waits behind a burst of
# feed polls or emails. A worker started without -Q takes both queues; compose also runs
# one for purges alone (`edge-worker`).
EDGE_QUEUE = env_str("CELERY_EDGE_QUEUE", "edge")
if EDGE_QUEUE == CELERY_TASK_DEFAULT_QUEUE:
    raise ImproperlyConfigured("CELERY_EDGE_QUEUE must differ from CELERY_QUEUE")
CELERY_TASK_QUEUES = (Queue(CELERY_TASK_DEFAULT_QUEUE), Queue(EDGE_QUEUE))
CELERY_TASK_ROUTES = {"edge.tasks.*": {"queue": EDGE_QUEUE}}
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# A task taken by a worker that then died is handed out again after this long.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=1),
    **_BROKER_OPTIONS,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
# In the checkout's state folder, not a shared temporary path (`make beat`, `make run`).
CELERY_BEAT_SCHEDULE_FILENAME = str(STATE_DIR / "beat-schedule")
CELERY_BEAT_SCHEDULE = {
    # Each run expires before the next is due: a worker back from an outage runs one,
    # not the pile that queued up meanwhile.
    "poll-due-feeds": {
        "task": "news.tasks.enqueue_due_feeds",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "publish-due-explainers": {
        "task": "explainers.tasks.publish_due",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Readers' emails and webhooks: whatever is due, including what a lost enqueue, a
    # dead worker or an outage left behind.
    "deliver-announcements": {
        "task": "subscriptions.tasks.deliver_due",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # The daily digest of notable updates, due at DIGEST_TIME: written by the first run
    # after that time (a run missed while beat was down is made up by the next one).
    "write-daily-digest": {
        "task": "subscriptions.tasks.write_digest",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "retry-urgent-emails": {
        "task": "news.tasks.notify_urgent",
        "schedule": 300.0,
        "options": {"expires": 280},
    },
    "warn-if-status-stale": {
        "task": "status.tasks.warn_if_stale",
        "schedule": 900.0,
        "options": {"expires": 840},
    },
    "remind-pending-links": {
        "task": "news.tasks.remind_pending_links",
        "schedule": 900.0,
        "options": {"expires": 840},
    },
}

if EMBEDDED_BROKER:
    # A newcomer's new feed is polled within a minute of being added, whatever beat's
    # phase (one indexed query a run; a poll queued twice runs once: news.polling).
    CELERY_BEAT_SCHEDULE["poll-due-feeds"].update(schedule=15.0, options={"expires": 14})

# --- Shared caches in front (Varnish, a CDN): purged by surrogate key on publish ---
# How long a shared cache keeps a page before it asks the site again (by ETag: a 304
# costs no render while nothing changed). A publish purges it sooner; this bounds how
# long a reader can see an old page when a purge is lost (README, "How fresh").
SHARED_CACHE_MAX_AGE = 30
# Varnish instances' purge listeners (deploy/varnish/default.vcl), e.g. http://varnish:6091.
CACHE_PURGE_URLS = env_url_list("CACHE_PURGE_URLS", [], schemes={"http", "https"})
FASTLY_API_TOKEN = env_secret("FASTLY_API_TOKEN", min_length=16)
FASTLY_SERVICE_ID = env_str("FASTLY_SERVICE_ID", "")
CLOUDFLARE_API_TOKEN = env_secret("CLOUDFLARE_API_TOKEN", min_length=16)
CLOUDFLARE_ZONE_ID = env_str("CLOUDFLARE_ZONE_ID", "")
for _token, _id in (
    ("FASTLY_API_TOKEN", "FASTLY_SERVICE_ID"),
    ("CLOUDFLARE_API_TOKEN", "CLOUDFLARE_ZONE_ID"),
):
    if bool(globals()[_token]) != bool(globals()[_id]):
        raise ImproperlyConfigured(f"Set {_token} and {_id} together, or neither.")
# Fixed in production; the tests point them at a server on loopback.
FASTLY_API_URL = "https://api.fastly.com"
CLOUDFLARE_API_URL = "https://api.cloudflare.com"
# Beat sends again every purge a cache has not confirmed (it was down or unreachable).
CELERY_BEAT_SCHEDULE["replay-purges"] = {
    "task": "edge.tasks.replay_purges",
    "schedule": 60.0,
    "options": {"expires": 55},
}
# The largest request body (a form: the site takes no file uploads) the site reads.
# Varnish in front refuses a larger one with a 413 before the site sees it
# (std.cache_req_body in deploy/varnish/default.vcl): keep the two equal, as a test
# does (tests/edge/test_slow_clients.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

# --- Site behaviour -----------------------------------------------------------
STATUS_STALE_AFTER = env_duration("STATUS_STALE_AFTER", timedelta(hours=24))
# Four eyes: a verdict change is proposed by one editor and approved by another.
VERDICT_FOUR_EYES = env_bool("VERDICT_FOUR_EYES", False)
FEEDS_ALLOW_PRIVATE = env_bool("FEEDS_ALLOW_PRIVATE", False)
FEEDS_MAX_BYTES = env_int("FEEDS_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
FEEDS_TIMEOUT = env_int("FEEDS_TIMEOUT", 10, minimum=1)
# A poll takes at most this many entries, the newest: a runaway archive feed can't
# flood the headline inbox, and what one poll stores stays small.
FEEDS_MAX_ENTRIES = env_int("FEEDS_MAX_ENTRIES", 500, minimum=1)
# How long a worker holds a feed it is polling; a dead worker's claim lapses after this.
FEEDS_CLAIM_SECONDS = env_int("FEEDS_CLAIM_SECONDS", 300, minimum=1)
# Staff emails: a feed failing this many polls in a row, a link pending this long.
FEED_ALERT_AFTER_FAILURES = env_int("FEED_ALERT_AFTER_FAILURES", 3, minimum=1)
PENDING_LINK_ALERT_AFTER = env_duration("PENDING_LINK_ALERT_AFTER", timedelta(hours=12))
# Reader subscriptions: how long a confirmation link works, and rate limits per hour.
SUBSCRIBE_CONFIRM_MAX_AGE = env_int("SUBSCRIBE_CONFIRM_MAX_AGE", 3 * 86400, minimum=1)
SUBSCRIBE_LIMIT_PER_ADDRESS = env_int("SUBSCRIBE_LIMIT_PER_ADDRESS", 3, minimum=1)
SUBSCRIBE_LIMIT_PER_CLIENT = env_int("SUBSCRIBE_LIMIT_PER_CLIENT", 10, minimum=1)
FEEDS_USER_AGENT = f"warstatus/0.1 (+{SITE_URL})"
# Announcements to readers (subscriptions/delivery.py): each email and webhook post is
# retried, with a delay that starts at DELIVERY_RETRY_BACKOFF and doubles (up to an
# hour), until DELIVERY_RETRY_WINDOW has passed; then it is marked failed for staff.
DELIVERY_RETRY_WINDOW = env_duration("DELIVERY_RETRY_WINDOW", timedelta(hours=48))
DELIVERY_RETRY_BACKOFF = env_duration("DELIVERY_RETRY_BACKOFF", timedelta(seconds=30))
# How long a worker holds a delivery it is sending; a dead worker's lapses after this.
DELIVERY_LEASE = env_duration("DELIVERY_LEASE", timedelta(minutes=5))
# Staff are emailed about an announcement not fully delivered this long after the change.
DELIVERY_ALERT_AFTER = env_duration("DELIVERY_ALERT_AFTER", timedelta(hours=1))
# Notable updates (links, explainers, FAQ, incidents) reach readers in one email a day,
# sent at this UK time (Europe/London, "HH:MM"); verdict and indicator changes go at once.
DIGEST_TIME = env_time("DIGEST_TIME", time(7, 0))

# --- Email --------------------------------------------------------------------
EMAIL_URL = env_url("EMAIL_URL", None, schemes={"smtp", "smtps", "smtp+tls", "consolemail"})
if EMAIL_URL:
    vars().update(environ.Env.email_url_config(EMAIL_URL))
else:
    # Files in STATE_DIR/mail: the worker's emails (most of them) stay readable instead
    # of scrolling past in `make run`'s output.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = STATE_DIR / "mail"
# Seconds to wait on the mail server before a send counts as failed (and is retried).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
# gunicorn.conf.py reads the same variable: a request is killed after this long.
WEB_TIMEOUT = env_int("WEB_TIMEOUT", 30, minimum=5)
if EMAIL_TIMEOUT >= WEB_TIMEOUT:
    # Mail is the worker's job, but a mail call that outlives the web timeout anywhere
    # in a request would be killed mid-send: refuse the combination outright.
    raise ImproperlyConfigured(
        f"EMAIL_TIMEOUT={EMAIL_TIMEOUT} must be below WEB_TIMEOUT={WEB_TIMEOUT} (seconds)"
    )
for _name, _seconds in (
    ("DATABASE_CONNECT_TIMEOUT", DATABASE_CONNECT_TIMEOUT),
    ("DATABASE_STATEMENT_TIMEOUT", DATABASE_STATEMENT_TIMEOUT),
):
    if _seconds >= WEB_TIMEOUT:
        # The request would be killed before the database gave up: no 503, a dropped
        # connection instead.
        raise ImproperlyConfigured(
            f"{_name}={_seconds} must be below WEB_TIMEOUT={WEB_TIMEOUT} (seconds)"
        )
if DELIVERY_LEASE.total_seconds() <= 3 * EMAIL_TIMEOUT:
    # A lease that lapses while its send still waits on the mail server hands the same
    # email to a second worker: a duplicate for the reader. (A webhook post is given at
    # most a third of the lease.)
    raise ImproperlyConfigured(
        f"DELIVERY_LEASE ({DELIVERY_LEASE.total_seconds():g} s) must be longer than "
        f"three times EMAIL_TIMEOUT ({EMAIL_TIMEOUT} s)"
    )
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "warstatus <noreply@warstatus.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Auth ---------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# Where a sign-in lands when its `next` is missing or points off the site (Django would
# send it to /accounts/profile/, which does not exist here).
LOGIN_REDIRECT_URL = "admin:index"
ADMIN_URL = env_str("ADMIN_URL", "admin/").strip("/") + "/"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses sign-ins while locked out
    "django.contrib.auth.backends.ModelBackend",
]
# Brute-force protection: 5 failures for one username from one address lock that
# pair out for 15 minutes. A stranger elsewhere cannot lock an editor out, and
# no lockout is permanent.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_duration("AXES_COOLOFF_TIME", timedelta(minutes=15))
# Per username and address, per address, and per username across addresses (except
# from addresses the username signed in from before): see core/signin_limits.py.
AXES_LOCKOUT_PARAMETERS = "core.signin_limits.lockout_parameters"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# How many proxies in front of the site append to X-Forwarded-For (0: use REMOTE_ADDR).
PROXY_COUNT = env_int("PROXY_COUNT", 0, minimum=0)
# The client's address by network (an IPv6 client by its /64): see core/client_ip.py
# (only entries our proxies added count).
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_network"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=300)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# --- Security headers (the HTTPS ones follow SECURE_COOKIES) ------------------
SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
# On unless DEBUG: a production site that forgets it would answer over plain HTTP.
# Behind a TLS proxy (BEHIND_PROXY) the proxy's X-Forwarded-Proto says a request
# already came over HTTPS, so nothing is redirected twice.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# The container healthcheck asks over plain HTTP from inside.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): nothing from elsewhere, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "manifest-src": [SELF],
    }
}
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    if PROXY_COUNT == 0:
        # Every reader would share the proxy's address: one bad password would lock
        # editors out and the subscribe limit would be one bucket for the whole site.
        raise ImproperlyConfigured(
            "BEHIND_PROXY=true needs PROXY_COUNT of at least 1 (the proxies in front "
            "that append to X-Forwarded-For)"
        )

# --- Internationalisation and time ----------------------------------------------
# English is the source and keeps the unprefixed addresses; each other language is
# served under its own path (/pl/, ...) by core.i18n.PathLanguageMiddleware, never
# chosen by Accept-Language. Adding one is configuration: its code here and its
# catalogue in locale/<code>/LC_MESSAGES/django.po (no migration; translators' roles
# and permissions are made per language). "uk" is Ukrainian, not the United Kingdom.
LANGUAGE_CODE = "en-gb"
SITE_LANGUAGES = env_list("SITE_LANGUAGES", ["pl", "et", "lv", "lt", "fi", "ro", "uk"])
LANGUAGES = [(LANGUAGE_CODE, "English")] + check_site_languages(SITE_LANGUAGES, LANGUAGE_CODE)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
# Admin lists and read-only fields say "27 Nov 2026, 13:26 GMT", as the pages do.
FORMAT_MODULE_PATH = ["core.formats"]
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "static_root"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

LOG_LEVELS = {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_choice("LOG_LEVEL", "INFO", choices=LOG_LEVELS)},
    "filters": {"one_line_warning": {"()": "warstatus.log_filters.OneLineWarning"}},
    "loggers": {
        "django.security.DisallowedHost": {"filters": ["one_line_warning"]},
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "httpx": {"level": "WARNING"},
    },
}
