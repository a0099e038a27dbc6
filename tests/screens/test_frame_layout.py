"""How a PNG frame lays its text out (screens/frames.py), no database: wrapping by words, the size
that fits, fewer lines with an ellipsis at a word, the colours of each kind, the poll's QR code."""

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from screens import frames
from screens.frames import ELLIPSIS, LED_MIN_PX, TV_MIN_PX, frame_lines, render_frame

WORDS = ["Bộ", "phận", "Một", "cửa", "phường", "Tây", "Hồ", "tiếp", "nhận", "hồ", "sơ", "trực", "tuyến", "ngày"]
DRAW = ImageDraw.Draw(Image.new("RGB", (10, 10)))


def _font(size=20, bold=True):
    return frames._font(bold, size)


# --- Wrapping --------------------------------------------------------------------------------


def test_wrap_keeps_words_whole_and_lines_within_the_width():
    font = _font()
    text = "Bộ phận Một cửa phường Tây Hồ tiếp nhận hồ sơ trực tuyến"
    lines = frames._wrap(DRAW, text, font, 120)
    assert " ".join(lines) == text
    assert len(lines) > 1
    assert all(DRAW.textlength(line, font=font) <= 120 for line in lines)


def test_wrap_fills_each_line_before_starting_the_next():
    font = _font()
    lines = frames._wrap(DRAW, "Tây Hồ Tây Hồ Tây Hồ", font, 10_000)
    assert lines == ["Tây Hồ Tây Hồ Tây Hồ"]
    width = DRAW.textlength("Tây Hồ", font=font)
    assert frames._wrap(DRAW, "Tây Hồ Tây Hồ", font, width) == ["Tây Hồ", "Tây Hồ"]  # exactly as wide fits


def test_wrap_keeps_a_word_longer_than_the_line_on_its_own_line():
    assert frames._wrap(DRAW, "Ủy-ban-nhân-dân-phường Hồ", _font(), 30) == ["Ủy-ban-nhân-dân-phường", "Hồ"]


def test_wrap_keeps_paragraphs_apart_and_drops_empty_ones():
    assert frames._wrap(DRAW, "Tây Hồ\n\nHồ sơ", _font(), 10_000) == ["Tây Hồ", "Hồ sơ"]
    assert frames._wrap(DRAW, "", _font(), 100) == []
    assert frames._wrap(DRAW, "   ", _font(), 100) == []


@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25), st.integers(40, 400))
@settings(deadline=None, max_examples=40)
def test_wrapping_loses_no_word_and_changes_no_order(words, width):
    lines = frames._wrap(DRAW, " ".join(words), _font(), width)
    assert " ".join(lines).split() == words


# --- The ellipsis and fewer lines ------------------------------------------------------------


def test_with_ellipsis_drops_whole_words_until_it_fits():
    font = _font()
    line = "Bộ phận Một cửa phường"
    assert frames._with_ellipsis(DRAW, line, font, 10_000) == line + ELLIPSIS
    width = DRAW.textlength("Bộ phận" + ELLIPSIS, font=font)
    assert frames._with_ellipsis(DRAW, line, font, width) == "Bộ phận" + ELLIPSIS
    assert frames._with_ellipsis(DRAW, line, font, 1) == ELLIPSIS


def test_fewer_lines_keeps_what_fits_and_marks_the_cut():
    font = _font()
    step = frames._line_height(font) + 2
    blocks = [("Dòng một", font, True), ("Dòng hai", font, False), ("Dòng ba", font, False)]
    kept, total = frames._fewer_lines(DRAW, blocks, 10_000, 2 * step, 2)
    assert [line for line, _f, _t in kept] == ["Dòng một", "Dòng hai" + ELLIPSIS]
    assert total == 2 * step
    assert [is_title for _l, _f, is_title in kept] == [True, False]
    whole, total = frames._fewer_lines(DRAW, blocks, 10_000, 3 * step, 2)
    assert whole == blocks and total == 3 * step  # everything fits: no ellipsis
    nothing, total = frames._fewer_lines(DRAW, blocks, 10_000, step - 1, 2)
    assert (nothing, total) == ([], 0)


# --- Choosing the size -----------------------------------------------------------------------


