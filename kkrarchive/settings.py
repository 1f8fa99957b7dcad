"""Settings, all from the environment (see README "Configuration")."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

from kkrarchive.database import database_config

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if env_bool("REQUIRE_SECRET_KEY", False):
        raise RuntimeError("SECRET_KEY must be set")
    # Local runs only: one random key kept beside the embedded database, so every gunicorn worker and every
    # restart signs sessions and CSRF tokens alike. Production sets SECRET_KEY (docker-compose requires it).
    _key_file = Path(os.environ.get("KKRARCHIVE_DATA_DIR") or BASE_DIR / ".data") / "secret_key"
    try:
        SECRET_KEY = _key_file.read_text().strip()
    except FileNotFoundError:
        _key_file.parent.mkdir(parents=True, exist_ok=True)
        SECRET_KEY = secrets.token_urlsafe(50)
        _key_file.write_text(SECRET_KEY)
        _key_file.chmod(0o600)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_filters",
    # Throttles the admin login: lockout after a few failures per user and per IP (see "Admin login").
    "axes",
    "kkrarchive.apps.ProjectConfig",
    "meetings",
    "search",
    "ingest",
    "opendata",
    "bench",
    "harvest",
    "alerts",
    # Background work: its jobs table and the worker (`manage.py procrastinate worker`), see "Background work".
    "procrastinate.contrib.django",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the database: whether this request's reads may go to a replica.
    "kkrarchive.replicas.ReplicaReadsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check: a POST to a read-only page is a 405, not a 403.
    "meetings.middleware.ReadOnlyMethodsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "meetings.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kkrarchive.urls"
WSGI_APPLICATION = "kkrarchive.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Timeouts, so that a database that is down or hung costs a request seconds, never a worker (docs/reliability.md):
# the server cancels a statement after DB_STATEMENT_TIMEOUT_MS; the client cuts a call still waiting
# DB_CLIENT_TIMEOUT_S later (a hung server never cancels anything: meetings.middleware); both stay below
# gunicorn's worker timeout (gunicorn.conf.py refuses to start otherwise). TCP keepalives and
# tcp_user_timeout notice a server whose host or network is gone; connect_timeout (DB_CONNECT_TIMEOUT, 3 s)
# a server that accepts no connection.
DB_STATEMENT_TIMEOUT_MS = int(os.environ.get("DB_STATEMENT_TIMEOUT_MS", "10000"))
DB_CLIENT_TIMEOUT_S = DB_STATEMENT_TIMEOUT_MS / 1000 + 2
DATABASES = {
    "default": database_config({**os.environ, "DB_STATEMENT_TIMEOUT_MS": str(DB_STATEMENT_TIMEOUT_MS)})
}
DATABASES["default"]["OPTIONS"].update(
    {
        "keepalives": 1,
        "keepalives_idle": 10,
        "keepalives_interval": 5,
        "keepalives_count": 3,
        "tcp_user_timeout": 15000,
    }
)
# Read replicas (docs/scaling.md): DATABASE_REPLICA_URLS, comma-separated streaming standbys of the primary.
# Public pages, the search and the API read from them; writes, the admin, subscriptions, commands and workers use
# the primary. A replica further behind than DATABASE_REPLICA_MAX_LAG_SECONDS, or down, is skipped for a while.
from kkrarchive.replicas import replica_databases  # noqa: E402

DATABASES.update(replica_databases(os.environ, DATABASES["default"]))
DATABASE_ROUTERS = ["kkrarchive.replicas.ReplicaRouter"]
DATABASE_REPLICA_MAX_LAG_SECONDS = float(os.environ.get("DATABASE_REPLICA_MAX_LAG_SECONDS", "30"))
# What /healthz reports beside the primary (dotted paths of functions returning a dict to merge in).
HEALTHZ_REPORTS = ["kkrarchive.replicas.health_report"] if len(DATABASES) > 1 else []
# A kept connection is checked (SELECT 1) once per request; that check may take this long.
DB_CHECK_TIMEOUT_S = float(DATABASES["default"]["OPTIONS"]["connect_timeout"])
# /healthz runs its SELECT 1 under its own short statement timeout, and the client gives it a second more.
HEALTHZ_STATEMENT_TIMEOUT_MS = int(os.environ.get("HEALTHZ_STATEMENT_TIMEOUT_MS", "1000"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Admin login: django-axes counts failed logins per username and per client IP; after LOGIN_FAILURE_LIMIT
# failures of either, that username or IP is refused (429), a correct password included, until
# LOGIN_COOLOFF_MINUTES have passed since the last failure. Behind the reverse proxy the client IP is the
# proxy's CLIENT_IP_HEADER (X-Real-IP with deploy/nginx.conf), trusted only when that variable is set.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "meetings.middleware.client_ip"
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "").strip()
# Where a login goes when its next= is missing or unsafe (another host): the admin, never a 404.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk")]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# The original file of every ingested document, content-addressed (its SHA-256), served at /kilder/<sha256>/.
# A directory here; production may name another backend of Django's storage API (an S3-compatible store
# through django-storages, configured by that package's own settings).
ORIGINALS_DIR = Path(
    os.environ.get("KKRARCHIVE_ORIGINALS_DIR")
    or Path(os.environ.get("KKRARCHIVE_DATA_DIR") or BASE_DIR / ".data") / "originals"
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "originals": {
        "BACKEND": os.environ.get("ORIGINALS_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": {} if os.environ.get("ORIGINALS_STORAGE_BACKEND") else {"location": str(ORIGINALS_DIR)},
    },
    # Compressed, content-hashed files served by whitenoise with far-future cache headers.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if env_bool("STATIC_NO_MANIFEST", False):  # lets tests render templates without running collectstatic
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# Security headers. The pages carry no inline script or style, so the policy needs no 'unsafe-inline'.
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER=1 (trusts X-Forwarded-Proto: https) and
# SECURE_SSL_REDIRECT=1. HSTS is off until SECURE_HSTS_SECONDS is set, because it cannot be taken back.
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Cookies only matter to the staff admin; secure by default, off for a plain-http local run.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_HTTPONLY = True

# One line per event ("time level logger message"): kkrarchive.logging.OneLineFormatter folds multi-line
# messages and tracebacks into their record's line. Slow queries (over SLOW_QUERY_MS, default 500) are logged
# as WARNING on "kkrarchive.db"; every ingest result as one line on "kkrarchive.ingest".
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {
            "class": "kkrarchive.logging.OneLineFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # httpx logs every request at INFO; the harvester logs one line per run and per refusal itself.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "httpx": {"level": "WARNING"}},
}

# Mail (alerts), as Django 6.1's MAILERS: the SMTP backend when EMAIL_HOST is set (the environment variables keep
# their old names); the console otherwise (`make run`), so a local archive never tries to reach a mail server.
# A provider (django-anymail, say) is plugged in with EMAIL_BACKEND and its own settings.
def _mailer(environ) -> dict:
    if environ.get("EMAIL_BACKEND"):
        return {"BACKEND": environ["EMAIL_BACKEND"]}
    if not environ.get("EMAIL_HOST"):
        return {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": environ["EMAIL_HOST"],
            "port": int(environ.get("EMAIL_PORT", "25")),
            "username": environ.get("EMAIL_HOST_USER", ""),
            "password": environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "use_ssl": env_bool("EMAIL_USE_SSL", False),
            "timeout": int(environ.get("EMAIL_TIMEOUT", "30")),
        },
    }


MAILERS = {"default": _mailer(os.environ)}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Rådsarkivet <noreply@kkrarchive.localhost>")
# Absolute links in mails and feeds (the site's public address, no trailing slash).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Alerts: at most this many confirmation mails per address, and per client address, in one hour.
ALERTS_PER_ADDRESS_PER_HOUR = int(os.environ.get("ALERTS_PER_ADDRESS_PER_HOUR", "3"))
ALERTS_PER_CLIENT_PER_HOUR = int(os.environ.get("ALERTS_PER_CLIENT_PER_HOUR", "10"))

# Background work (procrastinate): tasks live in each app's tasks.py; `manage.py procrastinate worker` runs them.
PROCRASTINATE_AUTODISCOVER_MODULE_NAME = "tasks"

# Harvest (manage.py harvest, and the worker's periodic harvests). The User-Agent names the archive and where
# to reach its keepers; the pause is per host; the limits bound one run of one source.
HARVEST_CONTACT_URL = os.environ.get("HARVEST_CONTACT_URL", f"{SITE_URL}/status/")
HARVEST_USER_AGENT = os.environ.get(
    "HARVEST_USER_AGENT", f"kkrarchive-harvester/1.0 (Danish council archive; +{HARVEST_CONTACT_URL})"
)
HARVEST_DELAY = float(os.environ.get("HARVEST_DELAY", "1.0"))
HARVEST_CONNECT_TIMEOUT = float(os.environ.get("HARVEST_CONNECT_TIMEOUT", "10"))
HARVEST_READ_TIMEOUT = float(os.environ.get("HARVEST_READ_TIMEOUT", "30"))
HARVEST_TOTAL_TIMEOUT = float(os.environ.get("HARVEST_TOTAL_TIMEOUT", "120"))
HARVEST_MAX_PAGES = int(os.environ.get("HARVEST_MAX_PAGES", "20"))
HARVEST_MAX_DOCUMENTS = int(os.environ.get("HARVEST_MAX_DOCUMENTS", "200"))
HARVEST_MAX_BYTES = int(os.environ.get("HARVEST_MAX_BYTES", str(1024 * 1024 * 1024)))
HARVEST_MAX_SECONDS = float(os.environ.get("HARVEST_MAX_SECONDS", "1800"))
# A failed URL waits this long before its first retry, doubling with each failure (up to a week).
HARVEST_RETRY_AFTER = float(os.environ.get("HARVEST_RETRY_AFTER", "3600"))
# Announced meetings whose minutes have not arrived this many days after the meeting are listed on /status/.
HARVEST_OVERDUE_DAYS = int(os.environ.get("HARVEST_OVERDUE_DAYS", "14"))
HARVEST_CHROMIUM = os.environ.get("HARVEST_CHROMIUM", "/usr/bin/chromium")
