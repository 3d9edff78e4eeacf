"""Majlis settings: every value comes from the environment, documented in the README."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.conf import locale
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from majlis.embed.headers import static_headers
from majlis.lib.email_url import email_settings
from majlis.lib.env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent

DEBUG = envbool("DEBUG", False)
# `make run`: the public development key and the demo accounts are allowed, and nothing else
# is different. Never set it on a site that readers use.
MAJLIS_DEMO = envbool("MAJLIS_DEMO", False)
# Public (it is in the source): anyone could sign a form token or a session with it.
_DEVELOPMENT_KEY = "majlis-development-key-not-for-production"
SECRET_KEY = envstr("SECRET_KEY", "") or _DEVELOPMENT_KEY
if SECRET_KEY == _DEVELOPMENT_KEY and not (DEBUG or MAJLIS_DEMO):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a long random value (the development key is public), "
        "unless DEBUG=1 or MAJLIS_DEMO=1 for a demonstration"
    )

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Serves the API documentation's assets locally instead of from a CDN.
    "ninja",
    "corsheaders",
    "majlis.accounts",
    "majlis.sites",
    "majlis.readers",
    "majlis.articles",
    "majlis.comments",
    "majlis.reports",
    # Standings of commenters (trusted, pre-moderated, banned) and disposable-mail domains.
    "majlis.commenters",
    # Comments sent up to an editor, with a note.
    "majlis.escalations",
    "majlis.desk",
    "majlis.api",
    "majlis.demo",
    "majlis.moderation",
    "majlis.learning",
    "majlis.ops",
    "majlis.porting",
    "majlis.perspective",
    "majlis.webhooks",
    # Commenters are told of decisions by email, may appeal one, and may take their data.
    "majlis.notices",
    "majlis.appeals",
    "majlis.privacy",
    # /embed.js and /count.js: the thread on the newsroom's own pages.
    "majlis.embed",
    "majlis.dashboard",
    # Django's Tasks API (the backport) and its database queue: assessments are durable.
    "django_tasks",
    "django_tasks_db",
    # Failed sign-ins, counted per username and client; lockouts are visible in the admin.
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Database errors from any view below become a 503 with Retry-After, not a 500.
    "majlis.ops.middleware.DatabaseUnavailableMiddleware",
    # Cross-origin reads and posts, for the origins of the newsroom's sites only (their
    # pages embed threads): majlis.sites.cors decides
    # (inside the 503 middleware: the check reads the database).
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the session and CSRF middleware, so it sees the cookies they set; after
    # WhiteNoise, so static files stay cacheable.
    "majlis.lib.middleware.PrivateResponseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware, plus ?lang= for the desk.
    "majlis.lib.middleware.QueryLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A NUL or lone surrogate in the URL or a form field is a 400, never a 500 further in.
    "majlis.lib.storable.StorableTextMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "majlis.urls"
WSGI_APPLICATION = "majlis.wsgi.application"

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
                "django.template.context_processors.i18n",
            ],
            # Language names, category labels and isolated numbers, on every page and mail.
            "builtins": ["majlis.lib.templatetags.readable"],
        },
    },
]

# SQLite in the project directory unless DATABASE_URL names another database. Connections
# persist for DATABASE_CONN_MAX_AGE seconds on either engine (each thread has its own), and
# are checked before reuse, so a request does not pay for a new one.
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{PROJECT_DIR / 'majlis.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers continue while a comment is written; FULL sync makes an acknowledged
    # comment survive a power cut; the timeout rides out short locks. The PRAGMAs run once,
    # when a connection opens.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "desk:queue"
LOGOUT_REDIRECT_URL = "articles:front"

# django-axes first: it refuses a locked-out username and client before the password is read.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

# The cache holds rate-limit counters, so every process must share it: Redis where REDIS_URL
# names one, otherwise a table in the database (created by `majlis migrate`), which every
# process and host on that database shares. The suite swaps in local memory (conftest.py).
# Migration comments 0004 creates the table under this name.
CACHE_TABLE = "majlis_cache"
REDIS_URL = envstr("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "majlis.lib.cache.DatabaseCache",
            "LOCATION": CACHE_TABLE,
            # Culling past the limit would drop live counters; expired ones go first anyway.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    )
}

# The interface languages: the newsroom's six. Kurmanji is not in Django's table yet.
locale.LANG_INFO.setdefault(
    "kmr",
    {"bidi": False, "code": "kmr", "name": "Northern Kurdish (Kurmanji)", "name_local": "Kurmancî"},
)
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ckb", _("Central Kurdish (Sorani)")),
    ("kmr", _("Northern Kurdish (Kurmanji)")),
    ("ar", _("Arabic")),
    ("fa", _("Persian")),
    ("tr", _("Turkish")),
]
LANGUAGES_BIDI = ["ar", "ckb", "fa"]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates as each language writes them, where Django has no formats of its own (Kurmanji) or
# keeps the English order (Arabic's date and time).
FORMAT_MODULE_PATH = ["majlis.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = envstr("TIME_ZONE", "UTC")

STATIC_URL = "static/"
# Where `majlis collectstatic` gathers files for a production server; unset, WhiteNoise serves
# them straight from the package.
STATIC_ROOT = envstr("STATIC_ROOT", "") or None
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Static files are public: pages of the newsroom's sites load the embed's stylesheets.
WHITENOISE_ADD_HEADERS_FUNCTION = static_headers

# Security -----------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# SECURE_COOKIES=1 says the site is served over HTTPS: every cookie is sent over it only, and
# browsers are told (HSTS) never to use plain HTTP for it again.
SECURE_COOKIES = envbool("SECURE_COOKIES", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60) if SECURE_COOKIES else 0
# Behind a proxy that ends TLS and sets X-Forwarded-Proto (and strips any a client sent).
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if envbool("SECURE_PROXY_SSL", False) else None
)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# No inline script or style anywhere: scripts and styles come from our static files only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        # As X-Frame-Options DENY: no page is framed, anywhere.
        "frame-ancestors": [NONE],
    }
}

# Where the client address comes from, for rate limits and sign-in lockouts alike; behind a
# proxy, the header it sets (the last address in it is the one the proxy saw).
# (`majlis.comments.limits.client_ip` reads it; django-ratelimit's own reading is not used.)
RATELIMIT_IP_META_KEY = envstr("RATELIMIT_IP_META_KEY", "REMOTE_ADDR")
RATELIMIT_VIEW = None

# Sign-in lockout (django-axes): after this many failures for one username from one client,
# that pair is refused for the cool-off time, the right password included.
AXES_FAILURE_LIMIT = envint("MAJLIS_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("MAJLIS_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Its start-up banner would land in the output of every `majlis` command.
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "majlis.comments.limits.client_ip"
# A 429 page that says how long to wait, in the reader's language.
AXES_LOCKOUT_CALLABLE = "majlis.accounts.lockout.locked_out"

# The public comment form.
MAJLIS = {
    "COMMENT_MAX_LENGTH": envint("MAJLIS_COMMENT_MAX_LENGTH", 5000),
    "NAME_MAX_LENGTH": 80,
    # How long a signed form stays valid, in seconds.
    "FORM_MAX_AGE": envint("MAJLIS_FORM_MAX_AGE", 2 * 60 * 60),
    # django-ratelimit rates, e.g. "5/m": per client address and per email address.
    "RATE_PER_CLIENT": envstr("MAJLIS_RATE_PER_CLIENT", "10/m"),
    "RATE_PER_EMAIL": envstr("MAJLIS_RATE_PER_EMAIL", "5/m"),
    # Reports of published comments per client address (attempts, valid or not).
    "REPORT_RATE_PER_CLIENT": envstr("MAJLIS_REPORT_RATE_PER_CLIENT", "10/h"),
    "PAGE_SIZE": envint("MAJLIS_PAGE_SIZE", 50),
    # Top-level comments (each with all its replies) per page of the article page.
    "THREAD_PAGE_SIZE": envint("MAJLIS_THREAD_PAGE_SIZE", 20),
    # Public reads (the article page, the thread JSON) are kept this long in the shared cache;
    # a decision or an edit makes a new entry at once, whatever is left of this. 0: no cache.
    "READ_CACHE_SECONDS": envint("MAJLIS_READ_CACHE_SECONDS", 300),
    # What browsers and CDNs may do with a public read: keep it this long, then serve it stale
    # this much longer while they revalidate it.
    "HTTP_MAX_AGE": envint("MAJLIS_HTTP_MAX_AGE", 30),
    "HTTP_STALE_SECONDS": envint("MAJLIS_HTTP_STALE_SECONDS", 60),
    # Assess comments on threads of the web process (`make run`); production runs `majlis worker`.
    "WORKER_IN_PROCESS": envbool("MAJLIS_WORKER_IN_PROCESS", False),
    # A failed assessment is retried this many times, with a growing delay, before it is
    # left to a person (the comment stays pending either way).
    "ASSESS_MAX_ATTEMPTS": envint("MAJLIS_ASSESS_MAX_ATTEMPTS", 5),
    # A pending comment without an assessment after this many seconds is overdue: the worker
    # enqueues it again and the desk says so.
    "ASSESS_GRACE_SECONDS": envint("MAJLIS_ASSESS_GRACE_SECONDS", 300),
    "RECONCILE_SECONDS": envint("MAJLIS_RECONCILE_SECONDS", 60),
    # A worker claims this many comments at a time, for this long (renewed while it works):
    # a claim of a worker that died runs out and the comments are assessed by another.
    "ASSESS_BATCH_SIZE": envint("MAJLIS_ASSESS_BATCH_SIZE", 128),
    "ASSESS_LEASE_SECONDS": envint("MAJLIS_ASSESS_LEASE_SECONDS", 60),
    # Domains whose links are citations rather than promotion (comma-separated), besides the
    # article's own site and SITE_URL.
    # Learning from the desk (`majlis learn`): the worker learns each site's models this
    # often (0: never), once that many people's decisions are new since its last try; a
    # language gets a model only from this many decisions (30 of each verdict at least).
    "LEARN_INTERVAL_HOURS": envint("MAJLIS_LEARN_INTERVAL_HOURS", 24),
    "LEARN_MIN_NEW_DECISIONS": envint("MAJLIS_LEARN_MIN_NEW_DECISIONS", 100),
    "LEARN_MIN_DECISIONS": envint("MAJLIS_LEARN_MIN_DECISIONS", 200),
    # Webhook deliveries and mail the worker sent are deleted this many days after they were
    # queued (0: kept for ever); failed ones stay until a person deals with them.
    "OUTBOX_RETENTION_DAYS": envint("MAJLIS_OUTBOX_RETENTION_DAYS", 30),
    "TRUSTED_DOMAINS": frozenset(d.lower() for d in envlist("MAJLIS_TRUSTED_DOMAINS", [])),
}

# A cached page carries the form token it was rendered with: however long the page is kept,
# here and downstream, the token must stay far from its expiry.
_longest_kept = sum(MAJLIS[k] for k in ("READ_CACHE_SECONDS", "HTTP_MAX_AGE", "HTTP_STALE_SECONDS"))
if _longest_kept > MAJLIS["FORM_MAX_AGE"] // 4:
    raise ImproperlyConfigured(
        "MAJLIS_READ_CACHE_SECONDS + MAJLIS_HTTP_MAX_AGE + MAJLIS_HTTP_STALE_SECONDS "
        f"({_longest_kept}) must stay under a quarter of MAJLIS_FORM_MAX_AGE "
        f"({MAJLIS['FORM_MAX_AGE']}): a cached page's form would expire too soon"
    )
for _name, _least in (
    ("PAGE_SIZE", 1),
    ("THREAD_PAGE_SIZE", 1),
    ("READ_CACHE_SECONDS", 0),
    ("HTTP_MAX_AGE", 0),
    ("HTTP_STALE_SECONDS", 0),
    ("OUTBOX_RETENTION_DAYS", 0),
):
    if MAJLIS[_name] < _least:
        raise ImproperlyConfigured(f"MAJLIS_{_name} must be at least {_least}")

# CORS (django-cors-headers): on the public API's article paths and readers' reports, for an
# origin one of the sites lists (majlis.sites.cors); never with cookies, which the embed does
# not use.
CORS_URLS_REGEX = r"^/api/v1/(articles/|embed/|comments/[0-9]+/reports$)"
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS", "POST")
CORS_ALLOW_HEADERS = ("accept", "content-type", "idempotency-key", "if-none-match")
CORS_EXPOSE_HEADERS = ("Retry-After", "ETag")
CORS_PREFLIGHT_MAX_AGE = 600

# Mail to commenters (decisions, appeals, their data): EMAIL_URL names the backend and server
# (majlis.lib.email_url); unset, messages are printed to the console, as the demo does.
globals().update(email_settings(envstr("EMAIL_URL", "") or "console://"))
DEFAULT_FROM_EMAIL = envstr("EMAIL_FROM", "Majlis <noreply@localhost>")
# A server that does not answer must not hold a decision's request for long.
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 10)
MAJLIS_MAIL = {
    # How long a rejection's appeal link stays valid (the DSA asks for six months at least).
    "APPEAL_DAYS": envint("MAJLIS_APPEAL_DAYS", 183),
    # How long the link to one's own data stays valid, in hours.
    "PRIVACY_LINK_HOURS": envint("MAJLIS_PRIVACY_LINK_HOURS", 24),
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One line per task start and end is noise beside the requests; failures still show.
        "django_tasks": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
        # Failed sign-ins and lockouts are warnings; a success resetting them is noise.
        "axes": {"level": "WARNING"},
    },
}
