"""The surveys demo: an active poll on the home page, a closed one with results, a survey, a kiosk."""

import re
from io import StringIO

import pytest
from django.urls import reverse

from campaign_site import demo as site_demo
from surveys import demo
from surveys.models import Ballot, Poll, PollResultCount, SurveyPage, SurveySubmission

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(300)]  # loading the whole demo takes minutes on a busy machine


def test_demo_is_complete_and_idempotent(client):
    home, units = site_demo.load()
    lines = demo.load(home=home, units=units, stdout=StringIO())
    assert len(lines) == 2  # a poll kiosk and a SIPAS survey kiosk
    token = re.fullmatch(r"Kiosk: http://127\.0\.0\.1:8000/kiosk/([^/]+)/", lines[0]).group(1)
    survey_token = re.fullmatch(r"Kiosk \(SIPAS\): http://127\.0\.0\.1:8000/kiosk/([^/]+)/", lines[1]).group(1)
    active = Poll.objects.get(question=demo.ACTIVE_QUESTION)
    closed = Poll.objects.get(question=demo.CLOSED_QUESTION)
    assert active.is_open() and closed.has_closed()
    ballots = Ballot.objects.filter(poll=active)
    assert 200 <= ballots.count() <= 1000
    assert ballots.values("unit").distinct().count() >= 5
    for poll in (active, closed):
        assert sum(PollResultCount.objects.filter(poll=poll).values_list("count", flat=True)) == poll.ballots.count()

    assert demo.ACTIVE_QUESTION in client.get("/").content.decode()
    assert client.get(reverse("surveys:results", args=[closed.pk])).status_code == 200
    assert client.get(reverse("surveys:kiosk", args=[token])).status_code == 200
    assert "Bắt đầu" in client.get(reverse("surveys:kiosk", args=[survey_token])).content.decode()
    survey = SurveyPage.objects.get()
    assert SurveySubmission.objects.filter(page=survey).count() > 20
    assert client.get(reverse("surveys:survey_results", args=[survey.pk])).status_code == 200

    counts = (Poll.objects.count(), Ballot.objects.count(), SurveySubmission.objects.count())
    again = demo.load(home=home, units=units, stdout=StringIO())
    assert counts == (Poll.objects.count(), Ballot.objects.count(), SurveySubmission.objects.count())
    new_token = again[0].rsplit("/kiosk/", 1)[1].strip("/")
    assert client.get(reverse("surveys:kiosk", args=[token])).status_code == 404  # reissued each run
    assert client.get(reverse("surveys:kiosk", args=[new_token])).status_code == 200
