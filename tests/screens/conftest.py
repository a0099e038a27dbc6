"""Screens fixtures: profiles, screens in two wards and a ward under a district, with known tokens."""

import pytest
from django.core.cache import cache

from screens import services
from screens.models import DisplayProfile, ProfileKind, Screen
from tests.factories import ScreenMessageFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def profiles(db):
    return {
        "led": DisplayProfile.objects.create(
            name="LED 192×96",
            kind=ProfileKind.LED_TEXT,
            width_px=192,
            height_px=96,
            text_lines=3,
            max_title_chars=30,
            max_text_chars=80,
        ),
        "ticker": DisplayProfile.objects.create(
            name="LED ticker",
            kind=ProfileKind.LED_TICKER,
            width_px=768,
            height_px=64,
            text_lines=1,
            max_title_chars=80,
            max_text_chars=300,
        ),
        "tv": DisplayProfile.objects.create(
            name="TV 1920×1080",
            kind=ProfileKind.TV_LANDSCAPE,
            width_px=1920,
            height_px=1080,
            text_lines=12,
            max_title_chars=120,
            max_text_chars=600,
        ),
        "portrait": DisplayProfile.objects.create(
            name="TV portrait",
            kind=ProfileKind.TV_PORTRAIT,
            width_px=1080,
            height_px=1920,
            text_lines=16,
            max_title_chars=100,
            max_text_chars=600,
        ),
    }


def _screen(name, unit, profile, **extra):
    screen = Screen.objects.create(
        name=name,
        unit=unit,
        profile=profile,
        show_news=False,
        show_bulletin=False,
        show_poll=False,
        show_clock=False,
        **extra,
    )
    token = f"token-{name}-0123456789abcdef"
    services.set_token(screen=screen, token=token)
    screen.token = token  # plain token, for the tests only
    return screen


@pytest.fixture
def screens(units, profiles):
    return {
        "a_tv": _screen("A TV", units["ward_a"], profiles["tv"]),
        "a_led": _screen("A LED", units["ward_a"], profiles["led"]),
        "b_tv": _screen("B TV", units["ward_b"], profiles["tv"]),
        "c_tv": _screen("C TV", units["ward_c"], profiles["portrait"]),
        "city_ticker": _screen("City ticker", units["city"], profiles["ticker"]),
    }


@pytest.fixture
def make_message(db):
    """make_message(**fields) -> an approved message (written straight to the database)."""
    return ScreenMessageFactory


def auth(screen):
    return {"HTTP_AUTHORIZATION": f"Bearer {screen.token}"}
