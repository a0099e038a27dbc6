"""Web votes: one per browser, and every bad input refused with nothing stored."""

import time

import pytest
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.test import override_settings
from django.urls import reverse

from campaign_site import conf as site_conf
from campaign_site.voters import VOTER_COOKIE
from surveys.models import Ballot, CommentStatus, PollResultCount
from surveys.security import BadVoterCookie, read_voter_key, set_voter_cookie
from surveys.services import Refused, cast_ballot

from .conftest import stored

pytestmark = pytest.mark.django_db


def sign(key: str) -> str:
    response = HttpResponse()
    set_voter_cookie(response, key)
    return response.cookies[VOTER_COOKIE.name].value


def unsign(value: str) -> str:
    request = HttpRequest()
    request.COOKIES[VOTER_COOKIE.name] = value
    return read_voter_key(request)


def vote_url(poll):
    return reverse("surveys:vote", args=[poll.pk])


def choice_of(poll, index=0):
    return list(poll.choices.all())[index]


def post_vote(client, poll, choice=None, **extra):
    data = {"choice": (choice or choice_of(poll)).pk, **extra}
    return client.post(vote_url(poll), data)


def test_vote_page_is_never_cached_and_gives_a_voter_cookie(client, poll):
    response = client.get(vote_url(poll))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    assert VOTER_COOKIE.name in response.cookies
    assert response.cookies[VOTER_COOKIE.name]["httponly"]


def test_vote_is_stored_as_a_row_and_counted(client, poll):
    choice = choice_of(poll, 1)
    response = post_vote(client, poll, choice)
    assert response.status_code == 303
    assert response["Location"].endswith("?voted=1")
    ballot = Ballot.objects.get(poll=poll)
    assert ballot.choice == choice and ballot.channel == "web"
    assert stored(poll) == (1, 1)
    # Only hashes: the voter key and the IP address are not stored anywhere in the row.
    key = unsign(client.cookies[VOTER_COOKIE.name].value)
    assert key not in ballot.voter_hash and len(ballot.voter_hash) == 64
    assert "127.0.0.1" not in ballot.ip_hash and len(ballot.ip_hash) == 64
    page = client.get(response["Location"])
    assert "Cảm ơn" in page.content.decode()


def test_json_vote_answers_201(client, poll):
    response = client.post(vote_url(poll), {"choice": choice_of(poll).pk}, HTTP_ACCEPT="application/json")
    assert response.status_code == 201
    assert response.json()["ok"] is True
    assert response.json()["results_url"] == reverse("surveys:results", args=[poll.pk])


def test_second_vote_from_the_same_browser_is_refused(client, poll):
    assert post_vote(client, poll).status_code == 303
    response = post_vote(client, poll, choice_of(poll, 2))
    assert response.status_code == 409
    assert "đã bình chọn" in response.content.decode()
    assert stored(poll) == (1, 1)
    assert Ballot.objects.get().choice == choice_of(poll, 0)


def test_the_vote_page_remembers_the_vote(client, poll):
    post_vote(client, poll)
    assert "Bạn đã bình chọn" in client.get(vote_url(poll)).content.decode()


def test_two_browsers_vote_separately(client, poll, django_user_model):
    from django.test import Client

    assert post_vote(client, poll).status_code == 303
    assert post_vote(Client(), poll).status_code == 303
    assert stored(poll) == (2, 2)


def test_choice_of_another_poll_is_refused(client, poll, make_poll):
    other = make_poll("Câu hỏi khác")
    response = post_vote(client, poll, choice_of(other))
    assert response.status_code == 400
    assert "không thuộc" in response.content.decode()
    assert stored(poll) == (0, 0) and stored(other) == (0, 0)


def test_unknown_or_missing_choice_is_refused(client, poll):
    assert client.post(vote_url(poll), {"choice": 999999}).status_code == 400
    assert client.post(vote_url(poll), {}).status_code == 400
    assert client.post(vote_url(poll), {"choice": "abc"}).status_code == 400
    assert stored(poll) == (0, 0)


def test_closed_poll_refuses_votes(client, make_poll):
    closed = make_poll(opens=-10, closes=-1)
    response = post_vote(client, closed)
    assert response.status_code == 409
    assert "đã kết thúc" in response.content.decode()
    assert stored(closed) == (0, 0)


def test_poll_not_yet_open_refuses_votes(client, make_poll):
    future = make_poll(opens=2)
    response = post_vote(client, future)
    assert response.status_code == 409
    assert "chưa mở" in response.content.decode()
    assert stored(future) == (0, 0)


def test_forged_cookie_is_refused_and_cleared(client, poll):
    client.cookies[VOTER_COOKIE.name] = "my-own-key:forged-signature"
    response = post_vote(client, poll)
    assert response.status_code == 400
    assert "không hợp lệ" in response.content.decode()
    assert response.cookies[VOTER_COOKIE.name].value == ""  # deleted
    assert stored(poll) == (0, 0)


def test_cookie_signed_for_another_purpose_is_refused(client, poll):
    response = HttpResponse()
    response.set_signed_cookie(VOTER_COOKIE.name, "key", salt="another-purpose")
    client.cookies[VOTER_COOKIE.name] = response.cookies[VOTER_COOKIE.name].value
    assert post_vote(client, poll).status_code == 400
    assert stored(poll) == (0, 0)


