"""Settings for canbo. Every secret and every deployment choice comes from the environment.

CANBO_DEBUG=1           development and demo (never in production)
CANBO_SECRET_KEY        required unless CANBO_DEBUG=1
DATABASE_URL            default: SQLite at var/canbo.sqlite3; production: postgres://...
CANBO_ALLOWED_HOSTS     comma separated, default "localhost,127.0.0.1"
CANBO_HTTPS=0           the site is served over plain HTTP (an intranet without TLS)
CANBO_SESSION_IDLE_MINUTES  idle session timeout, default 30
CANBO_TRUSTED_PROXIES   reverse proxies whose X-Forwarded-For is believed (addresses, CIDR); default none
CANBO_MFA_REQUIRED      administrators and Sở Nội vụ officers log in with a TOTP code too;
                        default on (off with CANBO_DEBUG=1)
CANBO_REDIS_URL         the cache every application server shares (redis://127.0.0.1:6379/0);
                        default none: each process its own (one server; docs/deploy.md)
CANBO_DB_CONN_MAX_AGE   seconds a process keeps its database connection, default 60
CANBO_MEDIA_ROOT        uploaded and kept files, default CANBO_VAR_DIR/media; with several machines
                        a folder every one of them mounts (docs/deploy.md)
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CANBO_VAR_DIR", BASE_DIR / "var"))

DEBUG = _env_bool("CANBO_DEBUG", False)
SECRET_KEY = os.environ.get("CANBO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Thiếu biến môi trường CANBO_SECRET_KEY (bắt buộc khi chạy thật; CANBO_DEBUG=1 để chạy thử)."
        )
    SECRET_KEY = "django-insecure-canbo-development-only"

# Personal data at rest (core/crypto.py, decisions/0008): 32 random bytes, base64. Without it in
# production the process does not start; losing it loses the CCCDs and sensitive fields: keep it apart
# from the database and its backups. Make one with:
#   python3 -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())'
CANBO_DATA_KEY = os.environ.get("CANBO_DATA_KEY", "")
if not CANBO_DATA_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Thiếu biến môi trường CANBO_DATA_KEY (khóa mã hóa dữ liệu cá nhân, bắt buộc khi chạy thật)."
        )
    CANBO_DATA_KEY = "ZGVtby1vbmx5LWNhbmJvLWtleS0zMi1ieXRlcy0hISE"  # the demo's, never for real data
CANBO_DATA_KEYS_OLD = [k for k in os.environ.get("CANBO_DATA_KEYS_OLD", "").split(",") if k.strip()]

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("CANBO_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h
]

INSTALLED_APPS = [
    "canbo.accounts.admin_apps.CanboAdminConfig",  # django.contrib.admin with the MFA-aware site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "ninja",
    "canbo.core",
    "canbo.audit",
    "canbo.org",
    "canbo.accounts",
    "canbo.plans",
    "canbo.people",
    "canbo.indicators",
    "canbo.decisions",
    "canbo.planning",
    "canbo.evaluation",
    "canbo.positions",
    "canbo.recruitment",
    "canbo.training",
    "canbo.national",
    "canbo.demo",  # the demo province and the benchmarks: above every app, imported by none
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "canbo.audit.middleware.RequestContextMiddleware",
    "canbo.core.middleware.RequestGuardMiddleware",
    "canbo.accounts.middleware.MfaMiddleware",
]

ROOT_URLCONF = "canbo.urls"
WSGI_APPLICATION = "canbo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "canbo" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "canbo.context_processors.canbo",
                "canbo.accounts.context_processors.shell_menu",
            ],
        },
    },
]

if "DATABASE_URL" not in os.environ:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
# Each process (a gunicorn worker, a command) keeps its connection for CANBO_DB_CONN_MAX_AGE seconds
# rather than opening one per request (~2 ms on PostgreSQL), and checks it before reusing it after a
# request (CONN_HEALTH_CHECKS): a connection the database dropped (a restart, a failover) is replaced
# instead of failing the next request. PostgreSQL then holds one connection per worker of every
# server, idle between requests: servers × workers (+ commands) must stay below its max_connections
# (docs/deploy.md).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'canbo.sqlite3'}"),
        conn_max_age=int(os.environ.get("CANBO_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# The embedded database (decisions/0006): readers are not blocked by a writer (WAL), a commit waits
# for the disk once per checkpoint rather than once per transaction (synchronous=NORMAL: a power cut
# may lose the last commits, never the file), and 64 MiB of page cache so that an import of 50,000
# people keeps its indexes in memory (the default 2 MiB spills them). One writer at a time: a
# transaction takes the write lock when it begins (IMMEDIATE), so a second writer waits for it — up
# to the busy timeout — instead of failing half-way ("database is locked"); past the timeout the user
# is told to try again (503), nothing written (core/sqlite.py).
CANBO_SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536",
    "transaction_mode": "IMMEDIATE",
    "timeout": int(os.environ.get("CANBO_SQLITE_BUSY_SECONDS", "20")),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(CANBO_SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Who may see or change which units on a date (core.scoping asks this function, named here so that
# core imports no app).
CANBO_SCOPE_RESOLVER = "canbo.org.scope.visible_unit_ids"
# Called when a plan's targets are loaded or changed, with the user who did it (plans sits below
# indicators, which keeps its measured targets in step).
CANBO_PLAN_TARGETS_SAVED = ["canbo.indicators.services.plan_targets_sync"]
# Called after the organisation changed (an import, the built-in load), inside the same transaction
# and with its actor: the plans' shares follow the tree as recorded (org sits below plans).
CANBO_ORG_CHANGED = ["canbo.plans.services.plans_reschedule"]
# Asked before a post is recorded (a form, the API, an Excel import): the appointment checker, whose
# hard reasons refuse (the political-standard gate among them) and soft ones need a decision and a note.
CANBO_APPOINTMENT_CHECKS: list[str] = ["canbo.decisions.checker.appointment_gate"]
# The foreign-language programme's cohorts, for the forecast of the international-capability share
# (indicators.selectors.language_programme; the training app sits above indicators). Empty: none.
CANBO_LANGUAGE_PROGRAMME = "canbo.training.selectors.language_cohorts"
# Asked before a planning-pool entry is added on a person's page (people sits below the planning app).
CANBO_PLANNING_ENTRY_CHECKS: list[str] = ["canbo.planning.entry_rules.planning_entry_check"]
# The planning pools' yearly reviews, for the decisions app's "pool-review" list (planning sits above it).
CANBO_POOL_REVIEWS = "canbo.planning.selectors.pool_reviews_done"

# The cache (docs/deploy.md, decisions/0014). With several application servers, one Redis they all
# share (Django's own RedisCache), so that what one process puts there every other reads; short
# timeouts, so that a Redis that stopped answering costs a request a second, not a hang. Without
# CANBO_REDIS_URL each process keeps its own in memory: right for one process, and the reason nothing
# that must read the same on every server may rely on the cache without Redis.
CANBO_REDIS_URL = os.environ.get("CANBO_REDIS_URL", "")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CANBO_REDIS_URL,
        "KEY_PREFIX": os.environ.get("CANBO_CACHE_PREFIX", "canbo"),  # two sites on one Redis stay apart
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    if CANBO_REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "canbo"}
}
# Sessions stay in the database (decisions/0014): every server reads them there, so a user logged in
# through one is logged in on all, with no sticky sessions and without Redis; a Redis restart logs
# nobody out. (The cache would save one primary-key read per request, not the write: the idle timeout
# below saves the session on every request.)
SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Vietnamese throughout; dates shown dd/mm/yyyy.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "canbo" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Source maps are fetched only by a browser's developer tools: collected and hashed, not compressed (two
# thirds of the bytes and of collectstatic's time: 36 → 13 CPU-s). nginx's gzip_static falls back to the file.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
# Uploaded files (agencies' report documents) and kept import files: with application servers on
# several machines, a folder they all mount (NFS, a cluster file system); two servers of one machine
# share it as it is (docs/deploy.md).
MEDIA_ROOT = Path(os.environ.get("CANBO_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"

# --- Security baseline -------------------------------------------------------------------
HTTPS = _env_bool("CANBO_HTTPS", not DEBUG)
SESSION_COOKIE_AGE = int(os.environ.get("CANBO_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True  # the timeout counts from the last request: an idle timeout
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and _env_bool("CANBO_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CANBO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Login lockout: 5 failures lock the account+address pair for an hour. The failures are counted in the
# database (axes' default handler, AxesDatabaseHandler), so every application server counts the same
# ones (tests/deploy/test_two_instances.py).
AXES_FAILURE_LIMIT = int(os.environ.get("CANBO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "canbo.core.net.client_ip"
# The reverse proxies whose X-Forwarded-For is believed (core/net.py): comma separated addresses or
# CIDR networks. Empty: nobody's, the address is the connection's (REMOTE_ADDR).
CANBO_TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("CANBO_TRUSTED_PROXIES", "").split(",") if p.strip()
]

# Two-factor login (TOTP, django-otp; docs/accounts.md). Administrators, superusers, staff and Sở Nội
# vụ officers must enrol a device when this is on; a user who has a device is always asked for a code.
CANBO_MFA_REQUIRED = _env_bool("CANBO_MFA_REQUIRED", not DEBUG)
CANBO_MFA_FAILURE_LIMIT = AXES_FAILURE_LIMIT  # wrong codes before the device is locked for an hour
OTP_TOTP_ISSUER = "canbo"
OTP_TOTP_THROTTLE_FACTOR = 0  # the lock above replaces django-otp's growing delay
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Files of imports (personal data) are deleted this many days after the import (`canbo people
# purge-files`, daily by cron; docs/operations.md).
CANBO_IMPORT_FILE_RETENTION_DAYS = int(os.environ.get("CANBO_IMPORT_FILE_RETENTION_DAYS", "90"))
# An export of more people than this needs a stated reason (recorded with the export).
CANBO_EXPORT_REASON_OVER = int(os.environ.get("CANBO_EXPORT_REASON_OVER", "500"))
CANBO_MAX_UPLOAD_BYTES = int(os.environ.get("CANBO_MAX_UPLOAD_MB", "20")) * 1024 * 1024

EMAIL_BACKEND = os.environ.get(
    "CANBO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("CANBO_FROM_EMAIL", "canbo@localhost")
# The address users open canbo at (https://canbo.sonoivu.khanhhoa.gov.vn): mails carry links under it.
# Empty: mails carry the path alone (/ke-hoach/...), which a user completes with the address they know.
CANBO_BASE_URL = os.environ.get("CANBO_BASE_URL", "").rstrip("/")

# What an operator must read: warnings and errors, tracebacks included, to the console and to a file
# (CANBO_LOG_FILE, default var/log/canbo.log; "-" for none). WatchedFileHandler reopens the file when
# logrotate moves it. No personal data is logged (docs/operations.md).
CANBO_LOG_FILE = os.environ.get("CANBO_LOG_FILE", str(VAR_DIR / "log" / "canbo.log"))
LOGGING: dict[str, object] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(process)d: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CANBO_LOG_LEVEL", "WARNING")},
}
if CANBO_LOG_FILE != "-":
    Path(CANBO_LOG_FILE).parent.mkdir(parents=True, exist_ok=True)
    LOGGING["handlers"]["file"] = {  # type: ignore[index]
        "class": "logging.handlers.WatchedFileHandler",
        "filename": CANBO_LOG_FILE,
        "formatter": "plain",
        "encoding": "utf-8",
    }
    LOGGING["root"]["handlers"].append("file")  # type: ignore[index]

# Plan results for the annual evaluation (plans.selectors.evaluation_score): weights of occurrences
# done on time, done late and overdue, and the share of the score given to the yearly report.
CANBO_PLAN_SCORE_WEIGHTS = {"on_time": 1.0, "late": 0.5, "overdue": 0.0}
CANBO_PLAN_SCORE_REPORT_SHARE = float(os.environ.get("CANBO_PLAN_SCORE_REPORT_SHARE", "0.2"))
CANBO_REMIND_DAYS = int(os.environ.get("CANBO_REMIND_DAYS", "7"))

# Indicators (the plan's I.4 targets; RULES.md §6; docs/indicators.md). Each setting with its source:
# "able to work internationally" = a foreign language at level ≥ 4 (Decision 1659/QĐ-TTg 2019) or a
# degree earned abroad; the international share is of cán bộ, công chức — the plan: "Phấn đấu từ 25-30%
# cán bộ đủ khả năng làm việc trong môi trường quốc tế" (viên chức and người lao động are not cán bộ);
# the 1/3-women test counts cán bộ, công chức — the plan: "những cơ quan, đơn vị có từ 1/3 cán bộ, công
# chức nữ trở lên thì phải có cán bộ lãnh đạo là nữ".
CANBO_INTERNATIONAL_MIN_LEVEL = int(os.environ.get("CANBO_INTERNATIONAL_MIN_LEVEL", "4"))
CANBO_INTERNATIONAL_CATEGORIES = ["can_bo", "cong_chuc"]
CANBO_WOMEN_TEST_CATEGORIES = ["can_bo", "cong_chuc"]
# What the share of ethnic-minority leaders is shown beside — not a target: the plan asks for
# ethnic-minority cadres "phù hợp với yêu cầu quản lý của ngành", with no number; Decision 402/QĐ-TTg
# (2016) is read as matching the minority share of the population. The province in force on the date:
# Ninh Thuận until 30/06/2025, Khánh Hòa from 01/07/2025 (Resolution 202/2025/QH15). Shares from the
# domain notes' DATA.md (both "checked"); RULES.md §6 says "about 23.5 %" for Ninh Thuận, unchecked,
# so the checked 23 % is used.
CANBO_ETHNIC_MINORITY_POPULATION = [
    {
        "province": "Ninh Thuận",
        "share": 23.0,
        "valid_to": "2025-06-30",
        "source": "Ninh Thuận năm 2022: 32 dân tộc thiểu số, 170.566 người, khoảng 23% dân số",
    },
    {
        "province": "Khánh Hòa",
        "share": 13.15,
        "valid_from": "2025-07-01",
        "source": "Nghị quyết 202/2025/QH15: tỉnh Khánh Hòa mới có 36 dân tộc thiểu số, khoảng 293.000 "
        "người (13,15% dân số)",
    },
]
# The forecast's baseline (docs/indicators.md, "The engine"), each assumption stated on the page:
# leaders are re-appointed at a term's end (Decree 138/2020/NĐ-CP art. 49(2), RULES.md §2: less than
# 5 years left → a term until retirement, less than 2 → extended until retirement); a post left at
# retirement is filled the next day, at the rates (under 40, women, ethnic minorities) of the
# appointments of the last CANBO_FORECAST_RATE_YEARS years; appointees are 35 (under 40) or 45.
CANBO_FORECAST_REAPPOINT = _env_bool("CANBO_FORECAST_REAPPOINT", True)
CANBO_FORECAST_FILL_VACANCIES = _env_bool("CANBO_FORECAST_FILL_VACANCIES", True)
CANBO_FORECAST_RATE_YEARS = int(os.environ.get("CANBO_FORECAST_RATE_YEARS", "5"))
CANBO_FORECAST_APPOINTEE_AGES = (35, 45)
# Exports for publication only (an option, off by default: "Bản công bố") show counts from 1 to this
# minus 1 as "<5" (Personal Data Protection Law 91/2025/QH15; RULES.md §8: reports to the province's
# own leadership carry exact numbers). 0 turns it off.
CANBO_SUPPRESS_COUNTS_UNDER = int(os.environ.get("CANBO_SUPPRESS_COUNTS_UNDER", "5"))
# The indicator facts kept in memory and in step with the registry's change log (indicators/facts.py,
# decisions/0015); saved under CANBO_INDICATOR_FACTS_DIR for the machine's other processes ("" for
# nowhere). Off: every figure read from the database, as before.
CANBO_INDICATOR_FACTS = _env_bool("CANBO_INDICATOR_FACTS", True)
CANBO_INDICATOR_FACTS_DIR = os.environ.get("CANBO_INDICATOR_FACTS_DIR", str(VAR_DIR / "facts"))
