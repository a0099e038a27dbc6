"""SIPAS surveys: questions tagged by factor, one response per browser, results by question/factor/unit."""

import datetime as dt
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from campaign_site.voters import VOTER_COOKIE
from surveys.models import QuestionKind, SipasFactor, SurveyAnswer, SurveyPage, SurveyQuestion, SurveySubmission
from surveys.selectors import survey_results
from surveys.services import submit_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(home):
    page = SurveyPage(title="Khảo sát SIPAS", slug="khao-sat", opens_at=timezone.now() - timedelta(days=1))
    specs = [
        ("Thông tin niêm yết rõ ràng", QuestionKind.LIKERT, SipasFactor.ACCESS, "", True),
        (
            "Biết đến dịch vụ qua kênh nào?",
            QuestionKind.SINGLE,
            SipasFactor.ACCESS,
            "Cổng DVC\nNiêm yết\nNgười quen",
            True,
        ),
        ("Cán bộ lịch sự", QuestionKind.LIKERT, SipasFactor.CIVIL_SERVANTS, "", True),
        ("Góp ý thêm", QuestionKind.TEXT, SipasFactor.FEEDBACK, "", False),
    ]
    for order, (text, kind, factor, options, required) in enumerate(specs):
        page.questions.add(
            SurveyQuestion(text=text, kind=kind, factor=factor, options=options, required=required, sort_order=order)
        )
    home.add_child(instance=page)
    page.save_revision().publish()
    return SurveyPage.objects.get(pk=page.pk)


def answers(survey, likert1="5", single="0", likert2="4", text=""):
    questions = list(survey.questions.all())
    return {f"q{questions[0].pk}": likert1, f"q{questions[1].pk}": single, f"q{questions[2].pk}": likert2,
            f"q{questions[3].pk}": text}  # fmt: skip


def take_url(survey):
    return reverse("surveys:survey_take", args=[survey.pk])


