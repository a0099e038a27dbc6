"""Marks glossary terms with <abbr title="…"> on their first use in rendered article HTML.

Works on text nodes only (never inside tags, attributes, links or existing <abbr>), so it is safe
to run on the HTML that Wagtail's blocks render. The glossary is cached and refreshed on change.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

from django.core.cache import cache

from campaign_site.models import Abbreviation

CACHE_KEY = "news:abbreviations:v1"
CACHE_SECONDS = 60 * 60
# Text inside these elements is left alone.
SKIP_ELEMENTS = {"a", "abbr", "script", "style", "code", "pre", "button", "textarea", "svg", "title", "h1", "h2"}
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def glossary() -> dict[str, str]:
    """{"TTHC": "Thủ tục hành chính", ...}, from the cache when possible."""
    terms = cache.get(CACHE_KEY)
    if terms is None:
        terms = dict(Abbreviation.objects.values_list("short", "expansion"))
        cache.set(CACHE_KEY, terms, CACHE_SECONDS)
    return terms


def forget_glossary(**kwargs):
    """Connected to the glossary's saves and deletes (news.signal_handlers)."""
    cache.delete(CACHE_KEY)


def _pattern(terms) -> re.Pattern | None:
    if not terms:
        return None
    # Longest first, so "PAR Index" wins over a shorter term it contains; whole words only.
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)({alternatives})(?!\w)")


class _Marker(HTMLParser):
    def __init__(self, terms: dict[str, str]):
        super().__init__(convert_charrefs=False)
        self.terms = terms
        self.pattern = _pattern(terms)
        self.seen: set[str] = set()
        self.skip_stack: list[str] = []
        self.out: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.out.append(self.get_starttag_text())
        if tag in SKIP_ELEMENTS and tag not in VOID_ELEMENTS:
            self.skip_stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")
        if self.skip_stack and self.skip_stack[-1] == tag:
            self.skip_stack.pop()

    def handle_data(self, data):
        if self.skip_stack or self.pattern is None:
            self.out.append(data)
            return
        self.out.append(self.pattern.sub(self._replace, data))

    def _replace(self, match: re.Match) -> str:
        term = match.group(1)
        if term in self.seen:
            return term
        self.seen.add(term)
        return f'<abbr title="{escape(self.terms[term])}">{term}</abbr>'

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")

    def unknown_decl(self, data):
        self.out.append(f"<![{data}]>")

    def handle_pi(self, data):
        self.out.append(f"<?{data}>")


def mark_abbreviations(html: str, terms: dict[str, str] | None = None) -> str:
    """Return `html` with the first use of each glossary term wrapped in <abbr title>."""
    terms = glossary() if terms is None else terms
    if not html or not terms:
        return html
    marker = _Marker(terms)
    marker.feed(html)
    marker.close()
    return "".join(marker.out)
