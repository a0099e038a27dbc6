"""Render one feed item as a PNG at the panel's native pixel size, for controllers that show only images.

The shipped DejaVu Sans covers every Vietnamese letter; text is wrapped by words and the font size
shrinks until the item fits.
"""

import io
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = FONT_DIR / "DejaVuSans.ttf"
BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"

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


def _layout(draw, title: str, text: str, width: int, height: int, size: int):
    title_font, text_font = _font(True, size), _font(False, max(6, round(size * 0.85)))
    spacing = max(1, size // 5)
    blocks = [(line, title_font) for line in _wrap(draw, title, title_font, width)]
    blocks += [(line, text_font) for line in _wrap(draw, text, text_font, width)]
    total = sum(font.getbbox("ẤỹgÀ")[3] + spacing for _, font in blocks)
    too_wide = any(draw.textlength(line, font=font) > width for line, font in blocks)
    return blocks, total, spacing, (total <= height and not too_wide)


def render_frame(
    *, item: dict, width: int, height: int, led: bool, lines: int = 1, now: datetime | None = None
) -> bytes:
    kind = item.get("kind")
    palette = COLOURS["emergency" if kind == "emergency" else "led" if led else "tv"]
    image = Image.new("RGB", (width, height), palette["background"])
    draw = ImageDraw.Draw(image)
    margin = max(2, min(width, height) // 40)
    inner_w, inner_h = width - 2 * margin, height - 2 * margin
    title, text = item.get("title", ""), item.get("text", "")
    if kind == "clock" and now is not None:
        title, text = now.strftime("%H:%M"), now.strftime("%d/%m/%Y")
    qr = None
    if kind == "poll" and item.get("url") and not led:
        qr = _qr_image(item["url"], min(inner_h, inner_w // 3))
        inner_w -= qr.width + margin
    # Start from the size that fills the panel's text lines, shrink until everything fits.
    size = max(8, min(inner_h // max(1, lines) - 2, inner_h // 3 if not led else inner_h))
    blocks, total, spacing, fits = _layout(draw, title, text, inner_w, inner_h, size)
    while not fits and size > 7:
        size -= 1
        blocks, total, spacing, fits = _layout(draw, title, text, inner_w, inner_h, size)
    y = margin + max(0, (inner_h - total) // 2)
    for line, font in blocks:
        colour = palette["title"] if font.path == str(BOLD) else palette["text"]
        draw.text((margin, y), line, font=font, fill=colour)
        y += font.getbbox("ẤỹgÀ")[3] + spacing
    if qr is not None:
        image.paste(qr, (width - margin - qr.width, (height - qr.height) // 2))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _qr_image(url: str, size: int) -> Image.Image:
    """The poll's QR code as a bitmap (segno), as large as the panel allows."""
    import segno

    qr = segno.make(url, error="m")
    modules = qr.symbol_size(scale=1, border=2)[0]
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=max(1, size // modules), border=2)
    buffer.seek(0)
    return Image.open(buffer).convert("RGB")