def test_survey_page_is_cacheable_and_links_to_the_form(client, survey):
    response = client.get(survey.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" not in html
    assert take_url(survey) in html
    assert not response.cookies


def test_form_page_is_never_cached_and_lists_every_question(client, survey):
    response = client.get(take_url(survey))
    html = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert "csrfmiddlewaretoken" in html
    for question in survey.questions.all():
        assert question.text in html
    assert "5 – Rất hài lòng" in html and "Cổng DVC" in html
    assert VOTER_COOKIE.name in response.cookies


def test_submission_stores_every_answer(client, survey, units):
    data = {**answers(survey, text="Nên có chỗ để xe"), "unit": units["ward_a"].pk}
    response = client.post(take_url(survey), data)
    assert response.status_code == 303
    submission = SurveySubmission.objects.get()
    assert submission.unit == units["ward_a"]
    stored = {(a.question.kind, a.score, a.option_index, a.text) for a in submission.answers.select_related("question")}
    assert stored == {("likert", 5, None, ""), ("single", None, 0, ""), ("likert", 4, None, ""),
                      ("text", None, None, "Nên có chỗ để xe")}  # fmt: skip
    assert "Cảm ơn" in client.get(response["Location"]).content.decode()


def test_one_submission_per_browser(client, survey):
    assert client.post(take_url(survey), answers(survey)).status_code == 303
    again = client.post(take_url(survey), answers(survey, likert1="1"))
    assert again.status_code == 409
    assert "đã trả lời" in again.content.decode()
    assert SurveySubmission.objects.count() == 1 and SurveyAnswer.objects.count() == 3
    assert "đã trả lời" in client.get(take_url(survey)).content.decode()


def test_one_submission_per_browser_is_a_database_constraint(survey):
    SurveySubmission.objects.create(page=survey, voter_hash="h" * 64)
    with pytest.raises(IntegrityError):
        SurveySubmission.objects.create(page=survey, voter_hash="h" * 64)


@pytest.mark.parametrize(
    "changes",
    [{"results_visibility": "everyone"}, {"closes_at": dt.datetime(2020, 1, 1, tzinfo=dt.UTC)}],
)
def test_survey_period_and_visibility_are_database_constraints(survey, changes):
    """The rules polls and surveys share (surveys/models/periods.py) hold in the database too."""
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyPage.objects.filter(pk=survey.pk).update(**changes)


def test_survey_closing_before_it_opens_is_refused_with_its_own_words(survey):
    survey.closes_at = survey.opens_at
    with pytest.raises(ValidationError) as refused:
        survey.full_clean()
    assert "khảo sát" in str(refused.value.message_dict["closes_at"]).casefold()


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"likert1": ""}, "Vui lòng trả lời câu hỏi này."),
        ({"likert1": "6"}, "Vui lòng chọn một trong các phương án"),
        ({"likert2": "0"}, "Vui lòng chọn một trong các phương án"),
        ({"single": "3"}, "Vui lòng chọn một trong các phương án"),
        ({"single": "-1"}, "Vui lòng chọn một trong các phương án"),
        ({"text": "<b>đậm</b>"}, "không dùng mã HTML"),
        ({"text": "x" * 100 * 1024}, "quá dài"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_stored(client, survey, override, message):
    response = client.post(take_url(survey), answers(survey, **override))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert SurveySubmission.objects.count() == 0 and SurveyAnswer.objects.count() == 0


def test_honeypot_and_unknown_unit_are_refused(client, survey):
    assert client.post(take_url(survey), {**answers(survey), "website": "x"}).status_code == 400
    assert client.post(take_url(survey), {**answers(survey), "unit": 999999}).status_code == 400
    assert SurveySubmission.objects.count() == 0


def test_forged_cookie_is_refused(client, survey):
    client.cookies[VOTER_COOKIE.name] = "forged"
    assert client.post(take_url(survey), answers(survey)).status_code == 400
    assert SurveySubmission.objects.count() == 0


def test_closed_survey_is_refused(client, survey):
    survey.closes_at = timezone.now()
    survey.save_revision().publish()
    response = client.post(take_url(survey), answers(survey))
    assert response.status_code == 409
    assert SurveySubmission.objects.count() == 0


def test_post_without_csrf_is_refused(survey):
    client = Client(enforce_csrf_checks=True)
    client.get(take_url(survey))
    assert client.post(take_url(survey), answers(survey)).status_code == 403
    assert SurveySubmission.objects.count() == 0


def test_results_per_question_factor_and_unit(client, survey, units):
    submit_survey(page=survey, data=answers(survey, "5", "0", "2"), voter_key="a", ip="1.1.1.1", unit=units["ward_a"])
    submit_survey(page=survey, data=answers(survey, "4", "1", "5"), voter_key="b", ip="1.1.1.1", unit=units["ward_a"])
    submit_survey(page=survey, data=answers(survey, "1", "1", "3"), voter_key="c", ip="1.1.1.1", unit=units["ward_b"])
    data = survey_results(survey)
    assert data["total"] == 3
    first = data["questions"][0]
    assert [count for _label, count, _p in first["rows"]] == [1, 0, 0, 1, 1]
    assert sum(p for _l, _c, p in first["rows"]) == 100
    assert round(first["satisfied_share"], 1) == 66.7
    single = data["questions"][1]
    assert [(label, count) for label, count, _p in single["rows"]] == [
        ("Cổng DVC", 1),
        ("Niêm yết", 2),
        ("Người quen", 0),
    ]
    factors = {f["factor"]: f for f in data["factors"]}
    assert factors["access"]["n"] == 3 and round(factors["access"]["satisfied_share"], 1) == 66.7
    assert factors["civil_servants"]["n"] == 3 and round(factors["civil_servants"]["satisfied_share"], 1) == 33.3
    assert factors["procedure"]["n"] == 0 and factors["procedure"]["satisfied_share"] is None
    by_unit = {u["label"]: u for u in data["units"]}
    assert by_unit["Phường Tây Hồ"]["satisfied_share"] == 75.0  # 5,4 / 4,5... 3 of 4 likert answers
    assert by_unit["Phường Ba Đình"]["satisfied_share"] == 0.0

    html = client.get(reverse("surveys:survey_results", args=[survey.pk])).content.decode()
    assert "Theo yếu tố SIPAS" in html and "Công chức trực tiếp giải quyết" in html
    assert "66,7%" in html and "Phường Tây Hồ" in html
