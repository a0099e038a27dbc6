"""The one CSRF endpoint of cached pages (news ratings, poll boxes) and the one voter cookie it hands out."""

import pytest
from django.test import Client
from django.urls import reverse

from campaign_site.voters import VOTER_COOKIE

pytestmark = pytest.mark.django_db


def test_one_endpoint_one_key_and_the_voter_cookie():
    client = Client(enforce_csrf_checks=True)
    response = client.get(reverse("csrf"))
    assert response.status_code == 200
    assert reverse("csrf") == "/csrf/"
    assert "no-store" in response["Cache-Control"]
    assert list(response.json()) == ["csrfToken"]
    assert response.json()["csrfToken"]
    cookie = response.cookies[VOTER_COOKIE.name]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_a_browser_keeps_its_voter_key():
    client = Client()
    client.get(reverse("csrf"))
    first = client.cookies[VOTER_COOKIE.name].value
    again = client.get(reverse("csrf"))
    assert VOTER_COOKIE.name not in again.cookies  # not replaced
    assert client.cookies[VOTER_COOKIE.name].value == first


@pytest.mark.parametrize("forged", ["forged-value", "key:bad-signature", ""])
def test_a_forged_voter_cookie_is_deleted_not_replaced(forged):
    client = Client()
    client.cookies[VOTER_COOKIE.name] = forged
    response = client.get(reverse("csrf"))
    assert response.status_code == 200
    assert response.cookies[VOTER_COOKIE.name].value == ""  # deleted: the vote endpoints explain why


def test_only_get():
    assert Client().post(reverse("csrf")).status_code == 405


@pytest.mark.parametrize("old", ["/ratings/csrf/", "/polls/csrf/"])
def test_the_two_old_endpoints_are_gone(old):
    assert Client().get(old).status_code == 404
