"""Page and snippet addresses: ASCII, accent-folded, short.

Wagtail keeps Unicode slugs by default, so a Vietnamese title gave addresses such as
`ph%C6%B0%E1%BB%9Dng-t%C3%A2y-h%E1%BB%93…` once percent-encoded. Every slug typed or generated in
the admin goes through `vietnamese_slug`: folded like search (đ→d, no tone marks), lower case,
words joined by hyphens and cut at a word boundary. Titles are never touched.
"""

import re

from django import forms

from campaign_site.text import fold

MAX_SLUG_LENGTH = 80
_WORD = re.compile(r"[a-z0-9]+")


def vietnamese_slug(text: str | None, *, max_length: int = MAX_SLUG_LENGTH) -> str:
    """ "Phường Tây Hồ đón 8.429 hồ sơ" → "phuong-tay-ho-don-8-429-ho-so", at most `max_length`
    characters, never cut inside a word (a single over-long word is cut at the limit)."""
    slug = ""
    for word in _WORD.findall(fold(text)):
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            return slug or candidate[:max_length]
        slug = candidate
    return slug


class VietnameseSlugField(forms.SlugField):
    """A slug form field that folds whatever was typed (or filled in from the title) to ASCII."""

    def to_python(self, value):
        value = super().to_python(value)
        return vietnamese_slug(value) if value else value
