"""Our outgoing syndication: RSS 2.0 and Atom feeds of the published bulletins (routes of the
bulletin index page). "Feed" elsewhere in this app means the incoming press feeds."""

import datetime as dt

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from campaign_site.public_url import absolute_url

from .selectors import bulletin_headlines, bulletin_list

FEED_LENGTH = 30


class BulletinRssFeed(Feed):
    def __init__(self, index):
        super().__init__()
        self.index = index

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return self.index.title

    def link(self):
        return absolute_url(self.index.get_url(request=self.request), self.request)

    def feed_url(self):
        return absolute_url(self.request.path, self.request)

    def description(self):
        return self.index.intro or self.index.title

    def items(self):
        return bulletin_list(index=self.index).prefetch_related("items")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return absolute_url(item.get_url(request=self.request), self.request)

    def item_description(self, item):
        headlines = "".join(f"<li>{escape(h)}</li>" for h in bulletin_headlines(item, limit=50))
        return f"<ol>{headlines}</ol>" if headlines else escape(item.intro)

    def item_pubdate(self, item):
        return timezone.make_aware(dt.datetime.combine(item.date, dt.time(7, 0)))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_guid(self, item):
        return item.full_url or str(item.pk)


class BulletinAtomFeed(BulletinRssFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
