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


# --- The counter kiosk --------------------------------------------------------------------------


@pytest.fixture
def sipas(home):
    """A live SIPAS survey: scale, single choice, scale (all required) and an optional free text."""
    from surveys.models import QuestionKind, SipasFactor, SurveyPage, SurveyQuestion

    page = SurveyPage(title="Khảo sát SIPAS tại quầy", slug="sipas-quay", opens_at=timezone.now() - timedelta(days=5))
    specs = [
        ("Thủ tục được niêm yết rõ ràng", QuestionKind.LIKERT, SipasFactor.ACCESS, "", True),
        ("Ông/bà biết thủ tục qua đâu?", QuestionKind.SINGLE, SipasFactor.ACCESS, "Cổng DVC\nNiêm yết", True),
        ("Cán bộ hướng dẫn tận tình", QuestionKind.LIKERT, SipasFactor.CIVIL_SERVANTS, "", True),
        ("Góp ý thêm", QuestionKind.TEXT, SipasFactor.FEEDBACK, "", False),
    ]
    for order, (text, kind, factor, options, required) in enumerate(specs):
        page.questions.add(
            SurveyQuestion(text=text, kind=kind, factor=factor, options=options, required=required, sort_order=order)
        )
    home.add_child(instance=page)
    page.save_revision().publish()
    return SurveyPage.objects.get(pk=page.pk)


@pytest.fixture
def counter(units):
    from surveys.models import Counter

    return Counter.objects.create(unit=units["ward_a"], name="Quầy số 3")


@pytest.fixture
def make_kiosk(units, counter):
    """make_kiosk(poll=..., survey_page=..., **fields) -> (kiosk, token) at ward A's counter 3."""
    from surveys.models import Kiosk
    from surveys.services import issue_kiosk_token

    def _make(**fields):
        fields.setdefault("name", "Máy đánh giá quầy 3")
        fields.setdefault("unit", units["ward_a"])
        fields.setdefault("counter", counter)
        fields.setdefault("min_interval_seconds", 0)
        kiosk = Kiosk.objects.create(**fields)
        return kiosk, issue_kiosk_token(kiosk=kiosk)

    return _make
