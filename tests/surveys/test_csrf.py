"""Votes from cached pages: a fresh CSRF token comes from a never-cached endpoint or page."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from campaign_site.voters import VOTER_COOKIE

from .conftest import stored

pytestmark = pytest.mark.django_db


def test_token_endpoint_is_never_cached_and_its_token_lets_the_vote_through(poll):
    client = Client(enforce_csrf_checks=True)
    response = client.get(reverse("csrf"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert VOTER_COOKIE.name in response.cookies  # the voter cookie comes with the token
    token = response.json()["csrfToken"]
    choice = poll.choices.first()
    vote = client.post(
        reverse("surveys:vote", args=[poll.pk]),
        {"choice": choice.pk},
        HTTP_X_CSRFTOKEN=token,
        HTTP_ACCEPT="application/json",
    )
    assert vote.status_code == 201
    assert stored(poll) == (1, 1)


def test_token_from_the_vote_page_lets_the_form_post_through(poll):
    """The no-JavaScript path: GET /polls/<id>/vote/ renders the form with its own token."""
    client = Client(enforce_csrf_checks=True)
    html = client.get(reverse("surveys:vote", args=[poll.pk])).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    vote = client.post(
        reverse("surveys:vote", args=[poll.pk]), {"choice": poll.choices.first().pk, "csrfmiddlewaretoken": token}
    )
    assert vote.status_code == 303
    assert stored(poll) == (1, 1)


def test_post_without_csrf_token_is_refused(poll):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("csrf"))  # has the cookie, but sends no token
    response = client.post(reverse("surveys:vote", args=[poll.pk]), {"choice": poll.choices.first().pk})
    assert response.status_code == 403
    assert stored(poll) == (0, 0)


def test_poll_box_in_cached_html_carries_no_token_or_visitor_data(client, home, poll):
    first = client.get(home.url)
    html = first.content.decode()
    assert poll.question in html
    assert "csrfmiddlewaretoken" not in html
    assert 'data-csrf-url="/csrf/"' in html
    # The page sets no cookie and does not vary by visitor, so a page cache may keep it.
    assert "csrftoken" not in first.cookies and VOTER_COOKIE.name not in first.cookies
    assert "Cookie" not in first.get("Vary", "")
