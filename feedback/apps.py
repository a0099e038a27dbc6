from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Citizens' voice")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from feedback import slots

        slots.connect()
