"""Two syncs of one tablet's queue racing (a retry while the first request still runs): each client id
is stored once, decided by the ledger's unique constraint, not by a prior read."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from surveys.kiosk.services import record_answer
from surveys.models import KioskAnswer
from tests.concurrency import run_at_once

from .conftest import stored
from .test_concurrency import require_postgresql

THREADS = 12


@pytest.mark.django_db(transaction=True)
def test_the_same_answers_synced_at_once_count_once(poll, make_kiosk):
    require_postgresql()
    kiosk, _token = make_kiosk(poll=poll)
    ids = [uuid.uuid4() for _ in range(3)]
    when = timezone.now() - timedelta(minutes=5)

    def sync(n):
        return [
            record_answer(
                kiosk=kiosk,
                client_id=client_id,
                answered_at=when + timedelta(seconds=i),
                data={"choice": str(poll.choices.first().pk)},
            ).status
            for i, client_id in enumerate(ids)
        ]

    results = run_at_once(sync, THREADS)
    assert not [r for r in results if isinstance(r, Exception)], results
    statuses = [status for result in results for status in result]
    assert statuses.count("accepted") == 3 and statuses.count("duplicate") == 3 * (THREADS - 1)
    assert stored(poll) == (3, 3)
    assert KioskAnswer.objects.count() == 3
