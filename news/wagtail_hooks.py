"""Admin: the category snippet and flat, filterable listings of articles and model stories."""

import django_filters
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from campaign_site.app_registration import register_app
from campaign_site.feed_links import FEED_LINKS_HOOK, FeedLink
from campaign_site.models import AdministrativeUnit
from campaign_site.slots import HOME_SLOTS_HOOK
from news.roles import ROLE_PERMISSIONS
from plans.choices import Channel, IndicatorUnit
from plans.registry import (
    INDICATOR_SOURCES_HOOK,
    LINKABLE_CONTENT_HOOK,
    IndicatorSource,
    LinkableContent,
    SourceQuery,
    count_or_none,
)
from sitesearch.registry import SEARCH_KINDS_HOOK, SearchKind

from . import selectors
from .models import Category, ModelStoryPage, NewsArticlePage


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    menu_label = _("News categories")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


class NewsArticleFilterSet(PageFilterSet):
    category = django_filters.ModelChoiceFilter(label=_("Category"), queryset=Category.objects.all())
    units = django_filters.ModelChoiceFilter(
        label=_("Administrative unit"), queryset=AdministrativeUnit.objects.all(), field_name="units"
    )
    published_at = django_filters.DateFromToRangeFilter(label=_("Published at"), widget=DateRangePickerWidget)

    class Meta:
        model = NewsArticlePage
        fields = []


class NewsArticleListingViewSet(PageListingViewSet):
    model = NewsArticlePage
    icon = "doc-full"
    menu_label = _("News articles")
    menu_order = 190
    add_to_admin_menu = True
    filterset_class = NewsArticleFilterSet
    name = "news_articles"


class ModelStoryFilterSet(PageFilterSet):
    unit = django_filters.ModelChoiceFilter(label=_("Unit"), queryset=AdministrativeUnit.objects.all())

    class Meta:
        model = ModelStoryPage
        fields = []


class ModelStoryListingViewSet(PageListingViewSet):
    model = ModelStoryPage
    icon = "pick"
    menu_label = _("Model stories")
    menu_order = 195
    add_to_admin_menu = True
    filterset_class = ModelStoryFilterSet
    name = "model_stories"


register_snippet(CategoryViewSet)


@hooks.register("register_admin_viewset")
def register_news_listings():
    return [NewsArticleListingViewSet(), ModelStoryListingViewSet()]


# -- contributions to shared places (campaign_site registries) ------------------------------


register_app(label="news", role_permissions=ROLE_PERMISSIONS, demo="news.demo.load", demo_order=10)


@hooks.register(FEED_LINKS_HOOK)
def news_feed_links(request):
    return [
        FeedLink(_("Administrative reform news (RSS)"), reverse("news:rss"), "rss"),
        FeedLink(_("Administrative reform news (Atom)"), reverse("news:atom"), "atom"),
    ]


@hooks.register(HOME_SLOTS_HOOK)
def news_home_slots(request, page):
    from news.slots import home_slots

    return home_slots(request, page)


@hooks.register(LINKABLE_CONTENT_HOOK)
def news_articles_for_plans():
    return LinkableContent(
        key="article",
        order=10,
        label=pgettext_lazy("content kind", "News articles"),
        model=NewsArticlePage,
        channels=(Channel.WEB_PORTAL,),
        date_field="published_at",
    )


@hooks.register(LINKABLE_CONTENT_HOOK)
def model_stories_for_plans():
    return LinkableContent(
        key="story",
        order=20,
        label=pgettext_lazy("content kind", "Model-unit stories"),
        model=ModelStoryPage,
        channels=(Channel.WEB_PORTAL,),
        date_field="published_at",
    )


def _articles_published(query: SourceQuery):
    return count_or_none(selectors.count_published_articles(year=query.year, category=query.category or None))


def _stories_published(query: SourceQuery):
    return count_or_none(selectors.count_published_stories(year=query.year))


@hooks.register(INDICATOR_SOURCES_HOOK)
def news_indicator_sources():
    return [
        IndicatorSource(
            key="articles_published",
            label=_("News articles published this year (optionally in one category)"),
            unit=IndicatorUnit.COUNT,
            measure=_articles_published,
            categories=selectors.category_choices,
        ),
        IndicatorSource(
            key="stories_published",
            label=_("Model-unit stories published this year"),
            unit=IndicatorUnit.COUNT,
            measure=_stories_published,
        ),
    ]


def _published(page):
    return page.published_at or page.first_published_at


@hooks.register(SEARCH_KINDS_HOOK)
def news_search_kinds():
    return [
        SearchKind(
            key="tin", label=pgettext_lazy("search kind", "News"), models=(NewsArticlePage,), order=10, date=_published
        ),
        SearchKind(
            key="mo-hinh",
            label=pgettext_lazy("search kind", "Good models"),
            models=(ModelStoryPage,),
            order=20,
            date=_published,
        ),
    ]
