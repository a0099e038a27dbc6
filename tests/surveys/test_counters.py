"""Counters, the duty roster and results per counter and officer: credited by time, changed only by the
unit's staff, read only by the unit's approvers and city officers (the CounterPolicy)."""

import json
import uuid
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from campaign_site.access.roles import APPROVER, INFORMATION_OFFICER, SCREEN_OPERATOR, WARD_EDITOR
from surveys.kiosk.selectors import officer_on_duty
from surveys.kiosk.services import end_duty, start_duty
from surveys.models import Ballot, Counter, CounterDuty
from surveys.permissions import RESULTS, counter_policy
from surveys.services import Refused

pytestmark = pytest.mark.django_db
RESULTS_URL = "/admin/surveys/counters/results/"
DUTY_URL = "/admin/surveys/counters/duty/"


@pytest.fixture
def clerk(make_user, units, roles):
    """A one-stop officer of ward A (an account with a unit, no admin role needed)."""
    return make_user(None, units["ward_a"], username="can_bo_mot_cua", first_name="Lan", last_name="Nguyễn Thị")


@pytest.fixture
def clerk_b(make_user, units, roles):
    return make_user(None, units["ward_b"], username="can_bo_ba_dinh")


@pytest.fixture
def ward_a_approver(make_user, units, roles):
    return make_user(APPROVER, units["ward_a"], username="lanh_dao_a")


@pytest.fixture
def ward_b_approver(make_user, units, roles):
    return make_user(APPROVER, units["ward_b"], username="lanh_dao_b")


def test_ratings_are_credited_to_whoever_was_on_duty_then(counter, clerk, make_user, units, ward_editor):
    other = make_user(None, units["ward_a"], username="can_bo_2")
    t0 = timezone.now() - timedelta(hours=3)
    first = start_duty(counter=counter, officer=clerk, user=ward_editor, now=t0)
    second = start_duty(counter=counter, officer=other, user=ward_editor, now=t0 + timedelta(hours=1))
    first.refresh_from_db()
    assert first.ends_at == second.starts_at
    assert officer_on_duty(counter.pk, t0 + timedelta(minutes=30)) == clerk
    assert officer_on_duty(counter.pk, t0 + timedelta(minutes=90)) == other
    assert officer_on_duty(counter.pk, t0 - timedelta(minutes=1)) is None
    end_duty(counter=counter, user=ward_editor, now=t0 + timedelta(hours=2))
    assert officer_on_duty(counter.pk, t0 + timedelta(hours=2, minutes=1)) is None


