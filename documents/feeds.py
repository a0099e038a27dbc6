"""RSS 2.0 and Atom feeds of the register: the latest documents by issue date."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from documents import selectors

FEED_SIZE = 30


class RegisterFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "vi"

    def __init__(self, *, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return _("Documents register")

    def description(self):
        return _("The latest legal and administrative documents in the register.")

    def link(self):
        return self.index_page.get_url(request=self.request)

    def items(self):
        return selectors.published_documents().order_by("-issued_on", "-pk")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_guid(self, item):
        return f"{self.request.get_host()}:legal-document:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at


class RegisterAtomFeed(RegisterFeed):
    feed_type = Atom1Feed
    subtitle = RegisterFeed.description
