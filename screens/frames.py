"""Render one feed item as a PNG at the panel's native pixel size, for controllers that show only images.

The shipped DejaVu Sans covers every Vietnamese letter; text is wrapped by words and the font size
shrinks until the item fits, but never below what the panel can show legibly:

- LED panels light whole pixels (no grey), and below LED_MIN_PX the stacked tone marks of DejaVu
  Sans Bold merge on such a grid: ồ and ố, ả and á come out alike (measured on thresholded renders,
  tests/screens/test_frames.py). LED frames therefore use bold at LED_MIN_PX or more, and a frame
  that does not fit keeps fewer, larger lines: whole lines of the title first, the text after, the
  last line shown cut at a word with an ellipsis, never mid-word.
- The clock frame shows the time and the weekday with the date ("09:30", "Thứ bảy, 05/12/2026").
"""

import io
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from campaign_site.text import format_date_long

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = FONT_DIR / "DejaVuSans.ttf"
BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
LED_MIN_PX = 20  # the smallest bold size at which every Vietnamese tone mark stays distinct on LEDs
TV_MIN_PX = 12
ELLIPSIS = "…"
MEASURE = "ẤỹgÀ"  # the tallest marks above and the deepest letters below: one line's height

COLOURS = {
    "led": {"background": (0, 0, 0), "title": (255, 176, 0), "text": (255, 214, 102)},
    "tv": {"background": (12, 45, 87), "title": (255, 255, 255), "text": (226, 236, 248)},
    "emergency": {"background": (170, 0, 0), "title": (255, 255, 255), "text": (255, 236, 236)},
}


@lru_cache(maxsize=128)
def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(BOLD if bold else REGULAR), size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if draw.textlength(candidate, font=font) <= width or not line:
                line = candidate
            else:
                lines.append(line)
                line = word
        if line:
            lines.append(line)
    return lines


def _line_height(font) -> int:
    return font.getbbox(MEASURE)[3]


def _fonts(size: int, led: bool):
    """(title font, text font): LEDs use bold for both, so the text keeps its tone marks too."""
    return _font(True, size), _font(led, size if led else max(6, round(size * 0.85)))


def _layout(draw, title: str, text: str, width: int, height: int, size: int, led: bool):
    title_font, text_font = _fonts(size, led)
    spacing = max(1, size // 5)
    blocks = [(line, title_font, True) for line in _wrap(draw, title, title_font, width)]
    blocks += [(line, text_font, False) for line in _wrap(draw, text, text_font, width)]
    total = sum(_line_height(font) + spacing for _, font, _ in blocks)
    too_wide = any(draw.textlength(line, font=font) > width for line, font, _ in blocks)
    return blocks, total, spacing, (total <= height and not too_wide)


def _with_ellipsis(draw, line: str, font, width: int) -> str:
    """`line` followed by an ellipsis, dropping whole words from its end until both fit."""
    words = line.split()
    while words:
        candidate = " ".join(words) + ELLIPSIS
        if draw.textlength(candidate, font=font) <= width:
            return candidate
        words.pop()
    return ELLIPSIS


def _fewer_lines(draw, blocks: list, width: int, height: int, spacing: int) -> tuple[list, int]:
    """The first lines that fit in `height`; the last one kept ends with an ellipsis when any were left out."""
    kept, total = [], 0
    for line, font, is_title in blocks:
        step = _line_height(font) + spacing
        if total + step > height:
            break
        kept.append((line, font, is_title))
        total += step
    if len(kept) < len(blocks) and kept:
        line, font, is_title = kept[-1]
        kept[-1] = (_with_ellipsis(draw, line, font, width), font, is_title)
    return kept, total


def clock_text(now: datetime) -> tuple[str, str]:
    """("09:30", "Thứ bảy, 5/12/2026"): the clock frame's two lines."""
    return now.strftime("%H:%M"), format_date_long(now)


def frame_lines(*, item: dict, width: int, height: int, led: bool, lines: int = 1, now: datetime | None = None):
    """[(line, font size in px)]: what render_frame draws, top to bottom."""
    image = Image.new("RGB", (width, height))
    blocks, *_ = _frame_layout(ImageDraw.Draw(image), item, width, height, led, lines, now)
    return [(line, font.size) for line, font, _is_title in blocks]


def render_frame(
    *, item: dict, width: int, height: int, led: bool, lines: int = 1, now: datetime | None = None
) -> bytes:
    kind = item.get("kind")
    palette = COLOURS["emergency" if kind == "emergency" else "led" if led else "tv"]
    image = Image.new("RGB", (width, height), palette["background"])
    draw = ImageDraw.Draw(image)
    blocks, total, spacing, margin, inner_h, qr = _frame_layout(draw, item, width, height, led, lines, now)
    y = margin + max(0, (inner_h - total) // 2)
    for line, font, is_title in blocks:
        draw.text((margin, y), line, font=font, fill=palette["title"] if is_title else palette["text"])
        y += _line_height(font) + spacing
    if qr is not None:
        image.paste(qr, (width - margin - qr.width, (height - qr.height) // 2))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _frame_layout(draw, item: dict, width: int, height: int, led: bool, lines: int, now: datetime | None):
    kind = item.get("kind")
    margin = max(2, min(width, height) // 40)
    inner_w, inner_h = width - 2 * margin, height - 2 * margin
    title, text = item.get("title", ""), item.get("text", "")
    if kind == "clock" and now is not None:
        title, text = clock_text(now)
    qr = None
    if kind == "poll" and item.get("url") and not led:
        qr = _qr_image(item["url"], min(inner_h, inner_w // 3))
        inner_w -= qr.width + margin
    # Start from the size that fills the panel's text lines, shrink until everything fits, but not
    # below the legible minimum: then show fewer lines instead.
    smallest = min(LED_MIN_PX if led else TV_MIN_PX, inner_h)
    size = max(smallest, min(inner_h // max(1, lines) - 2, inner_h // 3 if not led else inner_h))
    blocks, total, spacing, fits = _layout(draw, title, text, inner_w, inner_h, size, led)
    while not fits and size > smallest:
        size -= 1
        blocks, total, spacing, fits = _layout(draw, title, text, inner_w, inner_h, size, led)
    if not fits:
        blocks, total = _fewer_lines(draw, blocks, inner_w, inner_h, spacing)
    return blocks, total, spacing, margin, inner_h, qr


def _qr_image(url: str, size: int) -> Image.Image:
    """The poll's QR code as a bitmap (segno), as large as the panel allows."""
    import segno

    qr = segno.make(url, error="m")
    modules = qr.symbol_size(scale=1, border=2)[0]
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=max(1, size // modules), border=2)
    buffer.seek(0)
    return Image.open(buffer).convert("RGB")
