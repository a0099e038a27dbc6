from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreensConfig(AppConfig):
    name = "screens"
    verbose_name = _("Public screens")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from screens import signal_handlers

        signal_handlers.connect()
