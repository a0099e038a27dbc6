"""Fixed-window counters kept in the database when Redis is absent (campaign_site/counters.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RateCounter(models.Model):
    """One counter per key. Written only through counters.hit(): a single upsert statement that
    starts a new window once `window_ends` (epoch seconds) has passed, so parallel hits never lose
    a count and every window keeps its own length."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    count = models.PositiveIntegerField(_("count"), default=0)
    window_ends = models.BigIntegerField(_("window ends (epoch seconds)"), db_index=True)

    class Meta:
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")

    def __str__(self):
        return f"{self.key}={self.count}"
