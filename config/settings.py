"""Bridgebook settings, read from the environment (see .env.example and the README).

The embedded defaults run a whole school on one machine with nothing else installed:
SQLite, the database task worker, and a local outbox for email and SMS. Production mode
(BRIDGEBOOK_PRODUCTION=true) insists on a secret key and host names and turns on the
security settings that ``manage.py check --deploy`` looks for.
"""

import json
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str, require

BASE_DIR = Path(__file__).resolve().parent.parent

PRODUCTION = env_bool("BRIDGEBOOK_PRODUCTION", False)
DEBUG = env_bool("BRIDGEBOOK_DEBUG", not PRODUCTION)
# Demo mode shows demo-only helpers (the current second-factor code of seeded staff).
BRIDGEBOOK_DEMO = env_bool("BRIDGEBOOK_DEMO", False)
if PRODUCTION and (DEBUG or BRIDGEBOOK_DEMO):
    raise ImproperlyConfigured(
        "BRIDGEBOOK_PRODUCTION=true cannot be combined with BRIDGEBOOK_DEBUG or BRIDGEBOOK_DEMO."
    )

if PRODUCTION:
    SECRET_KEY = require(
        "BRIDGEBOOK_SECRET_KEY", env_str("BRIDGEBOOK_SECRET_KEY"), "in production mode"
    )
    ALLOWED_HOSTS = env_list("BRIDGEBOOK_ALLOWED_HOSTS", [])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("BRIDGEBOOK_ALLOWED_HOSTS must be set in production mode.")
else:
    SECRET_KEY = env_str(
        "BRIDGEBOOK_SECRET_KEY", "development-only-key-never-used-in-production-0123456789abcdef"
    )
    ALLOWED_HOSTS = env_list("BRIDGEBOOK_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

CSRF_TRUSTED_ORIGINS = env_list("BRIDGEBOOK_CSRF_TRUSTED_ORIGINS", [])
# Where links in emails and text messages point.
BRIDGEBOOK_BASE_URL = env_str("BRIDGEBOOK_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_htmx",
    "django_tasks_db",
    "axes",
    "bridgebook.core",
    "bridgebook.people",
    "bridgebook.accounts",
    "bridgebook.messaging",
    "bridgebook.diary",
    "bridgebook.imports",
    "bridgebook.announcements",
    "bridgebook.translation",
    "bridgebook.targets",
    "bridgebook.questionnaires",
    "bridgebook.timetables",
    "bridgebook.reviews",
    "bridgebook.contact",
    "bridgebook.appointments",
    "bridgebook.agreements",
    "bridgebook.concerns",
    "bridgebook.conduct",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After authentication: a family member reads their own language until they choose.
    "bridgebook.accounts.middleware.FamilyLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "bridgebook.accounts.middleware.HtmxSignInRedirectMiddleware",
    "bridgebook.accounts.middleware.StaffSecondFactorMiddleware",
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # WhiteNoise serves the collected static files when there is no separate web server.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "config.urls"
FORM_RENDERER = "bridgebook.core.forms.GovukFormRenderer"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bridgebook.core.context_processors.bridgebook",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("BRIDGEBOOK_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the task worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rate limits and throttles must be shared by every web worker, so the default cache is
# a table in the main database; REDIS_URL switches to Redis.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                          "LOCATION": "bridgebook_cache"}}
# Rendered fragments of pages (the book's entry cards), under keys that change whenever
# what they show changes, so a worker never needs to hear of another's: each web worker
# keeps its own in memory, or they share Redis when there is one.
CACHES["fragments"] = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
     "KEY_PREFIX": "fragments"} if REDIS_URL else
    {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fragments",
     "OPTIONS": {"MAX_ENTRIES": env_int("BRIDGEBOOK_FRAGMENT_CACHE_ENTRIES", 20000)}})

