"""QR codes as inline SVG (segno, no network), cached per address."""

from functools import lru_cache

import segno
from django.utils.html import escape


@lru_cache(maxsize=1024)
def qr_svg(url: str, label: str) -> str:
    svg = segno.make(url, error="m").svg_inline(scale=4, border=2, title=label, svgclass="qr-code", omitsize=True)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)
