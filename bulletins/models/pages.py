"""The daily bulletin pages and their index (with an archive by month)."""

import datetime as dt
from itertools import groupby

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page
from wagtail.search import index

from campaign_site.access.page_scope import ScopedPageMixin
from campaign_site.dates import validate_site_date
from campaign_site.models.pages import FoldedSearchMixin
from campaign_site.public_url import PublicUrlMixin
from campaign_site.text import clean_line, format_date, format_day_month, nfc
from plans.links import plan_task_field, validate_task_link

from .items import FeedItem
from .sources import BulletinSection


def bulletin_title(day: dt.date) -> str:
    return f"Bản tin Cải cách hành chính ngày {format_date(day)}"


class BulletinIndexPage(PublicUrlMixin, ScopedPageMixin, RoutablePageMixin, Page):
    # Lists or counts other pages: any publication anywhere expires its cached answers.
    page_cache_purge_on_publish = True

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["bulletins.BulletinPage"]
    max_count = 1

    class Meta:
        verbose_name = _("bulletin index page")

    def bulletins(self):
        return BulletinPage.objects.child_of(self).live().order_by("-date")

    @path("")
    def archive(self, request, year=None, month=None):
        from bulletins.selectors import archive_months

        bulletins = self.bulletins()
        if year:
            bulletins = bulletins.filter(date__year=year)
        if month:
            if not 1 <= month <= 12:
                raise Http404
            bulletins = bulletins.filter(date__month=month)
        if year and not bulletins.exists():
            raise Http404
        limit = None if year else 30
        context = self.get_context(request)
        context.update(
            bulletins=bulletins[:limit] if limit else bulletins,
            months=archive_months(index=self),
            year=year,
            month=month,
        )
        return render(request, "bulletins/bulletin_index_page.html", context)

    @path("<year:year>/")
    def archive_year(self, request, year):
        return self.archive(request, year=year)

    @path("<year:year>/<id:month>/")
    def archive_month(self, request, year, month):
        return self.archive(request, year=year, month=month)

    @path("rss/")
    def rss(self, request):
        from bulletins.syndication import BulletinRssFeed

        return BulletinRssFeed(self)(request)

    @path("atom/")
    def atom(self, request):
        from bulletins.syndication import BulletinAtomFeed

        return BulletinAtomFeed(self)(request)


class BulletinPage(PublicUrlMixin, ScopedPageMixin, FoldedSearchMixin, RoutablePageMixin, Page):
    # Links to the previous and next bulletin: a newly published one expires the cached answers.
    page_cache_purge_on_publish = True

    date = models.DateField(
        _("date"),
        unique=True,
        validators=[validate_site_date],
        error_messages={"unique": _("There is already a bulletin for this date.")},
    )
    intro = models.TextField(_("introduction"), blank=True)
    plan_task = plan_task_field()

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("date"), FieldPanel("intro")], heading=_("Bulletin")),
        InlinePanel("items", label=_("Items"), heading=_("Items")),
        FieldPanel("plan_task"),
    ]
    search_fields = Page.search_fields + [
        index.FilterField("date"),
        index.SearchField("intro"),
        index.RelatedFields("items", [index.SearchField("heading"), index.SearchField("summary")]),
        index.SearchField("folded_search_text"),
    ]
    folded_search_sources = ("title", "intro", "items_text")
    parent_page_types = ["bulletins.BulletinIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")

    def clean(self):
        super().clean()
        validate_task_link(self.plan_task)

    def _fill_from_date(self) -> None:
        """A bulletin without a title or slug takes them from its date (the seed's title form)."""
        if self.date and not (self.title or "").strip():
            self.title = bulletin_title(self.date)
        if self.date and not self.slug:
            self.slug = self.date.isoformat()

    def full_clean(self, *args, **kwargs):
        self._fill_from_date()
        super().full_clean(*args, **kwargs)

    def minimal_clean(self):
        self._fill_from_date()
        super().minimal_clean()

    @property
    def headlines_text(self) -> str:
        return " ".join(item.heading for item in self.items.all())

    @property
    def items_text(self) -> str:
        """Every press item's heading and summary: what search finds a bulletin by (and shows)."""
        return " ".join(f"{item.heading} {item.summary}" for item in self.items.all())

    search_body_text = items_text

    def grouped_items(self) -> list[dict]:
        """Items grouped by section in section order (items without a section last), numbered 1..n
        across the whole bulletin, as in the table of contents of the printed bulletin."""
        items = list(self.items.all())
        sections = {s.pk: s for s in BulletinSection.objects.filter(pk__in={i.section_id for i in items})}

        def key(item):
            section = sections.get(item.section_id)
            return (section is None, section.sort_order if section else 0, section.name if section else "")

        ordered = sorted(items, key=lambda item: (*key(item), item.sort_order or 0))
        groups, number = [], 0
        for _key, members in groupby(ordered, key=key):
            members = list(members)
            for item in members:
                number += 1
                item.number = number
            section = sections.get(members[0].section_id)
            groups.append({"section": section, "items": members})
        return groups

    def get_context(self, request, *args, **kwargs):
        from bulletins.selectors import bulletin_neighbours

        context = super().get_context(request, *args, **kwargs)
        context["groups"] = self.grouped_items()
        context["previous_bulletin"], context["next_bulletin"] = bulletin_neighbours(self)
        context["index_page"] = self.get_parent()
        return context

    @path("in/")
    def print_view(self, request):
        context = self.get_context(request)
        return render(request, "bulletins/bulletin_print.html", context)

    @path("txt/")
    def plain_text(self, request):
        from bulletins.text_output import bulletin_plain_text

        text = bulletin_plain_text(self, request=request)
        return HttpResponse(text, content_type="text/plain; charset=utf-8")

    def plain_text_url(self, request=None) -> str | None:
        url = self.get_url(request=request)
        return f"{url}txt/" if url else None


