"""Polls ready to vote in, and helpers that read what was stored."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from surveys.models import Ballot, PollResultCount, ResultsVisibility
from tests.factories import SATISFACTION_CHOICES as CHOICES
from tests.factories import PollFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()  # the rate limit lives in the cache
    yield
    cache.clear()


@pytest.fixture
def make_poll(db):
    """make_poll(question, opens=days from now, closes=days from now or None, choices=..., **fields)."""

    def _make(question="Đánh giá thái độ tiếp công dân", *, opens=-1, closes=None, choices=CHOICES, **fields):
        now = timezone.now()
        return PollFactory(
            question=question,
            opens_at=now + timedelta(days=opens),
            closes_at=now + timedelta(days=closes) if closes is not None else None,
            choices=choices,
            **fields,
        )

    return _make


@pytest.fixture
def poll(make_poll):
    return make_poll(results_visibility=ResultsVisibility.ALWAYS)


def stored(poll) -> tuple[int, int]:
    """(ballot rows, sum of result counts) for a poll: both must move together."""
    total = sum(PollResultCount.objects.filter(poll=poll).values_list("count", flat=True))
    return Ballot.objects.filter(poll=poll).count(), total
