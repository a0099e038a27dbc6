"""Admin: the category snippet and flat, filterable listings of articles and model stories."""

import django_filters
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from campaign_site.access.roles import ROLE_PERMISSIONS_HOOK
from campaign_site.demo_loaders import DEMO_LOADERS_HOOK, DemoLoader
from campaign_site.feed_links import FEED_LINKS_HOOK, FeedLink
from campaign_site.models import AdministrativeUnit
from campaign_site.slots import HOME_SLOTS_HOOK

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


@hooks.register(ROLE_PERMISSIONS_HOOK)
def news_role_permissions():
    from news.roles import ROLE_PERMISSIONS

    return ROLE_PERMISSIONS


@hooks.register(DEMO_LOADERS_HOOK)
def news_demo_loader():
    return DemoLoader(label="news", order=10, load=_load_demo)


def _load_demo(**kwargs):
    from news import demo  # the demo's content is read only when the demo is built

    return demo.load(**kwargs)


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
