"""The counter tablet: choose, confirm, thank you; interval per kiosk, case codes, revocable tokens."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from surveys.models import Ballot, Kiosk, hash_token
from surveys.services import Refused, cast_ballot, issue_kiosk_token, revoke_kiosk

from .conftest import stored

pytestmark = pytest.mark.django_db


@pytest.fixture
def kiosk(poll, units):
    return Kiosk.objects.create(name="Quầy số 1", unit=units["ward_a"], poll=poll, min_interval_seconds=0)


@pytest.fixture
def token(kiosk):
    return issue_kiosk_token(kiosk=kiosk)


def url(token):
    return reverse("surveys:kiosk", args=[token])


def vote(client, token, choice, **extra):
    return client.post(url(token), {"step": "vote", "choice": choice.pk, **extra})


def test_start_screen_has_big_labelled_buttons_and_no_inline_script(client, token, poll):
    response = client.get(url(token))
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    for choice in poll.choices.all():
        assert re.search(rf'<button type="submit" name="choice" value="{choice.pk}"[^>]*>{choice.label}</button>', html)
    assert "/static/surveys/kiosk.js" in html and "defer" in html
    # Data for kiosk.js travels in JSON script elements, which never run.
    assert not re.search(r"<script(?![^>]*\b(src=|type=\"application/json\"))", html), "inline script"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"
    assert "Phường Tây Hồ" in html


def test_choose_confirm_thank_you(client, token, poll, kiosk, units):
    choice = poll.choices.last()
    confirm = client.post(url(token), {"step": "confirm", "choice": choice.pk})
    assert confirm.status_code == 200
    assert "Xác nhận" in confirm.content.decode() and choice.label in confirm.content.decode()
    assert stored(poll) == (0, 0)  # the confirm step stores nothing

    thanks = vote(client, token, choice)
    html = thanks.content.decode()
    assert thanks.status_code == 200
    assert "Cảm ơn" in html
    assert f'http-equiv="refresh" content="8;url={url(token)}"' in html  # resets without JavaScript
    ballot = Ballot.objects.get()
    assert (ballot.channel, ballot.unit, ballot.kiosk, ballot.choice) == ("kiosk", units["ward_a"], kiosk, choice)
    assert ballot.voter_hash == ""
    assert stored(poll) == (1, 1)


def test_kiosk_votes_are_not_limited_by_the_cookie_rule(client, token, poll):
    for _ in range(3):
        assert vote(client, token, poll.choices.first()).status_code == 200
    assert stored(poll) == (3, 3)


def test_minimum_interval_per_kiosk(client, token, poll, kiosk):
    Kiosk.objects.filter(pk=kiosk.pk).update(min_interval_seconds=60)
    assert vote(client, token, poll.choices.first()).status_code == 200
    second = vote(Client(), token, poll.choices.first())
    assert second.status_code == 429
    assert "chờ" in second.content.decode()
    assert stored(poll) == (1, 1)


def test_interval_is_decided_by_the_database_row_not_a_stale_object(poll, kiosk, token):
    kiosk.min_interval_seconds = 60
    kiosk.save()
    stale = Kiosk.objects.get(pk=kiosk.pk)  # loaded before another tablet request votes
    Kiosk.objects.filter(pk=kiosk.pk).update(last_vote_at=timezone.now())
    with pytest.raises(Refused) as error:
        cast_ballot(poll=poll, choice=poll.choices.first(), channel="kiosk", voter_key="", ip=None, kiosk=stale)
    assert error.value.status == 429
    assert stored(poll) == (0, 0)


def test_revoked_kiosk_is_refused(client, token, poll, kiosk):
    revoke_kiosk(kiosk=kiosk)
    assert client.get(url(token)).status_code == 403
    response = vote(client, token, poll.choices.first())
    assert response.status_code == 403
    assert "thu hồi" in response.content.decode()
    assert stored(poll) == (0, 0)


def test_revoked_while_the_page_was_open(poll, kiosk, token):
    """A kiosk object loaded before the revocation still cannot vote: the UPDATE checks the row."""
    loaded = Kiosk.objects.get(pk=kiosk.pk)
    revoke_kiosk(kiosk=kiosk)
    with pytest.raises(Refused) as error:
        cast_ballot(poll=poll, choice=poll.choices.first(), channel="kiosk", voter_key="", ip=None, kiosk=loaded)
    assert error.value.status == 403
    assert stored(poll) == (0, 0)


def test_unknown_token_is_404(client, token):
    assert client.get(url("not-a-real-token")).status_code == 404


def test_new_token_replaces_the_old_one(client, token, kiosk, poll):
    new = issue_kiosk_token(kiosk=kiosk)
    assert client.get(url(token)).status_code == 404
    assert vote(client, new, poll.choices.first()).status_code == 200


def test_only_a_hash_of_the_token_is_stored(token, kiosk):
    kiosk.refresh_from_db()
    assert kiosk.token_hash == hash_token(token) and token not in kiosk.token_hash


def test_case_code_rates_once(client, token, kiosk, poll):
    Kiosk.objects.filter(pk=kiosk.pk).update(ask_case_code=True)
    confirm = client.post(url(token), {"step": "confirm", "choice": poll.choices.first().pk})
    assert 'name="case_code"' in confirm.content.decode()
    assert vote(client, token, poll.choices.first(), case_code=" hs-2026/001 ").status_code == 200
    assert Ballot.objects.get().case_code == "HS-2026/001"
    again = vote(client, token, poll.choices.last(), case_code="HS-2026/001")
    assert again.status_code == 409
    assert "đã được đánh giá" in again.content.decode()
    assert stored(poll) == (1, 1)
    # Without a code, or with another one, the kiosk keeps voting.
    assert vote(client, token, poll.choices.last()).status_code == 200
    assert vote(client, token, poll.choices.last(), case_code="HS-2026/002").status_code == 200
    assert stored(poll) == (3, 3)


def test_bad_case_code_is_refused(client, token, poll):
    response = vote(client, token, poll.choices.first(), case_code="<b>1</b>")
    assert response.status_code == 400
    assert stored(poll) == (0, 0)


def test_choice_of_another_poll_is_refused_on_the_kiosk(client, token, poll, make_poll):
    other = make_poll("Khác")
    assert vote(client, token, other.choices.first()).status_code == 400
    assert client.post(url(token), {"step": "confirm", "choice": other.choices.first().pk}).status_code == 400
    assert stored(poll) == (0, 0) and stored(other) == (0, 0)


def test_kiosk_of_a_closed_poll(client, token, poll):
    poll.closes_at = timezone.now()
    poll.save()
    assert vote(client, token, poll.choices.first()).status_code == 409
    assert stored(poll) == (0, 0)


def test_kiosk_posts_need_the_csrf_token(token, poll):
    client = Client(enforce_csrf_checks=True)
    html = client.get(url(token)).content.decode()
    assert client.post(url(token), {"step": "vote", "choice": poll.choices.first().pk}).status_code == 403
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    data = {"step": "vote", "choice": poll.choices.first().pk, "csrfmiddlewaretoken": csrf}
    assert client.post(url(token), data).status_code == 200
    assert stored(poll) == (1, 1)


@pytest.mark.parametrize("which", ["another_polls_kiosk", "no_kiosk"])
def test_a_kiosk_vote_needs_this_polls_kiosk(poll, kiosk, make_poll, units, which):
    """The kiosk must serve the poll voted in: its unit and interval would otherwise be borrowed."""
    other_poll = make_poll("Đánh giá bộ phận Một cửa")
    other_kiosk = Kiosk.objects.create(name="Quầy số 2", unit=units["ward_b"], poll=other_poll, min_interval_seconds=0)
    used = {"another_polls_kiosk": other_kiosk, "no_kiosk": None}[which]
    with pytest.raises(Refused) as error:
        cast_ballot(poll=poll, choice=poll.choices.first(), channel="kiosk", voter_key="", ip=None, kiosk=used)
    assert (error.value.code, error.value.status) == ("kiosk_invalid", 403)
    assert stored(poll) == (0, 0) and stored(other_poll) == (0, 0)
    other_kiosk.refresh_from_db()
    assert other_kiosk.last_vote_at is None  # the other kiosk's interval was not spent
    # The same kiosk votes in its own poll.
    ballot = cast_ballot(
        poll=other_poll, choice=other_poll.choices.first(), channel="kiosk", voter_key="", ip=None, kiosk=other_kiosk
    )
    assert (ballot.kiosk, ballot.unit) == (other_kiosk, units["ward_b"])
