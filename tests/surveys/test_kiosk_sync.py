"""Offline kiosk answers: the sync endpoint accepts each client id once, keeps the time the answer was
given (within limits), refuses a revoked kiosk's queue with a reason and counts it, bounds its input."""

import json
import uuid
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from surveys.models import Ballot, Kiosk, KioskAnswer, KioskAnswerStatus, PollResultCount
from surveys.services import revoke_kiosk

from .conftest import stored

pytestmark = pytest.mark.django_db
SYNC = "/kiosk/api/sync"


def post(token, payload, *, raw=None):
    client = Client(enforce_csrf_checks=True)  # no CSRF token: the Bearer token is the credential
    body = raw if raw is not None else json.dumps(payload)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.post(SYNC, body, content_type="application/json", **headers)


def beat(token, body):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    return Client().post("/kiosk/api/heartbeat", body, content_type="application/json", **auth)


def answer(choice, *, when=None, client_id=None, **extra):
    when = when or timezone.now()
    return {"id": client_id or str(uuid.uuid4()), "answered_at": when.isoformat(), "choice": str(choice.pk), **extra}


@pytest.fixture
def poll(make_poll):
    return make_poll(opens=-5)  # open long enough for answers kept offline for days


@pytest.fixture
def kiosk_and_token(make_kiosk, poll):
    return make_kiosk(poll=poll)


def test_three_answers_stored_once_even_when_the_sync_is_repeated(kiosk_and_token, poll):
    kiosk, token = kiosk_and_token
    choices = list(poll.choices.all())
    batch = [answer(choices[i], when=timezone.now() - timedelta(minutes=10 - i)) for i in range(3)]
    first = post(token, {"queue_length": 3, "answers": batch})
    assert first.status_code == 200
    assert [r["status"] for r in first.json()["results"]] == ["accepted"] * 3
    assert stored(poll) == (3, 3)
    # The response was lost (network cut): the tablet sends the same batch again, twice.
    for _ in range(2):
        again = post(token, {"queue_length": 3, "answers": batch})
        assert [r["status"] for r in again.json()["results"]] == ["duplicate"] * 3
    assert stored(poll) == (3, 3)
    kiosk.refresh_from_db()
    assert kiosk.last_sync_at is not None and kiosk.queue_length == 0
    ballot = Ballot.objects.order_by("created_at").first()
    assert (ballot.channel, ballot.kiosk, ballot.counter, ballot.unit) == ("kiosk", kiosk, kiosk.counter, kiosk.unit)


def test_a_partly_applied_batch_completes_on_retry(kiosk_and_token, poll):
    _kiosk, token = kiosk_and_token
    batch = [answer(poll.choices.first(), when=timezone.now() - timedelta(minutes=5 - i)) for i in range(3)]
    post(token, {"answers": batch[:2]})  # the connection dropped after two
    response = post(token, {"answers": batch})
    assert [r["status"] for r in response.json()["results"]] == ["duplicate", "duplicate", "accepted"]
    assert stored(poll) == (3, 3)


def test_offline_answers_keep_their_time_and_day(kiosk_and_token, poll):
    _kiosk, token = kiosk_and_token
    given = timezone.now() - timedelta(days=2, hours=1)
    post(token, {"answers": [answer(poll.choices.first(), when=given)]})
    ballot = Ballot.objects.get()
    assert abs((ballot.created_at - given).total_seconds()) < 1
    assert PollResultCount.objects.get().day == timezone.localdate(given)


@pytest.mark.parametrize(
    ("offset", "status", "code"),
    [
        (timedelta(seconds=60), "accepted", ""),  # a tablet clock a minute fast: within the skew
        (timedelta(minutes=10), "refused", "future"),
        (timedelta(days=365), "refused", "future"),
        (-timedelta(hours=71), "accepted", ""),
        (-timedelta(hours=73), "refused", "too_old"),
        (-timedelta(days=3650), "refused", "too_old"),
    ],
)
def test_answer_time_must_be_within_the_window(kiosk_and_token, poll, offset, status, code):
    _kiosk, token = kiosk_and_token
    entry = answer(poll.choices.first(), when=timezone.now() + offset)
    result = post(token, {"answers": [entry]}).json()["results"][0]
    assert (result["status"], result["code"]) == (status, code)
    assert stored(poll) == ((1, 1) if status == "accepted" else (0, 0))
    if status == "accepted":
        assert Ballot.objects.get().created_at <= timezone.now()  # never stored in the future
    else:
        assert result["message"]  # a reason the tablet shows to staff
        assert KioskAnswer.objects.get(client_id=entry["id"]).status == KioskAnswerStatus.REFUSED