def test_expired_cookie_is_refused(client, poll, monkeypatch):
    real = time.time
    monkeypatch.setattr(signing.time, "time", lambda: real() - site_conf.voter_cookie_max_age() - 3600)
    value = sign("an-old-key")
    monkeypatch.setattr(signing.time, "time", real)
    with pytest.raises(BadVoterCookie):
        unsign(value)
    assert unsign(sign("a-fresh-key")) == "a-fresh-key"
    client.cookies[VOTER_COOKIE.name] = value
    response = post_vote(client, poll)
    assert response.status_code == 400
    assert stored(poll) == (0, 0)


def test_filled_honeypot_is_refused(client, poll):
    response = post_vote(client, poll, website="http://spam.example")
    assert response.status_code == 400
    assert stored(poll) == (0, 0)


def test_comment_of_100_kb_is_refused(client, poll):
    response = post_vote(client, poll, comment="a" * 100 * 1024)
    assert response.status_code == 400
    assert "quá dài" in response.content.decode()
    assert stored(poll) == (0, 0)


@pytest.mark.parametrize(
    "comment", ["<b>Tốt</b>", "<script>alert(1)</script>", "Xem <a href='x'>đây</a>", "&lt;i&gt;", "</p>"]
)
def test_comment_with_html_is_refused(client, poll, comment):
    response = post_vote(client, poll, comment=comment)
    assert response.status_code == 400
    assert "HTML" in response.content.decode()
    assert stored(poll) == (0, 0)


def test_plain_comment_waits_for_moderation(client, poll):
    post_vote(client, poll, comment="  Cán bộ nhiệt tình, chu đáo 1 < 2  ")
    ballot = Ballot.objects.get()
    assert ballot.comment == "Cán bộ nhiệt tình, chu đáo 1 < 2"
    assert ballot.comment_status == CommentStatus.PENDING
    results = client.get(reverse("surveys:results", args=[poll.pk])).content.decode()
    assert "Cán bộ nhiệt tình" not in results


def test_comment_on_a_poll_without_comments_is_refused(client, make_poll):
    quiet = make_poll(allow_comment=False)
    assert post_vote(client, quiet, comment="Ý kiến").status_code == 400
    assert stored(quiet) == (0, 0)


def test_unit_outside_the_rated_unit_is_refused(client, make_poll, units):
    ward_poll = make_poll(unit=units["district"])
    assert post_vote(client, ward_poll, unit=units["ward_a"].pk).status_code == 400
    assert post_vote(client, ward_poll, unit=987654).status_code == 400
    assert stored(ward_poll) == (0, 0)
    assert post_vote(client, ward_poll, unit=units["ward_c"].pk).status_code == 303
    assert Ballot.objects.get().unit == units["ward_c"]


@override_settings(SURVEYS_RATE_LIMIT=3)
def test_rate_limit_per_ip_hash(poll):
    from django.test import Client

    statuses = [post_vote(Client(), poll).status_code for _ in range(4)]
    assert statuses == [303, 303, 303, 429]
    assert stored(poll) == (3, 3)
    # Another address is not affected.
    assert Client(REMOTE_ADDR="10.1.2.3").post(vote_url(poll), {"choice": choice_of(poll).pk}).status_code == 303


def test_service_refuses_a_web_ballot_without_voter_key(poll):
    with pytest.raises(Refused) as error:
        cast_ballot(poll=poll, choice=choice_of(poll), channel="web", voter_key="", ip="1.2.3.4")
    assert error.value.status == 400
    assert stored(poll) == (0, 0)


def test_service_refuses_the_same_voter_twice_through_the_constraint(poll):
    cast_ballot(poll=poll, choice=choice_of(poll), channel="web", voter_key="k1", ip="1.2.3.4")
    with pytest.raises(Refused) as error:
        cast_ballot(poll=poll, choice=choice_of(poll, 1), channel="web", voter_key="k1", ip="1.2.3.4")
    assert error.value.code == "already_voted" and error.value.status == 409
    assert stored(poll) == (1, 1)
    assert PollResultCount.objects.get().choice == choice_of(poll)


def test_get_with_a_choice_preselects_it(client, poll):
    """The no-JavaScript path: the cached box's form sends the choice here by GET."""
    choice = choice_of(poll, 1)
    html = client.get(vote_url(poll), {"choice": choice.pk}).content.decode()
    assert f'value="{choice.pk}" required checked' in html
    assert stored(poll) == (0, 0)  # a GET never votes


@override_settings(SURVEYS_RATE_LIMIT=1, TRUSTED_PROXY_COUNT=1)
def test_rate_limit_behind_a_trusted_proxy_uses_the_forwarded_address(poll):
    from django.test import Client

    def vote(forwarded):
        return Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded).post(
            vote_url(poll), {"choice": choice_of(poll).pk}
        )

    assert vote("203.0.113.5").status_code == 303
    assert vote("203.0.113.6").status_code == 303  # another citizen behind the same proxy
    # A client cannot dodge the limit by prepending its own X-Forwarded-For entry.
    assert vote("1.2.3.4, 203.0.113.5").status_code == 429
    assert stored(poll) == (2, 2)
