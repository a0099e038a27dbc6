"""Production: every switch from the environment; start-up refuses a missing SECRET_KEY or
ALLOWED_HOSTS rather than running insecurely."""

import os
import tempfile
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, LOGGING, MIDDLEWARE, REDIS_URL, env_bool, env_list

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Production settings need a long random SECRET_KEY in the environment."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set. Give the site's host names, comma separated, e.g. "
        "ALLOWED_HOSTS=cchc.hanoi.gov.vn,www.cchc.hanoi.gov.vn"
    )

DEBUG = False
# TLS is usually terminated by the proxy in front; it tells us with X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Several workers must share the cache (page cache purges, login limits). Without Redis, the one
# machine's workers share files on disk; several machines need REDIS_URL.
if not REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "campaign_site.cache_backends.PlainFileBasedCache",
            "LOCATION": os.environ.get("FILE_CACHE_DIR", str(Path(tempfile.gettempdir()) / "campaign-site-cache")),
            "TIMEOUT": 300,
            "OPTIONS": {"MAX_ENTRIES": 20000, "CULL_FREQUENCY": 4},
        }
    }

# JSON log lines with the request id, unless LOG_FORMAT=text.
if os.environ.get("LOG_FORMAT", "json").strip().lower() == "json":
    LOGGING["handlers"]["console"]["formatter"] = "json"
# /metrics on by default in production (METRICS_ENABLED=false turns it off).
METRICS_ENABLED = env_bool("METRICS_ENABLED", True)
if METRICS_ENABLED and "django_prometheus" not in INSTALLED_APPS:
    INSTALLED_APPS = [*INSTALLED_APPS, "django_prometheus"]
    MIDDLEWARE = [
        "django_prometheus.middleware.PrometheusBeforeMiddleware",
        *MIDDLEWARE,
        "django_prometheus.middleware.PrometheusAfterMiddleware",
    ]