@override_settings(SURVEYS_KIOSK_OFFLINE_WINDOW_HOURS=1)
def test_the_offline_window_is_configurable(kiosk_and_token, poll):
    _kiosk, token = kiosk_and_token
    result = post(token, {"answers": [answer(poll.choices.first(), when=timezone.now() - timedelta(hours=2))]})
    assert result.json()["results"][0]["code"] == "too_old"


@pytest.mark.parametrize(
    "mangle",
    [
        {"answered_at": "hôm qua"},
        {"answered_at": "2026-12-01T10:00:00"},  # no time zone
        {"answered_at": 1733389200},
        {"answered_at": None},
        {"answered_at": "2" * 500},
        {"choice": "999999"},
        {"choice": ""},
        {"choice": {"nested": 1}},
        {"case_code": "<script>"},
        {"case_code": "X" * 41},
        {"poll": 999999},
        {"survey": 1},
    ],
)
def test_bad_answers_are_refused_with_nothing_stored(kiosk_and_token, poll, mangle):
    _kiosk, token = kiosk_and_token
    entry = {**answer(poll.choices.first()), **mangle}
    response = post(token, {"answers": [entry]})
    assert response.status_code == 200
    result = response.json()["results"][0]
    assert result["status"] == "refused" and result["message"]
    assert stored(poll) == (0, 0)


@pytest.mark.parametrize("bad_id", ["", "abc", "1234", None, 5, ["x"], "0" * 100, "not-a-uuid-at-all-xxxxxxxxxxxxxxxx"])
def test_answers_without_a_valid_client_id_are_refused(kiosk_and_token, poll, bad_id):
    _kiosk, token = kiosk_and_token
    entry = {**answer(poll.choices.first()), "id": bad_id}
    result = post(token, {"answers": [entry, "not an object"]}).json()["results"]
    assert [r["code"] for r in result] == ["malformed", "malformed"]
    assert stored(poll) == (0, 0)


def test_a_client_id_of_another_kiosk_is_refused(make_kiosk, poll, units):
    _kiosk_a, token_a = make_kiosk(poll=poll)
    _kiosk_b, token_b = make_kiosk(poll=poll, name="Máy quầy 4", counter=None)
    entry = answer(poll.choices.first())
    assert post(token_a, {"answers": [entry]}).json()["results"][0]["status"] == "accepted"
    forged = post(token_b, {"answers": [{**entry, "choice": str(poll.choices.last().pk)}]}).json()["results"][0]
    assert (forged["status"], forged["code"]) == ("refused", "foreign_id")
    assert stored(poll) == (1, 1)
    assert Ballot.objects.get().choice == poll.choices.first()


def test_revoked_kiosk_queue_is_refused_with_a_reason_and_counted(kiosk_and_token, poll, client, officer):
    kiosk, token = kiosk_and_token
    revoke_kiosk(kiosk=kiosk)
    batch = [answer(poll.choices.first(), when=timezone.now() - timedelta(minutes=i)) for i in range(3)]
    response = post(token, {"queue_length": 3, "answers": batch})
    assert response.status_code == 403
    data = response.json()
    assert data["code"] == "revoked" and "thu hồi" in data["detail"]
    assert [r["code"] for r in data["results"]] == ["revoked"] * 3
    post(token, {"answers": batch})  # sent again: counted once
    assert stored(poll) == (0, 0)
    assert KioskAnswer.objects.filter(kiosk=kiosk, status=KioskAnswerStatus.REFUSED).count() == 3
    # The admin's kiosk list shows it.
    client.force_login(officer)
    html = client.get(reverse("wagtailsnippets_surveys_kiosk:list")).content.decode()
    assert "Câu trả lời bị từ chối" in html
    assert ">3<" in html.replace(" ", "").replace("\n", "")


@pytest.mark.parametrize(
    "header",
    [None, "Bearer ", "Bearer not-a-token", "Basic abc", "Bearer " + "x" * 101, "Token abc"],
)
def test_sync_needs_a_kiosk_token(poll, kiosk_and_token, header):
    client = Client()
    extra = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    body = json.dumps({"answers": [answer(poll.choices.first())]})
    response = client.post(SYNC, body, content_type="application/json", **extra)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert stored(poll) == (0, 0) and not KioskAnswer.objects.exists()


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("not json", 400),
        ("[1, 2]", 400),
        ('"text"', 400),
        ('{"answers": "x"}', 400),
        ('{"answers": {"a": 1}}', 400),
        (b"\xff\xfe", 400),
    ],
)
def test_malformed_requests_are_refused(kiosk_and_token, poll, raw, status):
    _kiosk, token = kiosk_and_token
    assert post(token, None, raw=raw).status_code == status
    assert stored(poll) == (0, 0)


