"""How long an LED item needs to scroll (screens/ticker.py), on unsaved profiles, no database: the
documented rule with its own numbers (start held 1.5 s, end held 1 s, at most 3 font sizes a second,
the font 60 % of the panel's height, 42 % on text panels, never under 6 px). `make mutation` runs these."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import ImageFont

from screens import ticker
from screens.frames import BOLD
from screens.models import DisplayProfile
from screens.models.profiles import ProfileKind

WORDS = ["Bộ", "phận", "Một", "cửa", "phường", "Tây", "Hồ", "nhận", "hồ", "sơ", "ngày", "14/2", "—", "Tết"]


def _profile(width: int, height: int, kind=ProfileKind.LED_TICKER) -> DisplayProfile:
    return DisplayProfile(name="Bảng thử", kind=kind, width_px=width, height_px=height)


def _documented(title: str, text: str, profile: DisplayProfile) -> int:
    """The rule as the module's docstring states it, with the numbers written out."""
    share = 0.42 if profile.kind == ProfileKind.LED_TEXT else 0.60
    font_px = max(6, round(profile.height_px * share))
    line = f"{title} — {' '.join(text.split())}" if text.split() else title
    overflow = ImageFont.truetype(str(BOLD), font_px).getlength(line) - profile.width_px
    return 0 if overflow <= 0 else math.ceil(1.5 + 1.0 + overflow / (3.0 * font_px))


# --- The one line the player scrolls ---------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "text", "line"),
    [
        ("Thông báo", "Nghỉ Tết", "Thông báo — Nghỉ Tết"),
        ("Thông báo", "  Nghỉ\n Tết\t từ 14/2 ", "Thông báo — Nghỉ Tết từ 14/2"),
        ("Thông báo", "", "Thông báo"),
        ("Thông báo", None, "Thông báo"),
        ("Thông báo", " \n ", "Thông báo"),
    ],
)
def test_the_ticker_line_joins_title_and_text_as_the_player_does(title, text, line):
    assert ticker.ticker_line(title, text) == line


# --- The time it needs -----------------------------------------------------------------------


def test_a_line_that_fits_the_panel_needs_no_time():
    assert ticker.needed_seconds(title="Tết", text="", profile=_profile(4000, 32)) == 0


def test_a_line_exactly_as_wide_as_the_panel_needs_no_time():
    width = math.ceil(ImageFont.truetype(str(BOLD), 19).getlength("Nghỉ Tết"))  # 32 px high: 19 px font
    assert ticker.needed_seconds(title="Nghỉ Tết", text="", profile=_profile(width, 32)) == 0
    assert ticker.needed_seconds(title="Nghỉ Tết", text="", profile=_profile(width - 1, 32)) == 3  # held 2.5 s


@pytest.mark.parametrize(
    ("width", "height", "kind"),
    [
        (192, 32, ProfileKind.LED_TICKER),  # 19 px font
        (192, 32, ProfileKind.LED_TEXT),  # 42 %: 13 px
        (96, 11, ProfileKind.LED_TICKER),  # 6.6 rounds to 7, not 6
        (96, 5, ProfileKind.LED_TICKER),  # 3 px would be unreadable: 6
        (96, 14, ProfileKind.LED_TEXT),  # 5.88 rounds to 6
        (384, 64, ProfileKind.TV_LANDSCAPE),  # any other kind: 60 %
    ],
)
def test_the_documented_time_on_each_kind_of_panel(width, height, kind):
    title, text = "Lịch làm việc thứ Bảy", "Bộ phận Một cửa tiếp nhận hồ sơ đất đai, hộ tịch và cư trú."
    profile = _profile(width, height, kind)
    assert ticker.needed_seconds(title=title, text=text, profile=profile) == _documented(title, text, profile)


def test_a_known_case_in_whole_seconds():
    """192×32 ticker, 19 px bold: the line overflows by a known width; the rounding is always up."""
    profile = _profile(192, 32)
    width = ImageFont.truetype(str(BOLD), 19).getlength("Thông báo — Nghỉ Tết từ 14/2 đến hết 22/2")
    expected = math.ceil(2.5 + (width - 192) / 57)
    assert ticker.needed_seconds(title="Thông báo", text="Nghỉ Tết từ 14/2 đến hết 22/2", profile=profile) == expected
    assert expected > 2.5 + (width - 192) / 57  # a fraction of a second more is a whole second


@given(
    title=st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join),
    text=st.lists(st.sampled_from(WORDS), max_size=30).map(" ".join),
    width=st.integers(32, 1024),
    height=st.integers(4, 128),
    kind=st.sampled_from([ProfileKind.LED_TICKER, ProfileKind.LED_TEXT]),
)
@settings(deadline=None, max_examples=60)
def test_the_documented_rule_for_any_item_and_panel(title, text, width, height, kind):
    profile = _profile(width, height, kind)
    assert ticker.needed_seconds(title=title, text=text, profile=profile) == _documented(title, text, profile)


@given(text=st.lists(st.sampled_from(WORDS), min_size=1, max_size=20).map(" ".join))
@settings(deadline=None, max_examples=30)
def test_more_text_never_needs_less_time(text):
    profile = _profile(160, 32)
    shorter = ticker.needed_seconds(title="Thông báo", text=text, profile=profile)
    assert ticker.needed_seconds(title="Thông báo", text=text + " Tây Hồ", profile=profile) >= shorter
