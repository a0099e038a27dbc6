"""A vote in the home page's poll box stays visible after a reload (issue #14): the vote marks the
browser, such requests pass the page cache, and the box shows thanks and the results; a forged or
broken mark shows the ordinary box."""

import re

import pytest
from django.test import Client

from surveys import conf
from surveys.models import Ballot, ResultsVisibility


@pytest.fixture
def browser():
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def city_poll(make_poll, home, settings):
    settings.PAGE_CACHE_ENABLED = True
    return make_poll(results_visibility=ResultsVisibility.ALWAYS)


def _box(html: str) -> str:
    return re.search(r'<section class="poll-slot".*?</section>', html, re.S).group(0)


def _vote(browser, poll, choice):
    token = browser.get("/csrf/").json()["csrfToken"]
    return browser.post(
        f"/polls/{poll.pk}/vote/",
        {"choice": choice.pk, "csrfmiddlewaretoken": token},
        HTTP_ACCEPT="application/json",
    )


def test_after_voting_the_reloaded_home_page_shows_the_results(browser, city_poll):
    assert "Gửi bình chọn" in _box(browser.get("/").content.decode())  # now in the page cache
    choice = city_poll.choices.first()
    assert _vote(browser, city_poll, choice).status_code == 201
    assert browser.cookies[conf.VOTED_COOKIE].value == str(city_poll.pk)
    box = _box(browser.get("/").content.decode())
    assert "data-poll-voted" in box and "Gửi bình chọn" not in box
    assert choice.label in box and "100%" in box
    assert "Gửi bình chọn" in _box(Client().get("/").content.decode())  # everyone else: cached, the form


def test_without_javascript_the_vote_page_marks_the_browser_too(browser, city_poll):
    form = browser.get(f"/polls/{city_poll.pk}/vote/")
    token = str(form.context["csrf_token"])
    choice = city_poll.choices.last()
    posted = browser.post(f"/polls/{city_poll.pk}/vote/", {"choice": choice.pk, "csrfmiddlewaretoken": token})
    assert posted.status_code == 303
    assert "data-poll-voted" in _box(browser.get("/").content.decode())


@pytest.mark.parametrize("mark", ["{pk}", "abc.{pk}x", "-1.99999999999", "", "{pk}." * 50])
def test_a_mark_without_a_ballot_shows_the_ordinary_box(city_poll, mark):
    """The mark is only a hint: a forged one (or one from before the database was reset) shows the form."""
    client = Client()
    client.cookies[conf.VOTED_COOKIE] = mark.format(pk=city_poll.pk)
    box = _box(client.get("/").content.decode())
    assert "Gửi bình chọn" in box and "data-poll-voted" not in box


def test_results_hidden_from_voters_stay_hidden(browser, make_poll, home, settings):
    poll = make_poll(results_visibility=ResultsVisibility.AFTER_CLOSE)
    _vote(browser, poll, poll.choices.first())
    box = _box(browser.get("/").content.decode())
    assert "data-poll-voted" in box and "poll-results" not in box


def test_the_mark_remembers_several_polls_newest_first(browser, make_poll, home):
    first, second = make_poll(question="Câu hỏi một"), make_poll(question="Câu hỏi hai")
    _vote(browser, first, first.choices.first())
    _vote(browser, second, second.choices.first())
    assert browser.cookies[conf.VOTED_COOKIE].value == f"{second.pk}.{first.pk}"
    assert Ballot.objects.count() == 2


def test_voting_twice_is_refused_and_still_marks_the_browser(browser, city_poll):
    assert _vote(browser, city_poll, city_poll.choices.first()).status_code == 201
    del browser.cookies[conf.VOTED_COOKIE]  # e.g. cleared, or set before this feature existed
    response = _vote(browser, city_poll, city_poll.choices.last())
    assert response.status_code == 409
    assert browser.cookies[conf.VOTED_COOKIE].value == str(city_poll.pk)
    assert Ballot.objects.filter(poll=city_poll).count() == 1
