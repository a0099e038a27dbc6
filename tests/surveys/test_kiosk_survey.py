"""A whole SIPAS survey on the kiosk: one question per screen without JavaScript (answers so far carried
in the form), back and skip, nothing stored until sent; and the same survey synced from the tablet."""

import json
import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from surveys.models import Kiosk, SurveyAnswer, SurveySubmission

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey_kiosk(make_kiosk, sipas):
    return make_kiosk(survey_page=sipas)


def url(token):
    return reverse("surveys:kiosk", args=[token])


def hidden(html: str) -> dict:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def step(client, token, html, **fields):
    data = {k: v for k, v in hidden(html).items() if k != "csrfmiddlewaretoken"}
    data.update(fields)
    return client.post(url(token), data)


def test_no_javascript_walks_one_question_per_screen(survey_kiosk, sipas):
    kiosk, token = survey_kiosk
    client = Client()
    q = list(sipas.questions.all())
    start = client.get(url(token))
    html = start.content.decode()
    assert start.status_code == 200 and "Bắt đầu" in html and sipas.title in html
    first = step(client, token, html, action="go")
    html = first.content.decode()
    assert q[0].text in html and q[1].text not in html
    assert "Câu 1/4" in html and '<progress id="kiosk-progress" max="4" value="0">' in html
    assert "Câu trước" not in html  # no back on the first question
    # A required question cannot be passed over.
    refused = step(client, token, html, action="next")
    assert refused.status_code == 400 and "Vui lòng trả lời câu hỏi này" in refused.content.decode()
    assert "Bỏ qua" not in html

    html = step(client, token, html, action="next", **{f"q{q[0].pk}": "5"}).content.decode()
    assert q[1].text in html and "Câu 2/4" in html
    html = step(client, token, html, action="back").content.decode()
    assert q[0].text in html and 'value="5" checked' in html  # the answer given is kept
    html = step(client, token, html, action="next", **{f"q{q[0].pk}": "4"}).content.decode()
    html = step(client, token, html, action="next", **{f"q{q[1].pk}": "1"}).content.decode()
    html = step(client, token, html, action="next", **{f"q{q[2].pk}": "5"}).content.decode()
    assert q[3].text in html and "Bỏ qua" in html  # the free text is optional
    html = step(client, token, html, action="skip").content.decode()
    assert "Gửi các câu trả lời?" in html
    assert not SurveySubmission.objects.exists()  # nothing stored before the last screen

    thanks = step(client, token, html, action="send")
    assert thanks.status_code == 200 and "Đã ghi nhận" in thanks.content.decode()
    submission = SurveySubmission.objects.get()
    assert (submission.kiosk, submission.counter, submission.unit) == (kiosk, kiosk.counter, kiosk.unit)
    scores = dict(SurveyAnswer.objects.values_list("question_id", "score"))
    assert scores == {q[0].pk: 4, q[1].pk: None, q[2].pk: 5}
    assert SurveyAnswer.objects.get(question=q[1]).option_index == 1
    # The same form sent twice (a double tap, a reload) stores one response.
    step(client, token, html, action="send")
    assert SurveySubmission.objects.count() == 1


@pytest.mark.parametrize("value", ["0", "6", "abc", "-1", "9" * 30])
def test_no_javascript_refuses_answers_out_of_range(survey_kiosk, sipas, value):
    _kiosk, token = survey_kiosk
    client = Client()
    q = sipas.questions.first()
    html = step(client, token, client.get(url(token)).content.decode(), action="go").content.decode()
    response = step(client, token, html, action="next", **{f"q{q.pk}": value})
    assert response.status_code == 400 and "Câu 1/4" in response.content.decode()


def test_sending_a_forged_incomplete_survey_is_refused(survey_kiosk, sipas):
    _kiosk, token = survey_kiosk
    response = Client().post(url(token), {"step": "question", "index": "4", "action": "send"})
    assert response.status_code == 400
    assert not SurveySubmission.objects.exists()


def test_survey_answers_synced_from_the_tablet(survey_kiosk, sipas):
    kiosk, token = survey_kiosk
    q = list(sipas.questions.all())
    entry = {
        "id": str(uuid.uuid4()),
        "answered_at": timezone.now().isoformat(),
        "survey": sipas.pk,
        "answers": {f"q{q[0].pk}": "5", f"q{q[1].pk}": "0", f"q{q[2].pk}": "3", f"q{q[3].pk}": "Rất tốt"},
    }
    bad = {**entry, "id": str(uuid.uuid4()), "answers": {f"q{q[0].pk}": "7"}}
    body = json.dumps({"answers": [entry, entry, bad]})
    response = Client().post(
        "/kiosk/api/sync", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert [r["status"] for r in response.json()["results"]] == ["accepted", "duplicate", "refused"]
    submission = SurveySubmission.objects.get()
    assert submission.answers.count() == 4 and submission.kiosk == kiosk
    assert SurveyAnswer.objects.get(question=q[3]).text == "Rất tốt"


def test_definition_of_a_survey_kiosk(survey_kiosk, sipas):
    _kiosk, token = survey_kiosk
    data = Client().get("/kiosk/api/definition", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert data["kind"] == "survey" and len(data["questions"]) == 4
    assert [o["value"] for o in data["questions"][0]["options"]] == ["1", "2", "3", "4", "5"]
    assert data["questions"][3]["kind"] == "text" and not data["questions"][3]["required"]


def test_an_unpublished_survey_is_not_offered(survey_kiosk, sipas):
    _kiosk, token = survey_kiosk
    sipas.unpublish()
    assert Client().get(url(token)).status_code == 409


def test_a_kiosk_asks_exactly_one_thing(units, poll, sipas, counter):
    base = {"name": "Máy", "unit": units["ward_a"]}
    for fields in ({}, {"poll": poll, "survey_page": sipas}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Kiosk.objects.create(**base, **fields)
        with pytest.raises(ValidationError):
            Kiosk(**base, **fields).full_clean()


def test_a_kiosk_counter_must_be_of_its_unit(units, poll, counter):
    kiosk = Kiosk(name="Máy", unit=units["ward_b"], poll=poll, counter=counter)
    with pytest.raises(ValidationError) as error:
        kiosk.full_clean()
    assert "counter" in error.value.message_dict
