"""RSS for LED controllers that read tickers from RSS: the screen's current items, newest rules first."""

import hashlib

from django.contrib.syndication.views import Feed as SyndicationFeed
from django.urls import reverse
from django.utils.translation import gettext as _

from screens import selectors
from screens.models import Screen


class ScreenRssFeed(SyndicationFeed):
    def get_object(self, request, screen_id: int):
        self._base = request.build_absolute_uri("/").rstrip("/")
        screen = Screen.objects.select_related("unit").get(pk=screen_id)
        return screen, selectors.cached_feed(screen_id, base_url=self._base)

    def title(self, obj):
        return _("Screen %(name)s") % {"name": obj[0].name}

    def description(self, obj):
        return obj[0].unit.name

    def link(self, obj):
        return reverse("screens:feed_rss", args=[obj[0].pk])

    def items(self, obj):
        feed = obj[1]
        return [item for item in feed.data["items"] if item["kind"] != "clock"] if feed else []

    def item_title(self, item):
        return item["title"]

    def item_description(self, item):
        return item["text"]

    def item_link(self, item):
        return item.get("url") or f"{self._base}/#{item['id']}"

    def item_guid(self, item):
        # Changes when the text does, so tickers pick up an edited message.
        digest = hashlib.sha256(f"{item['title']}\n{item['text']}".encode()).hexdigest()[:12]
        return f"{item['id']}-{digest}"

    item_guid_is_permalink = False
