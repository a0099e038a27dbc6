"""Feeds every public page announces in its <head> (`<link rel="alternate">`), filled by the apps
that own them, without the shared shell knowing those apps:

    @hooks.register(FEED_LINKS_HOOK)
    def news_feeds(request) -> list[FeedLink]: ...

A section's own feeds (one category, one unit, the bulletins) are added by its templates in the
`feed_links` block of base.html.
"""

from __future__ import annotations

from dataclasses import dataclass

from wagtail import hooks

FEED_LINKS_HOOK = "campaign_feed_links"
MIME_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}


@dataclass(frozen=True)
class FeedLink:
    title: str
    url: str
    kind: str = "rss"  # "rss" or "atom"

    @property
    def mime_type(self) -> str:
        return MIME_TYPES[self.kind]


def site_feed_links(request) -> list[FeedLink]:
    links: list[FeedLink] = []
    for provider in hooks.get_hooks(FEED_LINKS_HOOK):
        links.extend(provider(request) or [])
    return links