TASKS = {
    "default": {
        "BACKEND": env_str("BRIDGEBOOK_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "core:home"

# Staff sign in with a password and a TOTP code; turning this off is for trials only.
BRIDGEBOOK_STAFF_2FA = env_bool("BRIDGEBOOK_STAFF_2FA", True)
OTP_TOTP_ISSUER = "Bridgebook"

# Failed staff sign-ins: five tries per account and address, then a 15-minute pause.
AXES_FAILURE_LIMIT = env_int("BRIDGEBOOK_SIGN_IN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("BRIDGEBOOK_SIGN_IN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "bridgebook.accounts.views.locked_out"
AXES_VERBOSE = False
# The client's address behind BRIDGEBOOK_TRUSTED_PROXIES reverse proxies (core/client_ip.py).
AXES_CLIENT_IP_CALLABLE = "bridgebook.core.client_ip.client_ip"
BRIDGEBOOK_TRUSTED_PROXIES = env_int("BRIDGEBOOK_TRUSTED_PROXIES", 0)

# Family sign-in links and codes.
BRIDGEBOOK_FAMILY_LINK_MINUTES = env_int("BRIDGEBOOK_FAMILY_LINK_MINUTES", 15)
BRIDGEBOOK_FAMILY_REQUESTS_PER_HOUR = env_int("BRIDGEBOOK_FAMILY_REQUESTS_PER_HOUR", 5)
BRIDGEBOOK_FAMILY_CODE_ATTEMPTS = 5

# Email: the local outbox by default; SMTP when EMAIL_HOST is set.
_smtp_host = env_str("EMAIL_HOST")
if _smtp_host:
    MAILERS = {"default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": _smtp_host,
            "port": env_int("EMAIL_PORT", 587),
            "username": env_str("EMAIL_HOST_USER"),
            "password": env_str("EMAIL_HOST_PASSWORD"),
            "use_tls": env_bool("EMAIL_USE_TLS", True),
            "timeout": env_int("EMAIL_TIMEOUT", 20),
        },
    }}
else:
    MAILERS = {"default": {"BACKEND": "bridgebook.messaging.backends.outbox.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("BRIDGEBOOK_FROM_EMAIL", "Bridgebook <no-reply@bridgebook.invalid>")

# SMS: the local outbox by default. Later work adds GOV.UK Notify and Twilio backends.
BRIDGEBOOK_SMS = {
    "BACKEND": env_str("BRIDGEBOOK_SMS_BACKEND", "bridgebook.messaging.backends.outbox.SmsBackend"),
    "OPTIONS": {},
}
# Messaging providers, per school (each school its own GOV.UK Notify key): JSON in
# BRIDGEBOOK_MESSAGING_JSON, or in the file BRIDGEBOOK_MESSAGING_FILE names. The shape and
# every option are in bridgebook/messaging/backends/config.py; the system check
# messaging.E001 stops start-up when a switched-on provider lacks a setting.
_messaging_json = env_str("BRIDGEBOOK_MESSAGING_JSON")
_messaging_file = env_str("BRIDGEBOOK_MESSAGING_FILE")
if _messaging_json and _messaging_file:
    raise ImproperlyConfigured(
        "Set BRIDGEBOOK_MESSAGING_JSON or BRIDGEBOOK_MESSAGING_FILE, not both.")
if _messaging_file:
    try:
        _messaging_json = Path(_messaging_file).read_text(encoding="utf-8")
    except OSError as _error:
        raise ImproperlyConfigured(
            f"BRIDGEBOOK_MESSAGING_FILE {_messaging_file!r} cannot be read: {_error}") from None
try:
    _messaging = json.loads(_messaging_json) if _messaging_json else {}
except ValueError as _error:
    raise ImproperlyConfigured(f"BRIDGEBOOK_MESSAGING is not valid JSON: {_error}") from None
if not isinstance(_messaging, dict) or not isinstance(_messaging.get("schools", {}), dict):
    raise ImproperlyConfigured(
        'BRIDGEBOOK_MESSAGING must be a JSON object like {"default": {...}, "schools": {...}}.')
BRIDGEBOOK_MESSAGING = {
    **_messaging,
    "default": {
        "EMAIL": {"BACKEND": "bridgebook.messaging.backends.smtp.MailerBackend",
                  "OPTIONS": {"MAILER": "default"}},
        "SMS": BRIDGEBOOK_SMS,
        "FALLBACK_SMS_AFTER_MINUTES": None,
        **_messaging.get("default", {}),
    },
    "schools": _messaging.get("schools", {}),
}

# The outbox page shows what would have been sent; on by default outside production.
# The outbox page shows every kept message, sign-in links included, to anyone who opens
# it: only the demo has it unless asked for (a pilot left out of production mode must not
# hand a visitor a family's sign-in link).
BRIDGEBOOK_OUTBOX_PAGE = env_bool("BRIDGEBOOK_OUTBOX_PAGE", BRIDGEBOOK_DEMO)
if PRODUCTION and BRIDGEBOOK_OUTBOX_PAGE:
    raise ImproperlyConfigured("BRIDGEBOOK_OUTBOX_PAGE must stay off in production mode.")

# Machine translation of what families read (bridgebook/translation/backends/): none by
# default (the original is shown). BRIDGEBOOK_TRANSLATION_BACKEND is none, local (marks text
# "[pl] …" for demos), libretranslate (needs BRIDGEBOOK_LIBRETRANSLATE_URL), argos (Argos
# Translate in process, with its language packages installed) or a dotted path. The system
# check translation.E001 stops start-up when a switched-on backend lacks a setting.
BRIDGEBOOK_TRANSLATION = {
    "BACKEND": env_str("BRIDGEBOOK_TRANSLATION_BACKEND", "none"),
    "OPTIONS": {
        "URL": env_str("BRIDGEBOOK_LIBRETRANSLATE_URL"),
        "API_KEY": env_str("BRIDGEBOOK_LIBRETRANSLATE_API_KEY"),
        "TIMEOUT": env_int("BRIDGEBOOK_TRANSLATION_TIMEOUT_SECONDS", 5),
    },
}

LANGUAGE_CODE = "en-gb"
LANGUAGES = [
    ("en-gb", "English"),
    ("pl", "Polski"),
    ("ro", "Română"),
    ("pa", "ਪੰਜਾਬੀ"),
    ("ur", "اردو"),
    ("bn", "বাংলা"),
    ("gu", "ગુજરાતી"),
    ("pt", "Português"),
    ("es", "Español"),
    ("ar", "العربية"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "bridgebook" / "static",
    BASE_DIR / "build" / "static",
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "bridgebook.core.storage.StaticFilesStorage"
        if PRODUCTION else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("BRIDGEBOOK_MEDIA_ROOT", str(BASE_DIR / "media")))

SESSION_COOKIE_AGE = env_int("BRIDGEBOOK_SESSION_HOURS", 12) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("BRIDGEBOOK_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("BRIDGEBOOK_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("BRIDGEBOOK_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading is a choice for whoever owns the whole domain (a school's Bridgebook
        # is often a subdomain of its website) and is hard to undo, so it stays off unless
        # asked for; check --deploy's reminder (W021) is answered here rather than ignored.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("BRIDGEBOOK_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
