"""Settings for OpenMAPPA, driven by environment variables.

The defaults are the safe production ones: DEBUG off, no hosts allowed, secure cookies,
demo mode off. Local development and the demo turn things on explicitly (see scripts/run).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from openmappa.database import database_settings

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("DJANGO_DEBUG")
# Demo mode relaxes MFA for the seeded demo users only. Never on in production.
MAPPA_DEMO = env_flag("MAPPA_DEMO")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or MAPPA_DEMO:
        SECRET_KEY = "insecure-local-only-key-never-use-in-production-0123456789abcdef"  # noqa: S105
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set (DEBUG and MAPPA_DEMO are off).")
# Earlier keys, still accepted for what they signed while a new SECRET_KEY is rolled out.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    # The kernel's building blocks: installed only for the input policy it sets up at start.
    "kernel",
    # The project's apps, in their layers from the bottom up: each imports only the apps
    # before it (tests/test_import_graph.py; docs/decisions/0050-kernel-and-layers.md).
    "audit",
    "accounts",
    "access",
    "drafts",
    "register",
    "cases",
    "referrals",
    "meetings",
    "custody",
    "transfers",
    "plans",
    "disclosure",
    "victims",
    "orders",
    "visits",
    "notifications",
    "clocks",
    "worklists",
    "reports",
    "ui",
    "devdata",
]

MIDDLEWARE = [
    # First: the client's address and scheme, from our own proxies only (TRUSTED_PROXIES).
    "kernel.client_address.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before anything reads a field: the NUL character is refused with a 400 naming it.
    "kernel.input_checks.RejectNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "drafts.middleware.DraftsClearedOnSaveMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "access.middleware.DeclaredAccessRuleMiddleware",
    "access.middleware.NoStoreMiddleware",
    # Last, so it can turn a locked-out sign-in into the lockout answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "openmappa.urls"
WSGI_APPLICATION = "openmappa.wsgi.application"

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
                "openmappa.context_processors.service",
                "accounts.context_processors.session_timeout",
                "worklists.context_processors.notifications",
            ],
        },
    },
]

# Timeouts, health checks and SQLite's locking: openmappa/database.py.
DATABASES = {"default": database_settings(os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))}
# /healthz answers 503 when the database has not answered within this time (openmappa/health.py).
HEALTH_CHECK_SECONDS = float(os.environ.get("HEALTH_CHECK_SECONDS", "1.5"))
# During an outage, pages and the API answer 503 and ask clients to come back after this.
RETRY_AFTER_SECONDS = int(os.environ.get("RETRY_AFTER_SECONDS", "30"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# Where the kernel keeps the first answer to each Idempotency-Key (kernel/idempotency.py).
IDEMPOTENT_REQUEST_MODEL = "access.IdempotentRequest"
# How long (seconds) a stored answer replays; older ones are purged (purge_idempotency_keys).
IDEMPOTENCY_TTL = int(os.environ.get("IDEMPOTENCY_TTL", str(24 * 60 * 60)))

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in: the lockout backend first (it refuses a locked-out username and address before
# any password is checked), then Django's own. See docs/decisions/0007-authentication.md.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# django-axes: 5 failures (wrong password or wrong security code) for one username from one
# address lock that pair out for 15 minutes. Never a permanent lock, and further attempts
# during the cool-off do not extend it, so nobody can keep another person locked out.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password", "code", "otp"]
AXES_VERBOSE = False
# Successful sign-ins are in the audit log already.
AXES_DISABLE_ACCESS_LOG = True
# The client's address as the trusted proxies give it (REMOTE_ADDR once resolved), never a
# header the client wrote itself.
AXES_CLIENT_IP_CALLABLE = "kernel.client_address.axes_client_ip"
# TOTP (django-otp): the issuer shown in authenticator apps.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "OpenMAPPA")
# A worklist asks its sources side by side on this many threads, each with a database
# connection of its own (PostgreSQL only; 1 asks them in turn): worklists/parallel.py.
WORKLIST_THREADS = int(os.environ.get("WORKLIST_THREADS", "2"))

# Rate limits per client address (DRF throttling, also applied to the sign-in pages). Their
# counts live in the cache: per process by default; DJANGO_CACHE=database shares them
# between workers (run `manage.py createcachetable` once).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "openmappa_cache"}
    if os.environ.get("DJANGO_CACHE") == "database"
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
SIGN_IN_RATE_LIMIT = os.environ.get("SIGN_IN_RATE_LIMIT", "30/min")
TOKEN_RATE_LIMIT = os.environ.get("TOKEN_RATE_LIMIT", "20/min")
# Password reset links, started by an administrator, are single-use and last a day.
PASSWORD_RESET_TIMEOUT = 24 * 60 * 60
# Setting up an authenticator needs a grant from the reset link or from a fresh password and code.
ENROLMENT_GRANT_MINUTES = 30
# Where emailed links point (no request to take the host from when a command sends them).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:sign-in"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static" / "build" / "static"]
# GOV.UK and MOJ stylesheets ask for /assets/...; serve those files at the site root.
WHITENOISE_ROOT = BASE_DIR / "static" / "build" / "root"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Sessions: short-lived, browser-session cookies, secure outside local development.
# Signed out after SESSION_INACTIVITY_MINUTES without a request (with a warning
# SESSION_WARNING_SECONDS before), and after SESSION_ABSOLUTE_HOURS whatever happens.
SESSION_INACTIVITY_MINUTES = float(os.environ.get("SESSION_INACTIVITY_MINUTES", "15"))
SESSION_ABSOLUTE_HOURS = float(os.environ.get("SESSION_ABSOLUTE_HOURS", "10"))
SESSION_WARNING_SECONDS = int(os.environ.get("SESSION_WARNING_SECONDS", "120"))
# Drafts of long forms (what was typed and not yet saved) are kept this many days.
DRAFT_KEEP_DAYS = int(os.environ.get("DRAFT_KEEP_DAYS", "7"))
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(10 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_COOKIES = env_flag("SECURE_COOKIES", default=not (DEBUG or MAPPA_DEMO))
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
# With secure cookies, the __Host- prefix: browsers then accept the cookies only over HTTPS,
# from this host itself (no Domain, Path=/), so no other site on the domain can plant or
# overwrite them. Local development and the demo over http keep the plain names.
SESSION_COOKIE_NAME = "__Host-openmappa-session" if SECURE_COOKIES else "sessionid"
CSRF_COOKIE_NAME = "__Host-openmappa-csrf" if SECURE_COOKIES else "csrftoken"
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None
SESSION_COOKIE_PATH = "/"
CSRF_COOKIE_PATH = "/"
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", default=SECURE_COOKIES)
# The proxies in front of the service (addresses or networks, comma-separated). Only a
# request from one of them may say, in X-Forwarded-For and X-Forwarded-Proto, who the
# client is and that it used HTTPS (kernel/client_address.py). None by default.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if SECURE_COOKIES else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content Security Policy (django-csp 4): only our own files, and inline code only with the
# per-response nonce (templates use {{ request.csp_nonce }}).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.tokens.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # The access rule first (404 when not entitled), then the If-Match the schema declares (428).
    "DEFAULT_PERMISSION_CLASSES": ["kernel.declare.PolicyPermission", "kernel.if_match.IfMatchRequired"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON that the database cannot store (NUL characters, huge numbers, deep nesting) is a
    # 400 naming the field: kernel/parsers.py.
    "DEFAULT_PARSER_CLASSES": [
        "kernel.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "kernel.api_schema.ErrorsDocumentedAutoSchema",
    "EXCEPTION_HANDLER": "kernel.api_errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Throttles count REMOTE_ADDR, which ClientAddressMiddleware has set from the trusted
    # proxies; 0 stops DRF reading X-Forwarded-For itself (with None it would believe it).
    "NUM_PROXIES": 0,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "OpenMAPPA API",
    "DESCRIPTION": "Case management for the Multi-Agency Public Protection Arrangements.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per choice set used by more than one field.
    "ENUM_NAME_OVERRIDES": {
        "CustodyReasonEnum": "custody.models.CustodyReason",
        "ReleaseKindEnum": "custody.models.ReleaseKind",
        "SeriousCaseReviewDecisionEnum": "custody.models.ReviewDecision",
        "PoliceRankEnum": "cases.models.PoliceRank",
        "LevelBasisEnum": "cases.models.LevelBasis",
        "RequirementBasisEnum": "notifications.models.RequirementBasis",
        "RetentionOutcomeEnum": "cases.models.RetentionOutcome",
        "TransferStatusEnum": "transfers.models.TransferStatus",
        # The "status" choice sets of meetings, minutes and requests for minutes: each its own.
        "MeetingStatusEnum": "meetings.models.MeetingStatus",
        "AddressKindEnum": "register.models.AddressKind",
        "MinutesStatusEnum": "meetings.models.MinutesStatus",
        "MinutesRequestStatusEnum": "meetings.models.RequestStatus",
        "JurisdictionEnum": "transfers.models.Jurisdiction",
        "CrossBorderBasisEnum": "transfers.models.CrossBorderBasis",
        # The four-step risk scale (RoSH, likelihood of reoffending): referrals, plans and
        # visits each declare it with the same values and labels, so one name covers all.
        "RiskLevelEnum": "referrals.models.RiskLevel",
        "MappaLevelEnum": "cases.models.Level",
        "RegistrationStatusEnum": "cases.models.RegistrationStatus",
        "GatekeepingDecisionEnum": "referrals.models.GatekeepingDecision",
        "DisputeDecisionEnum": "referrals.models.DisputeDecision",
        "DisclosureRecordDecisionEnum": "disclosure.models.Decision",
        "ChiefOfficerRankEnum": "disclosure.models.ChiefOfficerRank",
        "NotificationKindEnum": "notifications.models.NotificationKind",
        "CivilOrderKindEnum": "orders.models.OrderKind",
        "BreachOutcomeEnum": "orders.models.BreachOutcome",
        "EmergencyAccessReviewOutcomeEnum": "access.models.ReviewOutcome",
        "PlanActionStatusEnum": "plans.models.ActionStatus",
        "HomeVisitStatusEnum": "visits.models.VisitStatus",
        "VisitScheduleKindEnum": "visits.models.ScheduleKind",
        "VictimKindEnum": "victims.models.VictimKind",
        "VictimStatusEnum": "victims.models.VictimStatus",
    },
}

API_TOKEN_LIFETIME_HOURS = int(os.environ.get("API_TOKEN_LIFETIME_HOURS", "8"))
# A token unused for this long stops working before its lifetime ends (401).
API_TOKEN_INACTIVITY_MINUTES = float(os.environ.get("API_TOKEN_INACTIVITY_MINUTES", "60"))

# Email (referral decisions, the action list after a meeting): SMTP in production, set by
# EMAIL_HOST and friends; printed to the console in demo and debug mode.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if (DEBUG or MAPPA_DEMO)
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "openmappa@localhost")
# Break-glass access to a record outside the user's agencies lasts this long (read-only).
EMERGENCY_ACCESS_HOURS = int(os.environ.get("EMERGENCY_ACCESS_HOURS", "4"))
# A share with a duty-to-co-operate agency lasts this long unless the grant says otherwise.
SHARE_GRANT_DAYS = int(os.environ.get("SHARE_GRANT_DAYS", "90"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
