"""Local development: `make run`. Debug on, a throwaway secret, everything on this machine."""

import os

from .base import *  # noqa: F403
from .base import env_bool, env_list

# Off by default, so `make run` shows the site's own Vietnamese 404 and 500 pages as citizens see
# them; DJANGO_DEBUG=1 turns on Django's debug pages for a developer.
DEBUG = env_bool("DJANGO_DEBUG", False)
# Static files and uploads are served by this process either way (WhiteNoise finds them in the apps).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SERVE_MEDIA = True
SECRET_KEY = "dev-only-not-secret-" + "x" * 40
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
STORAGES = {  # no manifest needed for runserver
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Mails print to the console unless EMAIL_URL or EMAIL_HOST names a real server.
if not (os.environ.get("EMAIL_URL") or os.environ.get("EMAIL_HOST")):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The demo's press feeds are served by this same site on loopback.
FEEDS_ALLOW_PRIVATE_ADDRESSES = True
