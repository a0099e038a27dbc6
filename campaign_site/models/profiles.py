"""Which administrative unit a staff account works for: scopes ward editors to their own ward."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OfficerProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="officer_profile", verbose_name=_("user")
    )
    unit = models.ForeignKey(
        "campaign_site.AdministrativeUnit",
        on_delete=models.PROTECT,
        related_name="officers",
        verbose_name=_("unit"),
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("officer profile")
        verbose_name_plural = _("officer profiles")

    def __str__(self):
        return f"{self.user} – {self.unit}"
