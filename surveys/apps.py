from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Polls and surveys")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from surveys import signal_handlers

        signal_handlers.connect()
