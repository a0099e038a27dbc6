"""Checking a feed address before it is saved, and finding the feed of an ordinary web page from
its <link rel="alternate" type="application/rss+xml"> tags (as Miniflux and FreshRSS do).

Every request goes through `fetching.fetch`: the same SSRF guard, caps and timeouts as a fetch round."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from .failures import FailureKind
from .fetching import FetchError, fetch
from .parsing import FeedParseError, parse_feed

FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/feed+xml", "application/xml", "text/xml"}
MAX_FOUND = 10


@dataclass
class FeedCheck:
    """What an address turned out to be: a feed (with its title and item count), or a failure with,
    for a web page, the feeds the page links to."""

    url: str
    error: FetchError | None = None
    title: str = ""
    items: int = 0
    found: list[tuple[str, str]] = field(default_factory=list)  # (title, absolute feed URL)

    @property
    def ok(self) -> bool:
        return self.error is None


def _joined(base: str, href: str) -> str:
    """`href` made absolute against `base`; '' when either cannot be read as a URL ("//[x")."""
    try:
        return urljoin(base, href)
    except ValueError:
        return ""


class _AlternateLinks(HTMLParser):
    def __init__(self, base_url: str):
        super().__init__(convert_charrefs=True)
        self.base_url, self.found = base_url, []

    def handle_starttag(self, tag, attrs):
        if tag == "base":
            href = dict(attrs).get("href")
            if href:
                self.base_url = _joined(self.base_url, href) or self.base_url
        if tag not in ("link", "a") or len(self.found) >= MAX_FOUND:
            return
        values = {name: (value or "") for name, value in attrs}
        rels = values.get("rel", "").lower().split()
        kind = values.get("type", "").split(";")[0].strip().lower()
        href = values.get("href", "").strip()
        if "alternate" in rels and kind in FEED_TYPES and href:
            url = _joined(self.base_url, href)
            if url.lower().startswith(("http://", "https://")) and url not in (u for _t, u in self.found):
                self.found.append((values.get("title", "").strip(), url))


def alternate_feeds(html: bytes, *, base_url: str) -> list[tuple[str, str]]:
    """The (title, URL) of every feed an HTML page declares, in page order, absolute, http(s) only."""
    parser = _AlternateLinks(base_url)
    try:
        parser.feed(html[: 512 * 1024].decode("utf-8", errors="replace"))
        parser.close()
    except AssertionError:  # html.parser on hopeless markup: what was found so far stands
        pass
    return parser.found


def check_feed(url: str) -> FeedCheck:
    """Fetch `url` once and say whether it is an RSS/Atom feed; for a web page, list its feeds."""
    check = FeedCheck(url=url)
    try:
        result = fetch(url, in_request=True)
    except FetchError as error:
        check.error = error
        return check
    try:
        parsed = parse_feed(result.body, result.headers, base_url=result.url)
    except FeedParseError as error:
        check.error = FetchError(str(error), kind=FailureKind.NOT_FEED, status=result.status)
        check.found = alternate_feeds(result.body, base_url=result.url)
        return check
    check.title, check.items = parsed.title, len(parsed.entries)
    return check


def describe_failure(check: FeedCheck) -> str:
    """One Vietnamese sentence for a refused address: the reason, then the detail."""
    error = check.error
    if error is None:
        return ""
    return _("This address cannot be used as a feed: %(reason)s (%(detail)s).") % {
        "reason": error.reason,
        "detail": Truncator(error.message).chars(200),
    }