class BulletinItem(Orderable):
    page = ParentalKey(BulletinPage, on_delete=models.CASCADE, related_name="items")
    section = models.ForeignKey(
        BulletinSection, verbose_name=_("section"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    heading = models.CharField(_("heading"), max_length=500)
    summary = models.TextField(_("summary"), help_text=_("Separate paragraphs with an empty line."))
    credit = models.CharField(_("outlet credit"), max_length=80, help_text=_('e.g. "Kinhtedothi.vn"'))
    original_date = models.DateField(_("original date"))
    author = models.CharField(_("author"), max_length=200, blank=True)
    source_url = models.URLField(_("source URL"), max_length=1000, blank=True)
    feed_item = models.ForeignKey(
        FeedItem,
        verbose_name=_("feed item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bulletin_items",
    )

    panels = [
        FieldPanel("section"),
        FieldPanel("heading"),
        FieldPanel("summary"),
        FieldPanel("credit"),
        FieldPanel("original_date"),
        FieldPanel("author"),
        FieldPanel("source_url"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("bulletin item")
        verbose_name_plural = _("bulletin items")

    def __str__(self):
        return self.heading

    @classmethod
    def from_feed_item(cls, item: FeedItem, sort_order: int = 0) -> "BulletinItem":
        """The bulletin entry a press item becomes when picked (unsaved; also the inbox preview)."""
        from django.utils import timezone

        published = item.published_at or item.fetched_at
        return cls(
            section_id=item.suggested_section_id or item.source.default_section_id,
            heading=item.title,
            summary=item.summary_text,
            credit=item.source.credit_label,
            original_date=timezone.localtime(published).date(),
            author=item.author,
            source_url=item.link,
            feed_item=item,
            sort_order=sort_order,
        )

    def clean(self):
        super().clean()
        self.heading = clean_line(self.heading)
        self.credit = clean_line(self.credit)
        self.author = clean_line(self.author)
        self.summary = nfc(self.summary).strip()
        if self.source_url and not self.source_url.lower().startswith(("http://", "https://")):
            raise ValidationError({"source_url": _("Only http and https addresses are allowed.")})

    @property
    def credit_text(self) -> str:
        """'(Kinhtedothi.vn 21/3)' or '(Baogialai.com.vn 22/3, Vĩnh Hoàng)'."""
        text = f"{self.credit} {format_day_month(self.original_date)}".strip()
        if self.author:
            text = f"{text}, {self.author}"
        return f"({text})"

    @property
    def paragraphs(self) -> list[str]:
        blocks = [clean_line(block) for block in nfc(self.summary).replace("\r\n", "\n").split("\n\n")]
        return [block for block in blocks if block]

    @property
    def anchor(self) -> str:
        return f"tin-{getattr(self, 'number', None) or self.pk or self.sort_order}"
