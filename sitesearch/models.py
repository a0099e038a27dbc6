"""What search keeps besides the engine's index: officers' synonyms, the site's vocabulary (did you
mean), page titles for suggestions, the daily query log (officers' report) and text read from files."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel

from campaign_site.text import clean_line, fold, nfc


class Synonym(models.Model):
    """Words that mean the same in search ("một cửa" = "tiếp nhận và trả kết quả"), both ways."""

    term = models.CharField(pgettext_lazy("search synonym", "term"), max_length=120)
    equivalents = models.TextField(
        _("same meaning"),
        help_text=_("One word or phrase per line. A search for any of them also finds the others."),
    )
    folded_term = models.CharField(max_length=120, editable=False)

    panels = [FieldPanel("term"), FieldPanel("equivalents")]

    class Meta:
        ordering = ["folded_term"]
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        constraints = [
            models.UniqueConstraint(fields=["folded_term"], name="sitesearch_synonym_term_unique"),
            models.CheckConstraint(condition=~Q(folded_term=""), name="sitesearch_synonym_term_not_empty"),
        ]

    def __str__(self):
        return f"{self.term} = {', '.join(self.equivalent_list())}"

    def save(self, *args, **kwargs):
        self.term = clean_line(self.term)
        self.folded_term = fold(self.term)[:120]
        super().save(*args, **kwargs)

    def equivalent_list(self) -> list[str]:
        return [line for line in (clean_line(row) for row in nfc(self.equivalents).splitlines()) if line]

    def clean(self):
        super().clean()
        self.term = clean_line(self.term)
        self.folded_term = fold(self.term)
        if not any(ch.isalnum() for ch in self.folded_term):
            raise ValidationError({"term": _("Type a word or phrase with at least one letter or number.")})
        others = [line for line in self.equivalent_list() if fold(line) != self.folded_term]
        if not any(any(ch.isalnum() for ch in line) for line in others):
            raise ValidationError({"equivalents": _("Give at least one other word or phrase.")})
        self.equivalents = "\n".join(others)
        clash = Synonym.objects.filter(folded_term=self.folded_term).exclude(pk=self.pk)
        if clash.exists():
            raise ValidationError({"term": _("This term already has a synonym entry.")})


class VocabularyTerm(models.Model):
    """A word or two-word phrase of the site as written (accents kept), for "did you mean"."""

    text = models.CharField(max_length=80, unique=True)  # casefolded, accents kept
    folded = models.CharField(max_length=80, db_index=True)
    frequency = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("vocabulary term")
        verbose_name_plural = _("vocabulary terms")

    def __str__(self):
        return self.text


class TitleEntry(models.Model):
    """A live page's title, folded, for suggestions while typing."""

    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=255)
    folded = models.CharField(max_length=255, db_index=True)
    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE, related_name="+", null=True)
    published_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("title entry")
        verbose_name_plural = _("title entries")

    def __str__(self):
        return self.title


class SearchQueryDay(models.Model):
    """How often a query (folded) was searched on a day, and how often it found nothing."""

    day = models.DateField(_("day"))
    query = models.CharField(pgettext_lazy("search log", "query"), max_length=200)
    searches = models.PositiveIntegerField(_("searches"), default=0)
    empty_searches = models.PositiveIntegerField(_("searches without results"), default=0)

    class Meta:
        verbose_name = _("searched query")
        verbose_name_plural = _("searched queries")
        permissions = [("view_search_report", _("Can see the search report"))]
        constraints = [models.UniqueConstraint(fields=["day", "query"], name="sitesearch_query_day_unique")]
        indexes = [models.Index(fields=["day"], name="sitesearch_query_day")]

    def __str__(self):
        return f"{self.query} ({self.day})"


class DocumentText(models.Model):
    """Text read from an uploaded document (PDF, DOCX), kept so indexing never reads a file twice."""

    document = models.OneToOneField("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")
    file_hash = models.CharField(max_length=64, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("document text")
        verbose_name_plural = _("document texts")

    def __str__(self):
        return str(self.document_id)
