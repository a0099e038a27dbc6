"""The pure fitting rule (screens/fitting.py): which field a targeted panel refuses, and which panel
the reason names. No database: the model's check_text_fits only gathers the panels."""

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from screens.fitting import PanelLimits, fit_errors

LED = PanelLimits("LED cổng", max_title_chars=20, max_text_chars=80, needed_seconds=12)
TV = PanelLimits("TV sảnh", max_title_chars=60, max_text_chars=400, needed_seconds=0)
NARROW_TV = PanelLimits("TV hẹp", max_title_chars=30, max_text_chars=50, needed_seconds=0)


def errors(title="", text="", duration=None, panels=(LED, TV)):
    with translation.override("en"):
        return fit_errors(title=title, text=text, duration_seconds=duration, panels=list(panels))


def test_no_panel_targeted_refuses_nothing():
    assert errors("T" * 500, "x" * 5000, 1, panels=()) == {}


def test_a_message_at_every_limit_fits():
    assert errors("T" * 20, "x" * 50, 12, panels=(LED, TV, NARROW_TV)) == {}


def test_one_character_over_the_strictest_title_names_that_profile():
    assert errors("T" * 21) == {"title": "The title has 21 characters; the screen profile “LED cổng” shows at most 20."}


def test_one_character_over_the_strictest_text_names_that_profile():
    assert errors(text="x" * 51, panels=(TV, NARROW_TV, LED)) == {
        "text": "The text has 51 characters; the screen profile “TV hẹp” shows at most 50."
    }


def test_the_strictest_panel_is_named_whatever_the_order():
    for panels in ((LED, TV, NARROW_TV), (NARROW_TV, TV, LED), (TV, NARROW_TV, LED)):
        assert "“LED cổng” shows at most 20" in errors("T" * 25, panels=panels)["title"]
        assert "“TV hẹp” shows at most 50" in errors(text="x" * 60, panels=panels)["text"]


def test_a_title_the_larger_panel_takes_is_still_refused_by_the_smaller():
    assert set(errors("T" * 40, "x" * 100)) == {"title", "text"}
    assert errors("T" * 40, "x" * 100, panels=(TV,)) == {}


def test_characters_are_counted_not_bytes():
    assert errors("ộ" * 20, "ệ" * 80) == {}
    assert set(errors("ộ" * 21, "ệ" * 81)) == {"title", "text"}


def test_a_duration_shorter_than_the_led_scroll_is_refused_with_the_time_needed():
    assert errors(duration=11) == {
        "duration_seconds": "On the LED screen profile “LED cổng” this message needs at least 12 seconds to "
        "scroll at a readable speed; give it that long or shorten it."
    }


def test_a_duration_equal_to_the_scroll_fits():
    assert errors(duration=12) == {}


@pytest.mark.parametrize("duration", [None, 0])
def test_without_a_duration_the_scroll_time_is_not_checked(duration):
    assert errors(duration=duration) == {}


def test_the_slowest_led_panel_is_named():
    slow = PanelLimits("LED chợ", max_title_chars=40, max_text_chars=200, needed_seconds=30)
    for panels in ((LED, slow, TV), (slow, LED, TV), (TV, LED, slow)):
        reason = errors(duration=20, panels=panels)["duration_seconds"]
        assert "“LED chợ”" in reason and "at least 30 seconds" in reason


def test_panels_that_do_not_scroll_never_refuse_a_duration():
    assert errors(duration=1, panels=(TV, NARROW_TV)) == {}


def test_all_three_reasons_at_once():
    assert set(errors("T" * 21, "x" * 81, 5)) == {"title", "text", "duration_seconds"}


@settings(deadline=None, max_examples=200)
@given(
    title=st.integers(0, 120),
    text=st.integers(0, 600),
    duration=st.one_of(st.none(), st.integers(0, 120)),
    limits=st.lists(st.tuples(st.integers(1, 100), st.integers(1, 500), st.integers(0, 100)), min_size=0, max_size=4),
)
def test_a_field_is_refused_exactly_when_some_panel_is_too_small(title, text, duration, limits):
    panels = [PanelLimits(f"P{n}", t, x, s) for n, (t, x, s) in enumerate(limits)]
    found = errors("T" * title, "x" * text, duration, panels)
    assert ("title" in found) == any(title > panel.max_title_chars for panel in panels)
    assert ("text" in found) == any(text > panel.max_text_chars for panel in panels)
    assert ("duration_seconds" in found) == (bool(duration) and any(p.needed_seconds > duration for p in panels))
