"""A poll's results inside the admin (chart with its table, per month, per unit, per unit and month),
and the reusable answer scales."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from campaign_site.access.roles import SCREEN_OPERATOR
from surveys.models import AnswerScale, Ballot, Poll, SurveyQuestion
from surveys.services import rebuild_counts

pytestmark = pytest.mark.django_db
THREE, FIVE = "Mức độ hài lòng (3 mức)", "Mức độ hài lòng (5 mức)"


def results_url(poll):
    return reverse("surveys_admin:results", args=[poll.pk])


@pytest.fixture
def history(poll, units):
    """Ballots in two months and two wards (written as rows, then counted as the service does)."""
    very, fine, unhappy = poll.choices.all()
    tz = timezone.get_current_timezone()
    rows = [
        (very, units["ward_a"], dt.datetime(2026, 9, 3, 9, tzinfo=tz)),
        (fine, units["ward_a"], dt.datetime(2026, 9, 20, 9, tzinfo=tz)),
        (unhappy, units["ward_a"], dt.datetime(2026, 10, 1, 9, tzinfo=tz)),
        (very, units["ward_b"], dt.datetime(2026, 10, 2, 9, tzinfo=tz)),
        (unhappy, None, dt.datetime(2026, 10, 5, 9, tzinfo=tz)),
    ]
    Ballot.objects.bulk_create(
        Ballot(poll=poll, choice=choice, channel="kiosk", unit=unit, created_at=when) for choice, unit, when in rows
    )
    rebuild_counts(poll=poll)
    return poll


def test_officer_sees_results_per_answer_month_and_unit(client, officer, history):
    client.force_login(officer)
    response = client.get(results_url(history))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="bar-chart"' in html and 'class="trend-chart"' in html  # the charts…
    assert "Số phiếu theo câu trả lời" in html and "Diễn biến theo tháng" in html  # …and their tables
    table = response.context["unit_months"]
    assert table.months == [dt.date(2026, 9, 1), dt.date(2026, 10, 1)]
    rows = dict(table.rows)
    ward_a = rows["Phường Tây Hồ"]
    assert (ward_a[0].total, ward_a[0].positive_share) == (2, 100.0)
    assert (ward_a[1].total, ward_a[1].positive_share) == (1, 0.0)
    assert rows["Phường Ba Đình"][0] is None and rows["Phường Ba Đình"][1].total == 1
    assert list(rows)[-1] is None  # ballots without a unit come last, as "Không nêu"
    assert "100% (2)" in html and "0% (1)" in html
    assert reverse("surveys_admin:export", args=[history.pk, "counts", "xlsx"]) in html


def test_listing_links_to_the_admin_results(client, officer, poll):
    client.force_login(officer)
    listing = client.get(reverse("wagtailsnippets_surveys_poll:list")).content.decode()
    assert results_url(poll) in listing


def test_results_view_is_permission_checked(client, make_user, ward_editor, poll):
    assert client.get(results_url(poll)).status_code == 302  # to the login page
    client.force_login(make_user(SCREEN_OPERATOR))
    response = client.get(results_url(poll))
    assert (response.status_code, response.get("Location")) in {(403, None), (302, "/admin/")}
    client.force_login(ward_editor)
    assert client.get(results_url(poll)).status_code == 200
    assert client.get(reverse("surveys_admin:results", args=[987654])).status_code == 404


def test_results_view_without_votes(client, officer, poll):
    client.force_login(officer)
    response = client.get(results_url(poll))
    assert response.status_code == 200 and "Chưa có phiếu nào." in response.content.decode()


# -- answer scales ------------------------------------------------------------------------------


def test_the_standard_scales_exist_after_migrating():
    assert AnswerScale.objects.get(name=THREE).answers() == [
        ("Rất hài lòng", True), ("Hài lòng", True), ("Không hài lòng", False)]  # fmt: skip
    five = AnswerScale.objects.get(name=FIVE).answers()
    assert len(five) == 5 and [positive for _label, positive in five] == [False, False, False, True, True]


def poll_data(units, **extra):
    data = {
        "question": "Đánh giá thái độ phục vụ",
        "description": "",
        "unit": units["ward_a"].pk,
        "opens_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "closes_at": "",
        "results_visibility": "after_vote",
        "allow_comment": "on",
        "plan_task": "",
        "scale": "",
        "choices-TOTAL_FORMS": "0",
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "1000",
    }
    data.update(extra)
    return data


def with_choices(data, labels):
    data["choices-TOTAL_FORMS"] = str(len(labels))
    for i, label in enumerate(labels):
        data.update({f"choices-{i}-label": label, f"choices-{i}-ORDER": str(i + 1), f"choices-{i}-id": "",
                     f"choices-{i}-DELETE": ""})  # fmt: skip
    return data


def test_a_poll_takes_its_choices_from_a_scale(client, officer, units):
    client.force_login(officer)
    five = AnswerScale.objects.get(name=FIVE)
    response = client.post(reverse("wagtailsnippets_surveys_poll:add"), poll_data(units, scale=five.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    poll = Poll.objects.get()
    assert poll.scale == five
    assert [(c.label, c.is_positive) for c in poll.choices.all()] == five.answers()
    # The poll keeps its own copy: editing the scale later changes no poll.
    option = five.options.first()
    option.label = "Rất tệ"
    option.save()
    assert poll.choices.first().label == "Rất không hài lòng"


@pytest.mark.parametrize(
    ("scale", "labels"),
    [("", []), ("", ["Có"]), (THREE, ["Có"])],  # no choices and no scale; one choice; a scale and one choice
)
def test_a_poll_needs_two_choices_or_a_scale(client, officer, units, scale, labels):
    client.force_login(officer)
    scale_pk = AnswerScale.objects.get(name=scale).pk if scale else ""
    data = with_choices(poll_data(units, scale=scale_pk), labels)
    response = client.post(reverse("wagtailsnippets_surveys_poll:add"), data)
    assert response.status_code == 200
    assert "Hãy nhập ít nhất hai phương án, hoặc chọn một thang đo" in response.content.decode()
    assert not Poll.objects.exists()


def test_typed_choices_win_over_the_scale(client, officer, units):
    client.force_login(officer)
    three = AnswerScale.objects.get(name=THREE)
    data = with_choices(poll_data(units, scale=three.pk), ["Nhanh", "Chậm"])
    assert client.post(reverse("wagtailsnippets_surveys_poll:add"), data).status_code == 302
    assert [c.label for c in Poll.objects.get().choices.all()] == ["Nhanh", "Chậm"]


def test_a_survey_question_takes_its_options_from_a_scale():
    from django.core.exceptions import ValidationError

    five = AnswerScale.objects.get(name=FIVE)
    question = SurveyQuestion(text="Mức độ hài lòng chung", kind="single", factor="result", scale=five)
    question.clean()
    assert question.option_list == ["Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"]
    likert = SurveyQuestion(text="Thang 1–5", kind="likert", factor="result", scale=five)
    with pytest.raises(ValidationError) as refused:
        likert.clean()
    assert refused.value.message_dict["scale"] == ["Chỉ câu hỏi chọn một mới lấy phương án từ thang đo."]


def test_scales_admin_for_officers_only(client, officer, ward_editor):
    client.force_login(officer)
    listing = client.get(reverse("wagtailsnippets_surveys_answerscale:list"))
    assert listing.status_code == 200 and "Rất hài lòng · Hài lòng · Không hài lòng" in listing.content.decode()
    client.force_login(ward_editor)
    response = client.get(reverse("wagtailsnippets_surveys_answerscale:add"))
    assert response.status_code in (302, 403)
