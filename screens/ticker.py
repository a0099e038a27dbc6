"""How the LED player scrolls one item, and how long an item needs for it.

On an LED panel the player (static/screens/player.js) shows an item as one bold line. The line
starts at the left edge, so the panel is never blank (not even on the first frame): the start is
held HOLD_START seconds, the line scrolls left until its end reaches the right edge, and the end is
held HOLD_END seconds. The scroll is timed so the whole item takes exactly its duration, unless that
would be faster than a passer-by can read (MAX_SPEED_EM font sizes per second, about five letters):
then the item takes as long as it needs, and an editor saving a message is told how long that is
(`check_ticker_duration`, called by services.check_text_fits).
"""

from __future__ import annotations

import math
from functools import lru_cache

from PIL import ImageFont

from .frames import BOLD

HOLD_START = 1.5
HOLD_END = 1.0
MAX_SPEED_EM = 3.0
# The ticker's font size as a share of the panel's height (player.css: 60vh; 42vh on text panels).
FONT_SHARE = {"led_text": 0.42}
DEFAULT_FONT_SHARE = 0.60


def ticker_line(title: str, text: str) -> str:
    """The one line the player scrolls (as player.js joins them)."""
    text = " ".join((text or "").split())
    return f"{title} — {text}" if text else title


@lru_cache(maxsize=64)
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(BOLD), size)


def needed_seconds(*, title: str, text: str, profile) -> int:
    """Whole seconds the item needs on this LED profile at the fastest readable speed."""
    font_px = max(6, round(profile.height_px * FONT_SHARE.get(profile.kind, DEFAULT_FONT_SHARE)))
    width = _font(font_px).getlength(ticker_line(title, text))
    distance = max(0.0, width - profile.width_px)
    if not distance:
        return 0
    return math.ceil(HOLD_START + HOLD_END + distance / (MAX_SPEED_EM * font_px))
