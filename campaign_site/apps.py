from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from campaign_site import converters

# Now, while app configs load: routable pages compile their routes when their models are imported,
# before any ready() runs.
converters.register()


class CampaignSiteConfig(AppConfig):
    name = "campaign_site"
    verbose_name = _("Campaign site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from campaign_site import admin_form_fields, admin_labels, signal_handlers, site_lookup

        signal_handlers.connect()
        site_lookup.connect()
        admin_form_fields.register()
        admin_labels.register()
