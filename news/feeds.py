"""RSS 2.0 and Atom feeds of the news: all of it, one category, one unit (and the units below it)."""

from urllib.parse import urlsplit

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _
from wagtail.models import Site

from campaign_site.models import AdministrativeUnit
from campaign_site.public_url import absolute_url, public_base_url

from . import selectors
from .models import Category

FEED_SIZE = 30


class _NewsFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "vi"

    def __call__(self, request, *args, **kwargs):
        self.request = request
        self.site = Site.find_for_request(request)
        return super().__call__(request, *args, **kwargs)

    def title(self, obj=None):
        return _("Administrative reform news")

    def description(self, obj=None):
        return _("The latest administrative reform news.")

    def link(self, obj=None):
        return absolute_url("/", self.request)

    def feed_url(self, obj=None):
        return absolute_url(self.request.path, self.request)

    def articles(self, obj):
        return selectors.filtered_articles()

    def items(self, obj=None):
        return self.articles(obj)[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return absolute_url(item.get_url(request=self.request) or item.url_path, self.request)

    def item_guid(self, item):
        # Not a link, but named after the public host too, so one article keeps one id.
        return f"{urlsplit(public_base_url(self.request)).netloc}:news-article:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.published_at

    def item_author_name(self, item):
        return item.author or None

    def item_categories(self, item):
        return [item.category.name] if item.category_id else []


class LatestNewsFeed(_NewsFeed):
    pass


class LatestNewsAtomFeed(LatestNewsFeed):
    feed_type = Atom1Feed
    subtitle = _NewsFeed.description


class CategoryFeed(_NewsFeed):
    def get_object(self, request, slug):
        category = Category.objects.filter(slug=slug).first()
        if category is None:
            raise Http404(_("There is no such category."))
        return category

    def title(self, obj=None):
        return _("Administrative reform news: %(name)s") % {"name": obj.name}

    def articles(self, obj):
        return selectors.filtered_articles(category=obj)


class CategoryAtomFeed(CategoryFeed):
    feed_type = Atom1Feed
    subtitle = _NewsFeed.description


class UnitFeed(_NewsFeed):
    def get_object(self, request, code):
        unit = AdministrativeUnit.objects.filter(code=code).first()
        if unit is None:
            raise Http404(_("There is no such administrative unit."))
        return unit

    def title(self, obj=None):
        return _("Administrative reform news: %(name)s") % {"name": obj.name}

    def articles(self, obj):
        return selectors.filtered_articles(unit=obj)


class UnitAtomFeed(UnitFeed):
    feed_type = Atom1Feed
    subtitle = _NewsFeed.description
