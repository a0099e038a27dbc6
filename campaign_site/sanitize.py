"""The one HTML sanitiser configuration (nh3) for HTML that comes from outside: imported article
bodies, press-feed summaries and oEmbed snippets.

Every use shares the same base: inline emphasis, paragraphs, lists and plain links to
http(s)/mailto (a javascript: link loses its href), no comments, and scripts, styles, forms,
iframes and other active content dropped with what is inside them. Each use adds only what its
output may also hold: article bodies keep the editor's sub-headings; feed summaries keep quotes
and mark their links nofollow (they point at other sites' content).
"""

import html as html_lib
import re

import nh3

from campaign_site.text import clean_line, nfc

BASE_TAGS = frozenset({"p", "br", "a", "strong", "b", "em", "i", "ul", "ol", "li", "sub", "sup"})
BASE_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
DROPPED_WITH_CONTENT = frozenset({"script", "style", "form", "iframe", "object", "embed", "noscript", "template"})
LINK_REL = "noopener noreferrer"

RICH_TEXT_TAGS = BASE_TAGS | {"h3", "h4"}
FEED_SUMMARY_TAGS = BASE_TAGS | {"u", "blockquote", "q", "cite"}
FEED_SUMMARY_ATTRIBUTES = {"a": {"href", "title"}, "q": {"cite"}}

EMBED_TAGS = frozenset({"iframe", "div", "p", "a", "blockquote"})
EMBED_ATTRIBUTES = {
    "iframe": {"src", "title", "width", "height", "allow", "allowfullscreen", "loading", "referrerpolicy"},
    "a": {"href"},
    "div": {"class"},
}


def _cleaner(*, tags, attributes, link_rel: str = LINK_REL) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(tags),
        attributes={tag: set(names) for tag, names in attributes.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=link_rel,
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        strip_comments=True,
    )


# Built once: nh3.clean builds its sanitiser (ammonia's default sets and the options) on every call,
# which cost more than the cleaning itself on a feed summary (~13 of ~20 µs).
_RICH_TEXT_CLEANER = _cleaner(tags=RICH_TEXT_TAGS, attributes=BASE_ATTRIBUTES)
_FEED_SUMMARY_CLEANER = _cleaner(
    tags=FEED_SUMMARY_TAGS, attributes=FEED_SUMMARY_ATTRIBUTES, link_rel=f"{LINK_REL} nofollow"
)
_EMBED_CLEANER = nh3.Cleaner(
    tags=set(EMBED_TAGS),
    attributes={tag: set(names) for tag, names in EMBED_ATTRIBUTES.items()},
    url_schemes={"https"},
    link_rel=LINK_REL,
)
_TEXT_CLEANER = nh3.Cleaner(tags=set(), clean_content_tags={"script", "style"})


def clean_rich_text(value: str | None) -> str:
    """HTML that becomes an article's rich text: only the markup the article editor can produce."""
    return _RICH_TEXT_CLEANER.clean(nfc(value or "")).strip()


def clean_feed_summary(value: str | None) -> str:
    """A press item's summary: inline markup and quotes; links marked nofollow."""
    return _FEED_SUMMARY_CLEANER.clean(nfc(value or "")).strip()


def clean_embed(value: str | None) -> str:
    """oEmbed HTML without scripts: providers' iframes stay (https only), their script tags go."""
    return _EMBED_CLEANER.clean(value or "")


# Paragraph ends become spaces before the tags go, so words do not run together.
_BLOCK_END = re.compile(r"(?i)<\s*(br|/p|/li|/blockquote)[^>]*>")
# A tag as nh3 writes one: attribute values always in double quotes (they may hold a ">").
_SERIALISED_TAG = re.compile(r'<[^>"]*(?:"[^"]*"[^>"]*)*>')


def html_to_text(value: str | None) -> str:
    """Plain text of an HTML fragment, on one line."""
    if not value:
        return ""
    spaced = _BLOCK_END.sub(" ", value)
    return clean_line(html_lib.unescape(_TEXT_CLEANER.clean(spaced)))


def sanitized_html_to_text(value: str) -> str:
    """html_to_text of HTML that one of the cleaners above returned, without parsing it again.

    Their output is serialised markup: every "<" of the text is escaped, comments and script/style
    are gone, so removing the tags leaves exactly the text a second nh3 pass would keep."""
    if not value:
        return ""
    spaced = _BLOCK_END.sub(" ", value)
    if spaced.startswith("\ufeff"):  # the HTML parser drops a leading byte-order mark
        return html_to_text(value)
    return clean_line(html_lib.unescape(_SERIALISED_TAG.sub("", spaced)))
