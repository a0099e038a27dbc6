"""Where press items come from (feed sources), how they are judged (keyword rules) and the
sections a bulletin groups them into."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from campaign_site.text import clean_line, fold

from ..failures import FailureKind, failure_reason


class BulletinSection(index.Indexed, models.Model):
    """A heading of the bulletin ("CẢI CÁCH ĐỊA PHƯƠNG"); bulletins list sections by `sort_order`."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("bulletin section")
        verbose_name_plural = _("bulletin sections")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean_line(self.name)
        super().save(*args, **kwargs)


class FeedSource(index.Indexed, models.Model):
    """One press feed (RSS/Atom) and the health of its fetching."""

    url = models.URLField(_("feed URL"), max_length=1000, unique=True)
    name = models.CharField(_("outlet name"), max_length=200)
    credit_label = models.CharField(
        _("credit label"),
        max_length=80,
        help_text=_('How the outlet is credited in brackets after each item, e.g. "Kinhtedothi.vn".'),
    )
    is_active = models.BooleanField(_("active"), default=True)
    fetch_interval = models.PositiveIntegerField(
        _("fetch interval (minutes)"), default=60, help_text=_("How often the feed is fetched when it works.")
    )
    default_section = models.ForeignKey(
        BulletinSection,
        verbose_name=_("default section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Health, written by the fetcher.
    last_fetched_at = models.DateTimeField(_("last fetched"), null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True, editable=False)
    last_status = models.PositiveSmallIntegerField(_("last HTTP status"), null=True, blank=True, editable=False)
    etag = models.CharField(_("ETag"), max_length=255, blank=True, editable=False)
    last_modified = models.CharField(_("Last-Modified"), max_length=64, blank=True, editable=False)
    consecutive_failures = models.PositiveIntegerField(_("consecutive failures"), default=0, editable=False)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now, db_index=True)
    # The technical detail of the last failure; its kind gives the short reason officers read.
    last_error = models.TextField(_("last error"), blank=True, editable=False)
    last_error_kind = models.CharField(
        _("last failure"), max_length=16, choices=FailureKind.choices, blank=True, editable=False
    )
    last_warning = models.TextField(_("last warning"), blank=True, editable=False)
    items_found = models.PositiveIntegerField(_("items found"), default=0, editable=False)
    # A fetcher holds the source until this time, so two runners never fetch it at once.
    lease_expires_at = models.DateTimeField(null=True, blank=True, editable=False)

    panels = [
        FieldPanel("name"),
        FieldPanel("url"),
        FieldPanel("credit_label"),
        MultiFieldPanel(
            [FieldPanel("is_active"), FieldPanel("fetch_interval"), FieldPanel("next_attempt_at")],
            heading=_("Fetching"),
        ),
        FieldPanel("default_section"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("url"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("feed source")
        verbose_name_plural = _("feed sources")
        constraints = [
            models.CheckConstraint(condition=Q(fetch_interval__gte=1), name="bulletins_source_interval_positive"),
            models.CheckConstraint(condition=~Q(credit_label=""), name="bulletins_source_credit_not_empty"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean_line(self.name)
        self.credit_label = clean_line(self.credit_label)
        self.url = self.url.strip()
        super().save(*args, **kwargs)

    @property
    def failure_reason(self) -> str:
        """The last failure in a few Vietnamese words ('' when the last fetch worked)."""
        if not (self.last_error or self.last_error_kind):
            return ""
        return failure_reason(self.last_error_kind, self.last_status)


class KeywordRule(index.Indexed, models.Model):
    """A phrase that makes an item relevant (or, with `is_exclude`, irrelevant) for the bulletin."""

    phrase = models.CharField(_("phrase"), max_length=120)
    phrase_folded = models.CharField(max_length=120, editable=False, db_index=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=5)
    section = models.ForeignKey(
        BulletinSection,
        verbose_name=_("suggested section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_exclude = models.BooleanField(
        _("exclude"), default=False, help_text=_("Items containing this phrase are left out of the inbox.")
    )

    panels = [FieldPanel("phrase"), FieldPanel("weight"), FieldPanel("section"), FieldPanel("is_exclude")]
    search_fields = [index.SearchField("phrase"), index.AutocompleteField("phrase")]

    class Meta:
        ordering = ["-is_exclude", "-weight", "phrase"]
        verbose_name = _("keyword rule")
        verbose_name_plural = _("keyword rules")
        constraints = [
            models.UniqueConstraint(
                Lower("phrase"),
                "is_exclude",
                name="bulletins_rule_unique_phrase",
                violation_error_message=_("A rule with this phrase already exists."),
            ),
            models.CheckConstraint(condition=~Q(phrase_folded=""), name="bulletins_rule_phrase_not_empty"),
        ]

    def __str__(self):
        return f"− {self.phrase}" if self.is_exclude else f"{self.phrase} ({self.weight})"

    def save(self, *args, **kwargs):
        self.phrase = clean_line(self.phrase)
        self.phrase_folded = fold(self.phrase)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.phrase = clean_line(self.phrase)
        self.phrase_folded = fold(self.phrase)
