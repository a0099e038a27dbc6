"""Screen text fitting: a title or text is refused (never cut) past the smallest limit among the
screens a message reaches, counted in characters, naming that screen's profile and its limit."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from screens.models import ScreenMessage
from screens.models.messages import check_text_fits

pytestmark = pytest.mark.django_db

# target -> (title limit, text limit, the profile with the smallest limits) in the screens fixture:
# ward A has a TV and an LED; ward C (under the district) a portrait TV; the city a ticker.
TARGETS = {
    "ward A": ({"target_unit": "ward_a", "include_subunits": True}, 30, 80, "LED 192×96"),
    "A TV only": ({"target_screen": "a_tv"}, 120, 600, "TV 1920×1080"),
    "city only": ({"target_unit": "city", "include_subunits": False}, 80, 300, "LED ticker"),
    "city and below": ({"target_unit": "city", "include_subunits": True}, 30, 80, "LED 192×96"),
    "district and below": ({"target_unit": "district", "include_subunits": True}, 100, 600, "TV portrait"),
}


def message(screens, units, target, *, title="Thông báo", text="") -> ScreenMessage:
    fields = dict(target)
    if "target_unit" in fields:
        fields["target_unit"] = units[fields["target_unit"]]
    if "target_screen" in fields:
        fields["target_screen"] = screens[fields["target_screen"]]
    # The longest duration allowed, so a scrolling LED panel's reading time never refuses it here
    # (that rule has its own tests in test_led_frames.py).
    return ScreenMessage(title=title, text=text, duration_seconds=300, **fields)


@pytest.mark.parametrize("name", TARGETS)
def test_up_to_the_smallest_limit_fits(screens, units, name):
    target, title_limit, text_limit, _profile = TARGETS[name]
    check_text_fits(message=message(screens, units, target, title="ộ" * title_limit, text="ệ" * text_limit))


@pytest.mark.parametrize("name", TARGETS)
@pytest.mark.parametrize("field", ["title", "text"])
def test_one_character_more_is_refused_naming_the_profile(screens, units, name, field):
    target, title_limit, text_limit, profile = TARGETS[name]
    limit = title_limit if field == "title" else text_limit
    lengths = {"title": 1, "text": 0, field: limit + 1}
    draft = message(screens, units, target, title="ộ" * lengths["title"], text="ệ" * lengths["text"])
    with pytest.raises(ValidationError) as error, translation.override("vi"):
        check_text_fits(message=draft)
    messages = error.value.message_dict
    assert list(messages) == [field]  # only the field that is too long
    assert len(messages[field]) == 1  # one refusal, for the smallest screen
    assert f"{limit + 1} ký tự" in messages[field][0]
    assert f"“{profile}”" in messages[field][0]
    assert f"tối đa {limit}" in messages[field][0]


def test_both_fields_too_long_are_both_refused(screens, units):
    draft = message(screens, units, TARGETS["ward A"][0], title="T" * 31, text="x" * 81)
    with pytest.raises(ValidationError) as error:
        check_text_fits(message=draft)
    assert set(error.value.message_dict) == {"title", "text"}


def test_a_target_without_screens_has_no_limit(screens, units):
    check_text_fits(
        message=message(screens, units, {"target_unit": "district", "include_subunits": False}, text="x" * 900)
    )
    check_text_fits(message=ScreenMessage(title="T" * 199, text="x" * 5000))  # no target at all yet
