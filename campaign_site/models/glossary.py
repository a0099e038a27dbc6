"""The abbreviation glossary ("Từ viết tắt"): TTHC, CCHC, UBND... Marked with <abbr> in articles."""

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from campaign_site.text import clean_line


class Abbreviation(index.Indexed, models.Model):
    short = models.CharField(_("abbreviation"), max_length=40)
    expansion = models.CharField(_("full form"), max_length=255)
    note = models.TextField(_("note"), blank=True)

    panels = [FieldPanel("short"), FieldPanel("expansion"), FieldPanel("note")]
    search_fields = [index.SearchField("short"), index.SearchField("expansion"), index.AutocompleteField("short")]

    class Meta:
        ordering = ["short"]
        verbose_name = _("abbreviation")
        verbose_name_plural = _("abbreviations")
        constraints = [models.UniqueConstraint(Lower("short"), name="abbreviation_short_unique_ci")]

    def __str__(self):
        return f"{self.short} – {self.expansion}"

    def save(self, *args, **kwargs):
        self.short = clean_line(self.short)
        self.expansion = clean_line(self.expansion)
        super().save(*args, **kwargs)
