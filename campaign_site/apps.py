from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignSiteConfig(AppConfig):
    name = "campaign_site"
    verbose_name = _("Campaign site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from campaign_site import admin_form_fields, signal_handlers

        signal_handlers.connect()
        admin_form_fields.register()
