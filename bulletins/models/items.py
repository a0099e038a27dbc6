"""Press items read from the feeds: one row per story per outlet, scored for relevance."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .sources import BulletinSection, FeedSource


class ItemStatus(models.TextChoices):
    NEW = "new", _("New")
    PICKED = "picked", _("Picked")
    DISMISSED = "dismissed", _("Dismissed")
    # Another outlet's item of the same story was picked: the story is already in a bulletin.
    COVERED = "covered", _("Covered by a picked item")


class FeedItem(models.Model):
    source = models.ForeignKey(FeedSource, verbose_name=_("source"), on_delete=models.CASCADE, related_name="items")
    guid = models.CharField(_("GUID"), max_length=500, blank=True)
    link = models.URLField(_("link"), max_length=1000, blank=True)
    # sha1 of the folded title: identifies items that have neither GUID nor link.
    title_hash = models.CharField(max_length=40, editable=False)
    # Folded title words; near-identical keys across outlets are the same story.
    title_key = models.CharField(max_length=300, editable=False)
    # sha1 over the stored fields: an item whose hash is unchanged is not written again.
    content_hash = models.CharField(max_length=40, editable=False)
    title = models.CharField(_("title"), max_length=500)
    summary_html = models.TextField(_("summary (HTML)"), blank=True)
    summary_text = models.TextField(_("summary"), blank=True)
    author = models.CharField(_("author"), max_length=200, blank=True)
    image_url = models.URLField(_("image"), max_length=1000, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    fetched_at = models.DateTimeField(_("fetched"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    # The day the item belongs to in the inbox (local date of publication, else of fetching).
    day = models.DateField(_("day"))  # indexed first in bulletins_item_inbox_idx

    score = models.FloatField(_("score"), default=0, db_index=True)
    matched_keywords = models.JSONField(_("matched keywords"), default=list, blank=True)
    is_excluded = models.BooleanField(_("excluded"), default=False)
    suggested_section = models.ForeignKey(
        BulletinSection,
        verbose_name=_("suggested section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=12, choices=ItemStatus.choices, default=ItemStatus.NEW)
    # The first item of a story carried by several outlets; null for that first item itself.
    story_lead = models.ForeignKey(
        "self",
        verbose_name=_("same story as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        db_index=False,  # bulletins_item_story_lookup starts with it
    )

    class Meta:
        ordering = ["-score", "-published_at"]
        verbose_name = _("feed item")
        verbose_name_plural = _("feed items")
        indexes = [
            models.Index(fields=["day", "status", "-score"], name="bulletins_item_inbox_idx"),
            # Story grouping reads a candidate's source and title from this index alone; the leads
            # (story_lead null) are in id order, so new items are added at its end.
            models.Index(fields=["story_lead", "id", "source", "title_key"], name="bulletins_item_story_lookup"),
        ]
        constraints = [
            # Deduplication: GUID first, then link, then the folded title.
            models.UniqueConstraint(
                fields=["source", "guid"], condition=~Q(guid=""), name="bulletins_item_unique_guid"
            ),
            models.UniqueConstraint(
                fields=["source", "link"], condition=Q(guid="") & ~Q(link=""), name="bulletins_item_unique_link"
            ),
            models.UniqueConstraint(
                fields=["source", "title_hash"],
                condition=Q(guid="") & Q(link=""),
                name="bulletins_item_unique_title",
            ),
            models.CheckConstraint(condition=Q(score__gte=0), name="bulletins_item_score_not_negative"),
        ]

    def __str__(self):
        return self.title


class StoryToken(models.Model):
    """Story grouping's index (bulletins.story_index): an item stored under hashed groups of its
    title's words, with its day, so grouping reads only the titles that can match. Written by the
    ingest with the item's title_key and day; rows go with their item."""

    # No index of its own: the unique constraint below starts with the item.
    item = models.ForeignKey(FeedItem, on_delete=models.CASCADE, related_name="story_tokens", db_index=False)
    token = models.IntegerField()  # 32 bits (story_index._split)
    # The item's day as date.toordinal(): three bytes in SQLite's index where a date takes ten, and
    # each feed writes into most of the lookup index's pages, so its size is what a feed writes.
    day_number = models.IntegerField()

    class Meta:
        # The item too, so the lookup reads the index alone (SQLite's "covering index").
        indexes = [models.Index(fields=["token", "day_number", "item"], name="bulletins_storytoken_lookup")]
        constraints = [models.UniqueConstraint(fields=["item", "token"], name="bulletins_storytoken_unique")]

    def __str__(self):
        return f"{self.item_id}: {self.token}"
