"""The test suite: SQLite unless DATABASE_URL is set, tasks run immediately, fast hashing."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret-" + "x" * 40
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Tests serve feed fixtures from a local HTTP server on loopback.
FEEDS_ALLOW_PRIVATE_ADDRESSES = True
# Tests share one process-wide cache: the page cache and generous login limits stay out of other
# tests' way; tests/campaign_site/test_cache*.py and test_security*.py switch them on.
PAGE_CACHE_ENABLED = False
LOGIN_MAX_FAILURES_PER_USERNAME = 1000
LOGIN_MAX_FAILURES_PER_IP = 1000
WAGTAILFRONTENDCACHE = {}
# Mail stays in memory (django.core.mail.outbox); tests/subscriptions start a real SMTP server on
# loopback where a test needs one.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
