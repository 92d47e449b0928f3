"""Settings of a Tremplin node, read from the environment.

Everything a node operator changes is an environment variable (see the README's
production section), so one installed package serves every node on a machine.
"""

import ipaddress
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from node.periodic import JOBS as PERIODIC_JOBS
from profiles.languages import INTERFACE_LANGUAGES

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DATA_DIR = Path(os.environ.get("TREMPLIN_DATA_DIR", BASE_DIR / "data")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """Use SECRET_KEY, else one generated once and kept in the data folder."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("DEBUG")

TREMPLIN_DOMAIN = os.environ.get("TREMPLIN_DOMAIN", "127.0.0.1:8000")
_LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]"} | {f"127.0.0.{i}" for i in range(2, 256)}
# Plain http only makes sense for a node on this machine (development, `make run`).
TREMPLIN_SCHEME = os.environ.get(
    "TREMPLIN_SCHEME", "http" if TREMPLIN_DOMAIN.rsplit(":", 1)[0] in _LOCAL_HOSTS else "https"
)
# The node's country sets the age of digital consent (see profiles.consent).
TREMPLIN_COUNTRY = os.environ.get("TREMPLIN_COUNTRY", "FR").upper()
TREMPLIN_NAME = os.environ.get("TREMPLIN_NAME", "Tremplin")

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()
] or [TREMPLIN_DOMAIN.split(":")[0], "127.0.0.1", "localhost"]
CSRF_TRUSTED_ORIGINS = [f"{TREMPLIN_SCHEME}://{TREMPLIN_DOMAIN}"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "node.accounts",
    "node.web",
    "profiles",
    "jobs",
    "network",
    "contact",
    "moderation",
    "rights",
    "federation",
    "node",
]

MIDDLEWARE = [
    "node.ratelimit.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "node.web.security_headers.SecurityHeadersMiddleware",
    # Static files: collected and gzipped ones first (node/web/static_files.py).
    "node.web.static_files.CollectedFirstWhiteNoiseMiddleware",
    # Pages compressed: below WhiteNoise (static files are already compressed), above
    # everything that writes a body. Django adds random padding against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "node.web.unavailable.DatabaseUnavailableMiddleware",
    "node.web.nul.RefuseNulCharactersMiddleware",
    "federation.middleware.ContentNegotiationMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "node.web.pagecache.AnonymousPageCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "node.urls"
WSGI_APPLICATION = "node.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "profiles:my-profile"
LOGOUT_REDIRECT_URL = "web:home"
# A form sent with a stale or missing token gets our page, in plain words.
CSRF_FAILURE_VIEW = "node.web.errors.csrf_failure"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "node.web.context.node",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'tremplin.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL and a busy timeout so the in-process worker and web threads do not block
    # each other; see node.db for the pragmas applied on connect.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_SQLITE_NAME")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Answers as an empty cache while Redis restarts (node/cache.py).
            "BACKEND": "node.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"tremplin:{TREMPLIN_DOMAIN}",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Celery runs the background work when REDIS_URL is set; otherwise the same task
# code runs eagerly / in the in-process worker of `tremplin run`.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_ACKS_LATE = True
# No unacked-message bookkeeping in Redis: the database rows are the queue and the beat
# sweep re-sends whatever a lost message was carrying. With it, a Redis restart during
# a batch made kombu's restore of unacked messages crash the worker (decision 0016).
CELERY_BROKER_TRANSPORT_OPTIONS = {"ack_emulation": False}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULE = {
    # Finds every due delivery or inbox item, whatever happened to their wake-ups.
    "federation-sweep": {"task": "federation.tasks.sweep", "schedule": 10.0},
    **{
        f"periodic:{path}": {"task": "node.tasks.run_periodic", "schedule": every, "args": [path]}
        for path, every in PERIODIC_JOBS
    },
}

# Federation: open, blocklist (both: all but DomainRule "block") or allowlist (only "allow"
# rules). Anything else stops the node: a typo must not open it to everyone (fail closed).
TREMPLIN_FEDERATION_MODE = os.environ.get("TREMPLIN_FEDERATION_MODE", "open").strip().lower()
_FEDERATION_MODES = ("open", "blocklist", "allowlist")  # federation.policy.MODES
if TREMPLIN_FEDERATION_MODE not in _FEDERATION_MODES:
    raise ImproperlyConfigured(
        f"TREMPLIN_FEDERATION_MODE={os.environ['TREMPLIN_FEDERATION_MODE']!r} is not a "
        f"federation mode; use one of: {', '.join(_FEDERATION_MODES)}."
    )
# Development only: fetch and deliver to loopback and private addresses over plain http.
TREMPLIN_ALLOW_PRIVATE_FETCH = _env_bool("TREMPLIN_ALLOW_PRIVATE_FETCH")
# A network call (fetch, delivery, email) inside a database transaction raises instead of
# logging a warning (node/transactions.py); the tests and the test nodes turn it on.
TREMPLIN_STRICT_TRANSACTIONS = _env_bool("TREMPLIN_STRICT_TRANSACTIONS", DEBUG)
# Scales delivery retry delays and pauses (tests and local federation use 0.1).
TREMPLIN_RETRY_SCALE = float(os.environ.get("TREMPLIN_RETRY_SCALE", "1"))
# Deliveries to one host in flight at once: keep it below the worker's concurrency, so
# that a peer that hangs never takes every worker (federation/outgoing/delivery.py).
TREMPLIN_DELIVERY_PER_HOST = int(os.environ.get("TREMPLIN_DELIVERY_PER_HOST", "1"))
# New conversations an organisation may start in 24 hours (counted in the database).
TREMPLIN_CONTACT_PER_DAY = int(os.environ.get("TREMPLIN_CONTACT_PER_DAY", "20"))
# Retention (federation/work/retention.py, network/retention.py): finished inbox items,
# deliveries and sent activities, and read notifications, are deleted after so many days.
TREMPLIN_KEEP_INBOX_DAYS = float(os.environ.get("TREMPLIN_KEEP_INBOX_DAYS", "14"))
TREMPLIN_KEEP_DELIVERIES_DAYS = float(os.environ.get("TREMPLIN_KEEP_DELIVERIES_DAYS", "14"))
TREMPLIN_KEEP_NOTIFICATIONS_DAYS = float(os.environ.get("TREMPLIN_KEEP_NOTIFICATIONS_DAYS", "90"))
# Rate limits (node/ratelimit.py): "hits/seconds"; 0 turns a limit off.
TREMPLIN_RATE_LIMITS = {
    "login_ip": os.environ.get("TREMPLIN_RATE_LOGIN_IP", "30/300"),
    "login_user": os.environ.get("TREMPLIN_RATE_LOGIN_USER", "10/300"),
    "signup_ip": os.environ.get("TREMPLIN_RATE_SIGNUP_IP", "10/3600"),
    "inbox_host": os.environ.get("TREMPLIN_RATE_INBOX_HOST", "300/60"),
    # Inbox requests whose signature did not verify, per sending address.
    "inbox_unverified": os.environ.get("TREMPLIN_RATE_INBOX_UNVERIFIED", "60/60"),
}
# Proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated):
# the nginx in front. Anyone else's header is ignored. A typo stops the node.
TREMPLIN_TRUSTED_PROXIES = os.environ.get("TREMPLIN_TRUSTED_PROXIES", "127.0.0.1/32,::1/128")
for _proxy in filter(None, (part.strip() for part in TREMPLIN_TRUSTED_PROXIES.split(","))):
    ipaddress.ip_network(_proxy, strict=False)
# New follows accepted from one remote host per hour: in all, and of one person
# (federation/peers/follow_caps.py); past them a Follow gets a Reject. 0 turns a cap off.
TREMPLIN_FOLLOWS_PER_HOST_HOUR = int(os.environ.get("TREMPLIN_FOLLOWS_PER_HOST_HOUR", "30"))
TREMPLIN_FOLLOWS_PER_HOST_PERSON_HOUR = int(
    os.environ.get("TREMPLIN_FOLLOWS_PER_HOST_PERSON_HOUR", "10")
)
# Mention notifications one remote account may cause per hour, all people together
# (network/posts.py); past it, its mentions are not notified.
TREMPLIN_MENTIONS_PER_SENDER_HOUR = int(os.environ.get("TREMPLIN_MENTIONS_PER_SENDER_HOUR", "20"))
# A signature that fails with a known key refetches that key at most once in this time.
TREMPLIN_KEY_REFETCH_SECONDS = int(os.environ.get("TREMPLIN_KEY_REFETCH_SECONDS", "300"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The visitor's choice (cookie, set from the header's language list), else their browser's
# Accept-Language among LANGUAGES, else the node's language: French unless
# TREMPLIN_LANGUAGE says otherwise (the pilot's people, not English speakers). English is
# the source language: a string not yet translated falls back to it.
LANGUAGE_CODE = os.environ.get("TREMPLIN_LANGUAGE", "fr")
LANGUAGES = INTERFACE_LANGUAGES
LOCALE_PATHS = [BASE_DIR / "node" / "locale"]
TIME_ZONE = os.environ.get("TZ_NAME", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
# Behind nginx: where its `internal` location serves MEDIA_ROOT from (for example
# "/internal-media/"); the avatar view checks who asks, then answers X-Accel-Redirect.
# Empty (`make run`): the view sends the file itself.
TREMPLIN_MEDIA_ACCEL_REDIRECT = os.environ.get("TREMPLIN_MEDIA_ACCEL_REDIRECT", "")
# Uploads bigger than this are refused before they reach a form.
DATA_UPLOAD_MAX_MEMORY_SIZE = 3 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 3 * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # collectstatic writes a .gz beside each text file; no manifest, so a node that never
    # ran collectstatic (tests) still renders {% static %}.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", f"noreply@{TREMPLIN_DOMAIN.split(':')[0]}"
)

SESSION_COOKIE_SECURE = TREMPLIN_SCHEME == "https"
CSRF_COOKIE_SECURE = TREMPLIN_SCHEME == "https"
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if TREMPLIN_SCHEME == "https" and not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
