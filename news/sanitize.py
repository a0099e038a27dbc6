"""Cleans HTML from imports and pasted sources with nh3 before it becomes rich text.

Only the markup the article editor itself can produce survives: paragraphs, emphasis, lists,
sub-headings and plain links. Scripts, styles, forms, iframes, event attributes and
javascript: links are removed.
"""

import nh3

from campaign_site.text import nfc

ALLOWED_TAGS = {"p", "br", "b", "strong", "i", "em", "a", "ol", "ul", "li", "h3", "h4", "sup", "sub"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html: str | None) -> str:
    return nh3.clean(
        nfc(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


EMBED_TAGS = {"iframe", "div", "p", "a", "blockquote"}
EMBED_ATTRIBUTES = {
    "iframe": {"src", "title", "width", "height", "allow", "allowfullscreen", "loading", "referrerpolicy"},
    "a": {"href"},
    "div": {"class"},
}


def sanitize_embed(html: str | None) -> str:
    """oEmbed HTML without scripts: providers' iframes stay, their script tags go."""
    return nh3.clean(
        html or "",
        tags=EMBED_TAGS,
        attributes=EMBED_ATTRIBUTES,
        url_schemes={"https"},
        link_rel="noopener noreferrer",
    )
