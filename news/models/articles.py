"""Reform news: the news index (with its date archive) and the article page."""

import datetime as dt

from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Page
from wagtail.search import index

from campaign_site.access.page_scope import ScopedPageForm, ScopedPageMixin
from campaign_site.dates import parse_site_date, year_in_range
from campaign_site.models.pages import FoldedSearchMixin
from campaign_site.public_url import PublicUrlMixin
from documents.links import ProcedureLink, procedures_panel
from plans.links import plan_task_field, validate_task_link

from .mixins import ReadableMixin, body_field, lead_image_alt_field, lead_image_field, published_at_field


class NewsIndexPage(PublicUrlMixin, ScopedPageMixin, RoutablePageMixin, FoldedSearchMixin, Page):
    """Lists its articles, filterable by category, tag and unit, with an archive by date:
    /YYYY/, /YYYY/MM/, /YYYY/MM/DD/ and a date picker (/theo-ngay/?date=DD/MM/YYYY or YYYY-MM-DD)."""

    # Lists or counts other pages: any publication anywhere expires its cached answers.
    page_cache_purge_on_publish = True

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("folded_search_text")]
    folded_search_sources = ("title", "intro")
    subpage_types = ["news.NewsArticlePage"]

    class Meta:
        verbose_name = _("news index page")

    def render_listing(self, request, *, period=None, status=200, **extra):
        from news import context as page_context

        context = self.get_context(request)
        context.update(page_context.listing_context(request, index_page=self, period=period))
        context.update(extra)
        if status != 200 or extra:
            context["listing_key"] = ""  # an error answer renders its listing live
        return TemplateResponse(request, self.get_template(request), context, status=status)

    @path("")
    def index_route(self, request):
        return self.render_listing(request)

    @re_path(r"^(?P<year>\d{4})/$", name="archive_year")
    def archive_year(self, request, year):
        return self.render_listing(request, period=_period(year))

    @re_path(r"^(?P<year>\d{4})/(?P<month>\d{1,2})/$", name="archive_month")
    def archive_month(self, request, year, month):
        return self.render_listing(request, period=_period(year, month))

    @re_path(r"^(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})/$", name="archive_day")
    def archive_day(self, request, year, month, day):
        return self.render_listing(request, period=_period(year, month, day))

    @path("theo-ngay/", name="archive_jump")
    def archive_jump(self, request):
        """The date picker's GET target: redirect to that day's archive, or explain a bad date."""
        day = parse_site_date(request.GET.get("date", ""))
        if day is None:
            return self.render_listing(request, status=400, date_error=True)
        return redirect(self.archive_url(day.year, day.month, day.day))

    def route(self, request, path_components):
        """As Wagtail routes (the archive and date-picker routes first, then a child page by slug), but
        an article child is loaded as a NewsArticlePage in one query instead of a Page then its
        specific row, and that row is cached (news/article_routes.py)."""
        from news.article_routes import article_for_slug

        if path_components and not (self.live and self._is_subpage_route(path_components)):
            article = article_for_slug(self, path_components[0])
            if article is not None:
                article._cached_parent_obj = self  # as Page.route does: get_parent() costs no query
                return article.route(request, path_components[1:])
        return super().route(request, path_components)

    def _is_subpage_route(self, path_components) -> bool:
        try:
            self.resolve_subpage("/" + "/".join(path_components) + "/")
        except Http404:
            return False
        return True

    def archive_url(self, *parts: int) -> str:
        names = {1: "archive_year", 2: "archive_month", 3: "archive_day"}
        args = [str(parts[0])] + [f"{part:02d}" for part in parts[1:]]
        return self.url + self.reverse_subpage(names[len(parts)], args=args)


def _period(year: str, month: str | None = None, day: str | None = None):
    """(first day, day after the last, precision) or 404 for an impossible date such as 2024/13/40."""
    try:
        start = dt.date(int(year), int(month or 1), int(day or 1))
        if day:
            end = start + dt.timedelta(days=1)
        elif month:
            end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        else:
            end = start.replace(year=start.year + 1)
    except (ValueError, OverflowError) as error:
        raise Http404(_("There is no such date.")) from error
    if not year_in_range(start.year) or not year_in_range(end.year):
        raise Http404(_("There is no such date."))
    precision = "day" if day else "month" if month else "year"
    return start, end, precision


class NewsArticleTag(TaggedItemBase):
    content_object = ParentalKey("news.NewsArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class NewsArticlePage(PublicUrlMixin, ScopedPageMixin, ReadableMixin, FoldedSearchMixin, Page):
    unit_scope_field = "units"
    base_form_class = ScopedPageForm

    lead = models.TextField(_("lead"), help_text=_("One or two sentences that sum up the article (sapo)."))
    lead_image = lead_image_field()
    lead_image_alt = lead_image_alt_field()
    body = body_field()
    category = models.ForeignKey(
        "news.Category", verbose_name=_("category"), null=True, on_delete=models.PROTECT, related_name="articles"
    )
    tags = ClusterTaggableManager(verbose_name=_("tags"), through=NewsArticleTag, blank=True)
    units = ParentalManyToManyField(
        "campaign_site.AdministrativeUnit",
        verbose_name=_("administrative units"),
        blank=True,
        related_name="news_articles",
        help_text=_("The wards, communes or districts the article is about. Leave empty for city-wide news."),
    )
    author = models.CharField(_("author"), max_length=120, blank=True)
    source_name = models.CharField(
        _("source"), max_length=120, blank=True, help_text=_("Shown as “Theo …”, e.g. Chinhphu.vn.")
    )
    source_url = models.URLField(_("source address"), blank=True)
    published_at = published_at_field()
    plan_task = plan_task_field()

    content_panels = Page.content_panels + [
        FieldPanel("lead"),
        MultiFieldPanel([FieldPanel("lead_image"), FieldPanel("lead_image_alt")], heading=_("Lead image")),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("category"), FieldPanel("tags"), FieldPanel("units")],
            heading=_("Classification"),
        ),
        MultiFieldPanel(
            [FieldPanel("author"), FieldPanel("source_name"), FieldPanel("source_url"), FieldPanel("published_at")],
            heading=_("Credit and date"),
        ),
        FieldPanel("plan_task"),
        procedures_panel(),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("lead"),
        index.SearchField("body"),
        index.SearchField("folded_search_text"),
        index.FilterField("published_at"),
        index.FilterField("category"),
    ]
    folded_search_sources = ("title", "lead", "body_text")
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
        # "Newest of this category" (related articles, category listings and feeds).
        indexes = [models.Index(fields=["category", "-published_at"], name="news_article_category_date")]

    def clean(self):
        super().clean()
        self.clean_text_fields()
        self.author = self.author.strip()
        self.validate_lead_image()
        validate_task_link(self.plan_task)

    def get_context(self, request, *args, **kwargs):
        from news import context as page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(page_context.article_context(request, self))
        return context


class NewsArticleProcedure(ProcedureLink):
    page = ParentalKey(NewsArticlePage, on_delete=models.CASCADE, related_name="procedure_links")