def test_a_short_item_gets_the_size_that_fills_its_lines():
    lines = frame_lines(item={"title": "Tết", "text": ""}, width=384, height=96, led=True, lines=2)
    margin = max(2, 96 // 40)
    inner = 96 - 2 * margin
    assert lines == [("Tết", inner // 2 - 2)]


def test_a_tv_title_starts_at_a_third_of_the_height_and_the_text_is_smaller():
    lines = frame_lines(item={"title": "Tết", "text": "Nghỉ"}, width=1920, height=1080, led=False, lines=1)
    inner = 1080 - 2 * (1080 // 40)
    (title, title_px), (text, text_px) = lines
    assert (title, text) == ("Tết", "Nghỉ")
    assert title_px == inner // 3
    assert text_px == round(title_px * 0.85)


def test_a_long_item_shrinks_but_never_below_the_legible_minimum():
    text = " ".join(WORDS * 6)
    for led, smallest in ((True, LED_MIN_PX), (False, TV_MIN_PX)):
        lines = frame_lines(item={"title": "Thông báo", "text": text}, width=192, height=96, led=led, lines=3)
        title_sizes = [px for line, px in lines[:1]]
        assert title_sizes == [smallest]
        assert lines[-1][0].endswith(ELLIPSIS)


def test_an_item_that_fits_after_shrinking_is_shown_whole():
    title = "Bộ phận Một cửa phường Tây Hồ"
    lines = frame_lines(item={"title": title, "text": ""}, width=384, height=96, led=True, lines=1)
    assert " ".join(line for line, _px in lines) == title
    assert LED_MIN_PX <= lines[0][1] < 96
    assert not any(line.endswith(ELLIPSIS) for line, _px in lines)


# --- Rendering -------------------------------------------------------------------------------


def _image(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB")


def _colours(image: Image.Image) -> set:
    return {colour for _count, colour in image.getcolors(maxcolors=1 << 24)}


@pytest.mark.parametrize(
    ("kind", "led", "background", "title"),
    [
        ("announcement", True, (0, 0, 0), (255, 176, 0)),
        ("announcement", False, (12, 45, 87), (255, 255, 255)),
        ("emergency", True, (170, 0, 0), (255, 255, 255)),
        ("emergency", False, (170, 0, 0), (255, 255, 255)),
    ],
)
def test_each_kind_has_its_colours(kind, led, background, title):
    image = _image(render_frame(item={"kind": kind, "title": "██", "text": ""}, width=192, height=96, led=led))
    assert image.size == (192, 96)
    assert image.getpixel((0, 0)) == background
    assert title in _colours(image)  # the full block is drawn in the title colour


def test_the_text_colour_differs_from_the_titles():
    image = _image(render_frame(item={"title": "█", "text": "█"}, width=384, height=192, led=True, lines=2))
    colours = _colours(image)
    assert (255, 176, 0) in colours and (255, 214, 102) in colours


def test_the_lines_are_centred_vertically():
    image = _image(render_frame(item={"title": "█", "text": ""}, width=192, height=192, led=True, lines=3))
    rows = [y for y in range(192) if any(image.getpixel((x, y)) != (0, 0, 0) for x in range(0, 192, 2))]
    top, bottom = rows[0], 191 - rows[-1]
    assert top > 40 and bottom > 40 and abs(top - bottom) < 20  # in the middle, not at an edge


def test_a_poll_on_a_tv_carries_its_qr_code_on_the_right():
    item = {"kind": "poll", "title": "Bạn hài lòng?", "text": "", "url": "https://cchc.example.vn/polls/1/vote/"}
    image = _image(render_frame(item=item, width=960, height=540, led=False))
    right = image.crop((960 * 2 // 3, 0, 960, 540))
    assert (0, 0, 0) in _colours(right) and (255, 255, 255) in _colours(right)
    lines = frame_lines(item=item, width=960, height=540, led=False)
    no_qr = frame_lines(item={**item, "url": ""}, width=960, height=540, led=False)
    assert lines != no_qr  # the text makes room for the code


def test_a_poll_on_an_led_panel_has_no_qr_code():
    item = {"kind": "poll", "title": "Bạn hài lòng?", "text": "", "url": "https://cchc.example.vn/polls/1/vote/"}
    image = _image(render_frame(item=item, width=192, height=96, led=True))
    assert (255, 255, 255) not in _colours(image)
