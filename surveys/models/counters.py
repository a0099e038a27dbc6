"""Counters (quầy) of a unit's one-stop office and the roster of who is on duty at each one."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from campaign_site.text import clean_line
from surveys.admin_forms import UnitScopedForm


class Counter(index.Indexed, models.Model):
    unit = models.ForeignKey(
        "campaign_site.AdministrativeUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="counters"
    )
    name = models.CharField(_("name"), max_length=120, help_text=_("As shown above the counter, e.g. “Counter 3”."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    panels = [FieldPanel("unit"), FieldPanel("name")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    base_form_class = UnitScopedForm

    class Meta:
        ordering = ["unit__path", "name"]
        verbose_name = _("counter")
        verbose_name_plural = _("counters")
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="surveys_counter_name_per_unit")]
        permissions = [("view_counter_results", "Can view results per counter and officer")]

    def __str__(self):
        return f"{self.name} – {self.unit}"

    def clean(self):
        super().clean()
        self.name = clean_line(self.name)


class CounterDuty(models.Model):
    """One officer's turn at a counter. Ratings are credited to whoever was on duty when given."""

    counter = models.ForeignKey(Counter, verbose_name=_("counter"), on_delete=models.CASCADE, related_name="duties")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("officer"), on_delete=models.PROTECT, related_name="counter_duties"
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("duty at a counter")
        verbose_name_plural = _("duties at counters")
        constraints = [
            # One open turn per counter: two people cannot both be "on duty now" at one counter.
            models.UniqueConstraint(
                fields=["counter"], condition=Q(ends_at__isnull=True), name="surveys_duty_one_open_per_counter"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")), name="surveys_duty_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["counter", "starts_at"], name="surveys_duty_counter_time")]

    def __str__(self):
        return f"{self.counter_id}: {self.officer_id} {self.starts_at:%Y-%m-%d %H:%M}"