def test_one_open_turn_per_counter_is_a_database_rule(counter, clerk):
    CounterDuty.objects.create(counter=counter, officer=clerk, starts_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        CounterDuty.objects.create(counter=counter, officer=clerk, starts_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        now = timezone.now()
        CounterDuty.objects.create(counter=counter, officer=clerk, starts_at=now, ends_at=now - timedelta(hours=1))


def test_roster_is_changed_only_within_the_unit(counter, clerk, clerk_b, other_ward_editor, ward_editor):
    with pytest.raises(Refused) as error:
        start_duty(counter=counter, officer=clerk, user=other_ward_editor)
    assert error.value.status == 403
    with pytest.raises(Refused) as error:
        start_duty(counter=counter, officer=clerk_b, user=ward_editor)  # an officer of another ward
    assert error.value.code == "officer_invalid"
    assert not CounterDuty.objects.exists()


def test_roster_admin_page(client, counter, clerk, ward_editor, other_ward_editor):
    client.force_login(ward_editor)
    page = client.get(DUTY_URL)
    assert page.status_code == 200 and counter.name in page.content.decode()
    response = client.post(DUTY_URL, {"counter": counter.pk, "officer": clerk.pk, "action": "start"})
    assert response.status_code == 302
    assert officer_on_duty(counter.pk) == clerk
    # Another ward's editor neither sees nor changes this counter.
    client = Client()
    client.force_login(other_ward_editor)
    assert counter.name not in client.get(DUTY_URL).content.decode()
    assert client.post(DUTY_URL, {"counter": counter.pk, "action": "end"}).status_code == 404
    assert officer_on_duty(counter.pk) == clerk


def _rate(kiosk_token, poll, choice, when):
    body = json.dumps(
        {"answers": [{"id": str(uuid.uuid4()), "answered_at": when.isoformat(), "choice": str(choice.pk)}]}
    )
    return Client().post(
        "/kiosk/api/sync", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {kiosk_token}"
    )


@pytest.fixture
def rated(make_kiosk, poll, counter, clerk, ward_editor):
    """Two ratings at ward A's counter 3 while Lan was on duty (one satisfied), one before her turn."""
    kiosk, token = make_kiosk(poll=poll)
    start = timezone.now() - timedelta(hours=2)
    start_duty(counter=counter, officer=clerk, user=ward_editor, now=start)
    choices = list(poll.choices.all())
    _rate(token, poll, choices[0], start + timedelta(minutes=5))
    _rate(token, poll, choices[2], start + timedelta(minutes=15))
    _rate(token, poll, choices[0], start - timedelta(minutes=5))
    return kiosk


def test_ballots_carry_counter_and_officer(rated, clerk, counter):
    pairs = [(b.counter_id, b.officer_id) for b in Ballot.objects.all()]
    assert pairs.count((counter.pk, clerk.pk)) == 2 and pairs.count((counter.pk, None)) == 1


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("superuser", True),
        ("city_officer", True),
        ("city_approver", True),
        ("ward_a_approver", True),
        ("ward_b_approver", False),
        ("ward_editor", False),
        ("ward_a_officer", False),
        ("operator", False),
        ("clerk", False),
    ],
)
def test_results_per_counter_and_officer_only_for_the_right_roles(
    client, rated, make_user, units, roles, clerk, who, sees
):
    users = {
        "superuser": lambda: make_user(superuser=True, username="root"),
        "city_officer": lambda: make_user(INFORMATION_OFFICER, units["city"]),
        "city_approver": lambda: make_user(APPROVER, units["city"]),
        "ward_a_approver": lambda: make_user(APPROVER, units["ward_a"]),
        "ward_b_approver": lambda: make_user(APPROVER, units["ward_b"]),
        "ward_editor": lambda: make_user(WARD_EDITOR, units["ward_a"]),
        "ward_a_officer": lambda: make_user(INFORMATION_OFFICER, units["ward_a"]),
        "operator": lambda: make_user(SCREEN_OPERATOR, units["city"]),
        "clerk": lambda: clerk,
    }
    user = users[who]()
    client.force_login(user)
    response = client.get(RESULTS_URL)
    html = response.content.decode()
    if who == "ward_b_approver":
        # An approver of another ward reads the page, but none of ward A's counters.
        assert response.status_code == 200 and "Quầy số 3" not in html
        return
    assert (response.status_code == 200) is sees
    if sees:
        assert "Quầy số 3" in html and "Nguyễn Thị Lan" in html
        assert "50%" in html  # Lan: one of two satisfied
        assert "Không có cán bộ trực" in html  # the rating before her turn
        assert response["Cache-Control"].startswith("private")
    else:
        assert response.status_code in (302, 403)
    assert counter_policy.user_has_permission(user, RESULTS) is (sees or who == "ward_b_approver")


def test_results_are_never_public(client, rated):
    assert Client().get(RESULTS_URL).status_code == 302  # to the admin login
    for path in ("/", reverse("surveys:results", args=[rated.poll_id])):
        assert "Nguyễn Thị Lan" not in client.get(path).content.decode()


def test_counter_policy_scopes_instances(counter, units, make_user, roles):
    other = Counter.objects.create(unit=units["ward_b"], name="Quầy số 1")
    policy = counter_policy
    ward_a = make_user(WARD_EDITOR, units["ward_a"])
    city = make_user(INFORMATION_OFFICER, units["city"])
    assert list(policy.instances_user_has_permission_for(ward_a, "change")) == [counter]
    assert set(policy.instances_user_has_permission_for(city, "change")) == {counter, other}
    assert policy.user_has_permission_for_instance(ward_a, "change", counter)
    assert not policy.user_has_permission_for_instance(ward_a, "change", other)


def test_counter_names_are_unique_within_a_unit(counter, units):
    with pytest.raises(IntegrityError), transaction.atomic():
        Counter.objects.create(unit=units["ward_a"], name="Quầy số 3")
    Counter.objects.create(unit=units["ward_b"], name="Quầy số 3")
