"""Settings shared by every environment. Everything that differs between machines comes from
environment variables (documented in the README's table)."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "campaign_site"


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "campaign_site",
    "news",
    "bulletins",
    "surveys",
    "plans",
    "screens",
    "subscriptions",
    "documents",
    "feedback",
    "sitesearch",
    "organisation",
    "wagtail.contrib.forms",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.locales",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

# The page cache sits outside sessions and auth (a hit touches neither) but inside the CSP and
# security headers, which every answer gets, cached or not (see campaign_site/middleware.py).
MIDDLEWARE = [
    "campaign_site.request_log.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "campaign_site.middleware.RequestCharsetMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "campaign_site.csp.CachedPolicyCSPMiddleware",  # django-csp's, its headers built once
    "campaign_site.middleware.SecurityHeadersMiddleware",
    # Screen feed polls answered 304 from the cache, before sessions, auth and URL routing.
    "screens.middleware.FeedNotModifiedMiddleware",
    "campaign_site.middleware.PageCacheMiddleware",
    # The request's Wagtail Site from a per-process memo (no query): after the page cache, before routing.
    "campaign_site.site_lookup.CachedSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The address alone picks the language (/en/… English, the rest Vietnamese), never the browser's.
    "campaign_site.middleware.PathLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "campaign_site.middleware.LoginRateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "campaign_site.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "campaign_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "campaign_site.wsgi.application"

# --- Database -------------------------------------------------------------------------------
# SQLite by default, tuned for concurrent writes (WAL, busy timeout, BEGIN IMMEDIATE) so a burst
# of votes waits for the lock instead of failing with "database is locked".
SQLITE_PATH = os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3"))
SQLITE_TIMEOUT_SECONDS = int(os.environ.get("SQLITE_TIMEOUT_SECONDS", "20"))  # wait this long for a lock
# The write that takes the WAL past this many pages copies them back into the database. A feed's ingest
# rewrites much the same index pages each time, so a longer WAL copies each page once for several
# ingests: 4,000 pages (16 MB) took a tenth off an ingest into a full inbox, against SQLite's 1,000.
SQLITE_WAL_AUTOCHECKPOINT = int(os.environ.get("SQLITE_WAL_AUTOCHECKPOINT", "4000"))
SQLITE_OPTIONS = {
    "timeout": SQLITE_TIMEOUT_SECONDS,
    "transaction_mode": "IMMEDIATE",
    "init_command": (
        "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
        f"PRAGMA wal_autocheckpoint={SQLITE_WAL_AUTOCHECKPOINT};"
        f"PRAGMA busy_timeout={SQLITE_TIMEOUT_SECONDS * 1000};PRAGMA foreign_keys=ON;"
    ),
}


def database_from_env() -> dict:
    url = os.environ.get("DATABASE_URL", "").strip()
    # Connections are kept (per thread) for DB_CONN_MAX_AGE seconds on SQLite too: opening one, its
    # PRAGMAs and the schema read of its first query were half of a rendered article's CPU.
    conn_max_age = int(os.environ.get("DB_CONN_MAX_AGE", "60"))
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": SQLITE_OPTIONS,
            "CONN_MAX_AGE": conn_max_age,
            "CONN_HEALTH_CHECKS": True,
        }
    config = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = SQLITE_OPTIONS
    return config


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
# Redis (shared by every worker and machine) when REDIS_URL is set; an unreachable Redis reads as
# cache misses, never as errors (campaign_site/cache_backends.py).
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "campaign_site.cache_backends.SafeRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "campaign",
            "TIMEOUT": 300,
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("REDIS_TIMEOUT_SECONDS", "0.5")),
                "socket_timeout": float(os.environ.get("REDIS_TIMEOUT_SECONDS", "0.5")),
                "RETRY_AFTER": float(os.environ.get("REDIS_RETRY_AFTER_SECONDS", "5")),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "campaign-site",
            "TIMEOUT": 300,
        }
    }

# --- Background work ------------------------------------------------------------------------
# django-tasks: the database backend by default (no extra service), RQ on Redis at scale.
# Workers: `manage.py db_worker` (database backend) or
# `manage.py rqworker default --job-class django_tasks_rq.Job` (RQ).
# With RQ, a task Redis cannot take is recorded by the database backend ("database") instead, and
# `run_scheduler` runs those (campaign_site/task_backends.py).
if REDIS_URL and env_bool("TASKS_USE_RQ", True):
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS = {
        "default": {
            "BACKEND": "campaign_site.task_backends.FallbackRQBackend",
            "QUEUES": ["default"],
            "OPTIONS": {"FALLBACK": "database"},
        },
        "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    RQ_QUEUES = {"default": {"URL": os.environ.get("RQ_REDIS_URL", "").strip() or REDIS_URL, "DEFAULT_TIMEOUT": 600}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Auth -----------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"

# --- Language and time ------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
# Vietnamese is the site at /; English pages (Wagtail localisation) live under /en/ (docs/organisation.md).
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# The project's own catalogue, then our Vietnamese for the admin strings that Wagtail's, Django's and
# taggit's own "vi" catalogues leave in English (scripts/admin_vi_template.py lists them).
LOCALE_PATHS = [PROJECT_DIR / "locale", PROJECT_DIR / "locale_admin"]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True

# A procedure on the national and the city public-service portals ({code} = mã TTHC, e.g. 1.001612).
# National: its search by code (the detail page wants the portal's internal id, not the code); city:
# the portal's home page until a per-procedure address is confirmed (docs/documents.md).
DOCUMENTS_NATIONAL_PROCEDURE_URL = (
    os.environ.get("DOCUMENTS_NATIONAL_PROCEDURE_URL", "").strip()
    or "https://dichvucong.gov.vn/tim-kiem-thu-tuc-hanh-chinh?keyword={code}"
)
DOCUMENTS_CITY_PROCEDURE_URL = (
    os.environ.get("DOCUMENTS_CITY_PROCEDURE_URL", "").strip() or "https://dichvucong.hanoi.gov.vn/"
)

# --- Static and media -----------------------------------------------------------------------
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Citizens' attachments (personal data): outside MEDIA_ROOT, never served by the web server.
FEEDBACK_PRIVATE_ROOT = Path(os.environ.get("FEEDBACK_PRIVATE_ROOT", BASE_DIR / "private" / "feedback"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Media on S3-compatible storage (AWS S3, MinIO, Ceph, Viettel/FPT object storage) when a bucket is
# named, so every machine sees the same uploads. Credentials: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL", "").strip() or None
AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN", "").strip() or None
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": AWS_S3_ENDPOINT_URL,
            "region_name": os.environ.get("AWS_S3_REGION_NAME", "").strip() or None,
            "custom_domain": AWS_S3_CUSTOM_DOMAIN,
            "location": os.environ.get("AWS_LOCATION", "media"),
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
            "file_overwrite": False,
            "default_acl": os.environ.get("AWS_DEFAULT_ACL", "").strip() or None,
        },
    }
    # Documents go through Django so collection privacy still applies.
    WAGTAILDOCS_SERVE_METHOD = "serve_view"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Cải cách hành chính"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The address citizens use (share links, QR codes, canonical, sitemap, feeds, robots.txt); empty: the
# request's own host (campaign_site/public_url.py).
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "").strip().rstrip("/")
# "simple": PostgreSQL's English configuration would drop Vietnamese syllables that look like
# English stop words ("so", "to", "do", "no"), so "sở" would find nothing.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "txt", "csv"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = int(os.environ.get("IMAGE_MAX_UPLOAD_MB", "10")) * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 50_000_000  # refuses decompression bombs
WAGTAILDOCS_MAX_UPLOAD_SIZE = int(os.environ.get("DOCUMENT_MAX_UPLOAD_MB", "20")) * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "campaign_site.uploads.SafeDocumentForm"  # content must match extension
# The admin would otherwise call outside servers from editors' browsers (release check, Gravatar).
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The admin's date widgets show and send day-first dates; campaign_site/formats/ makes Django parse
# them that way in every admin language.
FORMAT_MODULE_PATH = ["campaign_site.formats"]
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# Off: Wagtail's responsive wrapper is an inline style="padding-bottom: …", which the public CSP
# refuses; iframes in content get their 16:9 shape from the stylesheet instead.
WAGTAILEMBEDS_RESPONSIVE_HTML = False

# --- Page cache (campaign_site/cache.py) -------------------------------------------------------
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
# Cookies that make an answer personal (the page cache passes such requests): a reader who rated an
# article (set on that article's path only, news/conf.py) or voted in a poll (surveys/conf.py), so
# their reload shows what they did.
PAGE_CACHE_BYPASS_COOKIES = ("news_rated", "polls_voted")
CACHE_PAGE_SECONDS = int(os.environ.get("CACHE_PAGE_SECONDS", "300"))  # server and CDN (s-maxage)
# With Redis, each worker's copy of the page cache's tokens, kept current by pub/sub (pushed_keys.py).
PAGE_CACHE_PUSHED_KEYS = env_bool("PAGE_CACHE_PUSHED_KEYS", True)
# Per worker: recently served page-cache entries kept in memory (campaign_site/page_memo.py).
PAGE_CACHE_MEMO_BYTES = int(os.environ.get("PAGE_CACHE_MEMO_BYTES", str(16 * 1024 * 1024)))
CACHE_BROWSER_SECONDS = int(os.environ.get("CACHE_BROWSER_SECONDS", "60"))  # browsers (max-age)
CACHE_STALE_SECONDS = int(os.environ.get("CACHE_STALE_SECONDS", "60"))  # stale-while-revalidate
CACHE_STALE_IF_ERROR_SECONDS = int(os.environ.get("CACHE_STALE_IF_ERROR_SECONDS", "86400"))
ADMIN_PATH_PREFIXES = ("/admin/", "/django-admin/")


def frontend_cache_from_env() -> dict:
    """wagtail.contrib.frontend_cache backends: an HTTP purger (Varnish, nginx) and/or Cloudflare."""
    backends = {}
    hostnames = env_list("FRONTEND_CACHE_HOSTNAMES")
    if url := os.environ.get("FRONTEND_CACHE_URL", "").strip():
        backends["http"] = {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": url}
    if zone := os.environ.get("CLOUDFLARE_ZONE_ID", "").strip():
        backends["cloudflare"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "ZONEID": zone,
            "BEARER_TOKEN": os.environ.get("CLOUDFLARE_API_TOKEN", ""),
        }
    for backend in backends.values():
        if hostnames:
            backend["HOSTNAMES"] = hostnames
    return backends


WAGTAILFRONTENDCACHE = frontend_cache_from_env()

# --- Security -------------------------------------------------------------------------------------
# Behind N reverse proxies that each append to X-Forwarded-For, the client is the Nth from the right.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
LOGIN_MAX_FAILURES_PER_USERNAME = int(os.environ.get("LOGIN_MAX_FAILURES_PER_USERNAME", "5"))
LOGIN_MAX_FAILURES_PER_IP = int(os.environ.get("LOGIN_MAX_FAILURES_PER_IP", "20"))
LOGIN_FAILURE_WINDOW_SECONDS = int(os.environ.get("LOGIN_FAILURE_WINDOW_SECONDS", "900"))

SELF, NONE = "'self'", "'none'"
MEDIA_ORIGINS = [f"https://{AWS_S3_CUSTOM_DOMAIN}"] if AWS_S3_CUSTOM_DOMAIN else []
if AWS_STORAGE_BUCKET_NAME and AWS_S3_ENDPOINT_URL and not AWS_S3_CUSTOM_DOMAIN:
    MEDIA_ORIGINS.append(AWS_S3_ENDPOINT_URL.rstrip("/"))
# Public pages: scripts only from our own files (no inline script, no eval); frames only for video
# embeds; never framed by another site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],  # no style="" either: charts and bars are SVG attributes and classes
        "img-src": [SELF, "data:", *MEDIA_ORIGINS],
        "media-src": [SELF, *MEDIA_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [
            SELF,
            "https://www.youtube.com",
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
            *env_list("CSP_EXTRA_FRAME_SRC"),
        ],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# The Wagtail and Django admins (ADMIN_PATH_PREFIXES) use inline scripts and frame their previews.
ADMIN_CSP_REPLACE = {
    "script-src": [SELF, "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": [SELF, "'unsafe-inline'"],
    "img-src": [SELF, "data:", "blob:", *MEDIA_ORIGINS],
    "frame-ancestors": [SELF],
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# --- App switches an operator may need (the rest are Django settings with defaults in <app>/conf.py)
# Press feeds: never fetch from private or loopback addresses in production (SSRF).
FEEDS_ALLOW_PRIVATE_ADDRESSES = env_bool("FEEDS_ALLOW_PRIVATE_ADDRESSES", False)
# Polls: ballots per client-IP hash per window; generous for an office behind one NAT address.
SURVEYS_RATE_LIMIT = int(os.environ.get("SURVEYS_RATE_LIMIT", "120"))
SURVEYS_RATE_WINDOW = int(os.environ.get("SURVEYS_RATE_WINDOW", "600"))
# Kiosks: how old an answer kept offline on a tablet may be and still count (hours).
SURVEYS_KIOSK_OFFLINE_WINDOW_HOURS = int(os.environ.get("SURVEYS_KIOSK_OFFLINE_WINDOW_HOURS", "72"))
# Screens: how long a built feed is reused before news, bulletin and poll are read again.
SCREENS_FEED_CACHE_SECONDS = int(os.environ.get("SCREENS_FEED_CACHE_SECONDS", "60"))

# --- E-mail (campaign_site/settings/email.py parses EMAIL_URL) ----------------------------------
# EMAIL_URL (smtp://user:password@host:587?tls=1, smtps://… for implicit TLS, console://, file:///path)
# or the separate EMAIL_HOST/EMAIL_PORT/EMAIL_HOST_USER/EMAIL_HOST_PASSWORD/EMAIL_USE_TLS variables.
# Without either, mail is printed to the console, so nothing ever fails for want of a mail server.
from .email import email_settings_from_env  # noqa: E402

globals().update(email_settings_from_env(os.environ))
# Subscriptions: confirmation mails per address per day, sign-ups per client IP per hour, and the
# sending rate of the batch sender (messages per second, 0 = as fast as the server takes them).
SUBSCRIPTIONS_CONFIRMATIONS_PER_DAY = int(os.environ.get("SUBSCRIPTIONS_CONFIRMATIONS_PER_DAY", "3"))
SUBSCRIPTIONS_SIGNUPS_PER_IP_HOUR = int(os.environ.get("SUBSCRIPTIONS_SIGNUPS_PER_IP_HOUR", "20"))
SUBSCRIPTIONS_SEND_RATE = float(os.environ.get("SUBSCRIPTIONS_SEND_RATE", "10"))
# --- end of e-mail ------------------------------------------------------------------------------

# --- Logging --------------------------------------------------------------------------------
# LOG_FORMAT=json (production's default): one JSON object per line with the request id
# (campaign_site/request_log.py), times in UTC; "text" for people reading a terminal.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "campaign_site.request_log.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "campaign_site.request_log.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}

# --- Metrics --------------------------------------------------------------------------------------
# Prometheus metrics at /metrics (django-prometheus) when METRICS_ENABLED; the nginx site lets only
# the monitoring network reach it. Several gunicorn workers: set PROMETHEUS_MULTIPROC_DIR.
METRICS_ENABLED = env_bool("METRICS_ENABLED", False)
# /healthz/ready fails when tasks wait and none has finished for this long (a dead worker).
HEALTH_MAX_JOB_AGE_SECONDS = int(os.environ.get("HEALTH_MAX_JOB_AGE_SECONDS", "900"))
if METRICS_ENABLED:
    INSTALLED_APPS += ["django_prometheus"]
    MIDDLEWARE = [
        "django_prometheus.middleware.PrometheusBeforeMiddleware",
        *MIDDLEWARE,
        "django_prometheus.middleware.PrometheusAfterMiddleware",
    ]
