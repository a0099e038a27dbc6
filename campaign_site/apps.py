from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignSiteConfig(AppConfig):
    name = "campaign_site"
    verbose_name = _("Campaign site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from campaign_site import signal_handlers

        signal_handlers.connect()