@override_settings(SURVEYS_KIOSK_SYNC_MAX_ANSWERS=5, SURVEYS_KIOSK_SYNC_MAX_BYTES=4000)
def test_request_size_and_count_are_bounded(kiosk_and_token, poll):
    _kiosk, token = kiosk_and_token
    many = [answer(poll.choices.first()) for _ in range(6)]
    assert post(token, {"answers": many}).status_code == 413
    huge = {"answers": [answer(poll.choices.first(), padding="x" * 5000)]}
    assert post(token, huge).status_code == 413
    assert stored(poll) == (0, 0)


def test_get_is_not_allowed_on_sync(kiosk_and_token):
    _kiosk, token = kiosk_and_token
    assert Client().get(SYNC, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 405


def test_minimum_interval_uses_the_answer_times(make_kiosk, poll):
    _kiosk, token = make_kiosk(poll=poll, min_interval_seconds=30)
    start = timezone.now() - timedelta(minutes=10)
    seconds = (0, 40, 50, 100, -60, 110)  # an older answer arriving late is still counted
    batch = [answer(poll.choices.first(), when=start + timedelta(seconds=s)) for s in seconds]
    codes = [r["code"] for r in post(token, {"answers": batch}).json()["results"]]
    assert codes == ["", "", "too_soon", "", "", "too_soon"]
    assert stored(poll) == (4, 4)


def test_a_second_rating_of_one_case_is_refused(make_kiosk, poll):
    _kiosk, token = make_kiosk(poll=poll, ask_case_code=True)
    first = answer(poll.choices.first(), case_code="hs-001")
    second = answer(poll.choices.last(), case_code="HS-001")
    results = post(token, {"answers": [first, second]}).json()["results"]
    assert [(r["status"], r["code"]) for r in results] == [("accepted", ""), ("refused", "case_code_used")]
    assert Ballot.objects.get().case_code == "HS-001"


def test_an_answer_for_a_poll_that_was_open_then_is_accepted(kiosk_and_token, poll):
    _kiosk, token = kiosk_and_token
    given = timezone.now() - timedelta(hours=2)
    poll.closes_at = timezone.now() - timedelta(hours=1)
    poll.save()
    results = post(token, {"answers": [answer(poll.choices.first(), when=given), answer(poll.choices.first())]})
    assert [r["code"] for r in results.json()["results"]] == ["", "closed"]


def test_heartbeat_reports_queue_and_online_state(kiosk_and_token):
    kiosk, token = kiosk_and_token
    assert not kiosk.is_online
    response = beat(token, '{"queue_length": 7}')
    assert response.status_code == 200 and response.json()["definition_version"]
    kiosk.refresh_from_db()
    assert kiosk.is_online and kiosk.queue_length == 7 and kiosk.last_sync_at is None
    Kiosk.objects.filter(pk=kiosk.pk).update(last_seen_at=timezone.now() - timedelta(minutes=10))
    kiosk.refresh_from_db()
    assert not kiosk.is_online


@pytest.mark.parametrize("value", [-5, "7", None, 1.5, True, 10**12])
def test_heartbeat_queue_length_is_sanitised(kiosk_and_token, value):
    kiosk, token = kiosk_and_token
    response = beat(token, json.dumps({"queue_length": value}))
    assert response.status_code == 200
    kiosk.refresh_from_db()
    assert 0 <= kiosk.queue_length <= 100_000


def test_heartbeat_of_a_revoked_kiosk_says_so(kiosk_and_token):
    kiosk, token = kiosk_and_token
    revoke_kiosk(kiosk=kiosk)
    response = beat(token, "{}")
    assert response.status_code == 403 and response.json()["code"] == "revoked"


def test_definition_endpoint(kiosk_and_token, poll):
    _kiosk, token = kiosk_and_token
    data = Client().get("/kiosk/api/definition", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert data["kind"] == "poll" and data["id"] == poll.pk and data["version"]
    assert [o["label"] for o in data["questions"][0]["options"]] == [c.label for c in poll.choices.all()]
    assert Client().get("/kiosk/api/definition").status_code == 401


def test_the_ledger_refuses_a_second_row_for_one_client_id(kiosk_and_token, poll):
    kiosk, token = kiosk_and_token
    entry = answer(poll.choices.first())
    post(token, {"answers": [entry]})
    with pytest.raises(IntegrityError), transaction.atomic():
        KioskAnswer.objects.create(kiosk=kiosk, client_id=entry["id"], status="refused", reason="x")


def test_ledger_outcome_constraint(kiosk_and_token):
    kiosk, _token = kiosk_and_token
    for fields in ({"status": "accepted"}, {"status": "refused", "reason": ""}, {"status": "other", "reason": "x"}):
        with pytest.raises(IntegrityError), transaction.atomic():
            KioskAnswer.objects.create(kiosk=kiosk, client_id=uuid.uuid4(), **fields)
