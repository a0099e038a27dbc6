"""Demo polls, ballots, a SIPAS survey with responses and a counter kiosk. Idempotent."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from surveys.models import (
    AnswerScale,
    Ballot,
    Channel,
    CommentStatus,
    Counter,
    Kiosk,
    Poll,
    PollChoice,
    PollPage,
    QuestionKind,
    ResultsVisibility,
    SipasFactor,
    SurveyAnswer,
    SurveyPage,
    SurveyQuestion,
    SurveySubmission,
)
from surveys.security import voter_hash
from surveys.services import issue_kiosk_token, rebuild_counts

ACTIVE_QUESTION = "Đánh giá thái độ tiếp công dân của cán bộ Một cửa"
CLOSED_QUESTION = "Mức độ hài lòng với việc giải quyết thủ tục hành chính năm 2025"
WARDS = ("00004", "00103", "00070", "00166", "00598", "09619")
THREE_LEVEL_SCALE = "Mức độ hài lòng (3 mức)"
CHOICES = (("Rất hài lòng", True), ("Hài lòng", True), ("Không hài lòng", False))
COMMENTS = (
    ("Cán bộ hướng dẫn tận tình, hồ sơ được trả đúng hẹn.", CommentStatus.APPROVED),
    ("Phòng chờ rộng, có nước uống và ghế ngồi, rất thuận tiện.", CommentStatus.APPROVED),
    ("Nên bố trí thêm quầy vào buổi sáng thứ hai vì rất đông.", CommentStatus.APPROVED),
    ("Tôi phải chờ khá lâu mới đến lượt.", CommentStatus.PENDING),
)
SURVEY_QUESTIONS = (
    ("Thông tin về nơi tiếp nhận hồ sơ, giờ làm việc được niêm yết rõ ràng", QuestionKind.LIKERT, SipasFactor.ACCESS),
    ("Ông/bà biết đến dịch vụ qua kênh nào?", QuestionKind.SINGLE, SipasFactor.ACCESS),
    ("Thành phần hồ sơ và thời hạn giải quyết được công khai đầy đủ", QuestionKind.LIKERT, SipasFactor.PROCEDURE),
    ("Cán bộ có thái độ lịch sự, hướng dẫn dễ hiểu", QuestionKind.LIKERT, SipasFactor.CIVIL_SERVANTS),
    ("Kết quả được trả đúng hẹn và chính xác", QuestionKind.LIKERT, SipasFactor.RESULT),
    ("Ý kiến, kiến nghị được tiếp nhận và trả lời kịp thời", QuestionKind.LIKERT, SipasFactor.FEEDBACK),
    ("Góp ý thêm để bộ phận Một cửa phục vụ tốt hơn", QuestionKind.TEXT, SipasFactor.FEEDBACK),
)
CHANNEL_OPTIONS = "Cổng dịch vụ công\nNiêm yết tại trụ sở\nMạng xã hội, Zalo của phường\nNgười quen giới thiệu"


def _poll(question: str, **fields) -> tuple[Poll, bool]:
    """A demo poll answered on the standard 3-level scale (made by migration 0005); should an
    officer have deleted that scale, the same three answers are written in directly."""
    poll = Poll.objects.filter(question=question).first()
    if poll is not None:
        return poll, False
    poll = Poll(question=question, scale=AnswerScale.objects.filter(name=THREE_LEVEL_SCALE).first(), **fields)
    if poll.scale is None:
        for order, (label, positive) in enumerate(CHOICES):
            poll.choices.add(PollChoice(label=label, is_positive=positive, sort_order=order))
    poll.save()
    if poll.scale is not None:
        poll.add_choices_from_scale()
    return poll, True


def _ballots(poll: Poll, *, units, count: int, start, days: int, rng: random.Random, weights) -> None:
    choices = list(poll.choices.all())
    ballots = []
    for n in range(count):
        kiosk_vote = n % 4 == 0
        comment, status = ("", CommentStatus.NONE)
        if poll.allow_comment and n % 37 == 5:
            comment, status = COMMENTS[(n // 37) % len(COMMENTS)]
        ballots.append(
            Ballot(
                poll=poll,
                choice=rng.choices(choices, weights=weights)[0],
                channel=Channel.KIOSK if kiosk_vote else Channel.WEB,
                unit=units[rng.choice(WARDS)],
                created_at=start + timedelta(days=rng.randrange(days), minutes=rng.randrange(7 * 60, 17 * 60)),
                voter_hash="" if kiosk_vote else voter_hash(f"demo-{poll.pk}-{n}"),
                comment=comment,
                comment_status=status,
            )
        )
    Ballot.objects.bulk_create(ballots, batch_size=500)
    rebuild_counts(poll=poll)


def _survey(home, units, rng: random.Random) -> SurveyPage:
    page = SurveyPage.objects.filter(slug="khao-sat-sipas").first()
    if page is not None:
        return page
    now = timezone.now()
    page = SurveyPage(
        title="Khảo sát mức độ hài lòng về phục vụ hành chính",
        slug="khao-sat-sipas",
        show_in_menus=True,  # a way in for citizens: the SIPAS survey has its own menu entry
        intro=(
            "Phiếu khảo sát theo 5 yếu tố của Chỉ số SIPAS: tiếp cận dịch vụ, thủ tục hành chính, công chức "
            "trực tiếp giải quyết, kết quả giải quyết và việc tiếp nhận, xử lý góp ý. Mất khoảng 3 phút."
        ),
        opens_at=now - timedelta(days=45),
        thank_you="Cảm ơn ông/bà đã dành thời gian góp ý cho chính quyền.",
    )
    for order, (text, kind, factor) in enumerate(SURVEY_QUESTIONS):
        page.questions.add(
            SurveyQuestion(
                text=text,
                kind=kind,
                factor=factor,
                options=CHANNEL_OPTIONS if kind == QuestionKind.SINGLE else "",
                required=kind != QuestionKind.TEXT,
                sort_order=order,
            )
        )
    home.add_child(instance=page)
    page.save_revision().publish()
    questions = list(page.questions.all())
    for n in range(60):
        submission = SurveySubmission.objects.create(
            page=page,
            unit=units[rng.choice(WARDS)],
            voter_hash=voter_hash(f"demo-survey-{n}"),
            created_at=now - timedelta(days=rng.randrange(45)),
        )
        answers = []
        for question in questions:
            if question.kind == QuestionKind.LIKERT:
                answers.append(
                    SurveyAnswer(submission=submission, question=question, score=rng.choice((3, 4, 4, 5, 5)))
                )
            elif question.kind == QuestionKind.SINGLE:
                answers.append(SurveyAnswer(submission=submission, question=question, option_index=rng.randrange(4)))
            elif n % 6 == 0:
                answers.append(SurveyAnswer(submission=submission, question=question, text="Nên có thêm chỗ để xe."))
        SurveyAnswer.objects.bulk_create(answers)
    return page


@transaction.atomic
def load(*, home, units, stdout=None) -> list[str]:
    rng = random.Random(2026)
    now = timezone.now()
    active, created = _poll(
        ACTIVE_QUESTION,
        description="Ông/bà vừa làm thủ tục tại Bộ phận Một cửa? Hãy cho biết cảm nhận về thái độ phục vụ của cán bộ.",
        opens_at=now - timedelta(days=60),
        results_visibility=ResultsVisibility.ALWAYS,
    )
    if created:
        _ballots(active, units=units, count=360, start=now - timedelta(days=60), days=60, rng=rng, weights=(70, 27, 3))
    closed, created = _poll(
        CLOSED_QUESTION,
        opens_at=now - timedelta(days=400),
        closes_at=now - timedelta(days=35),
        results_visibility=ResultsVisibility.AFTER_CLOSE,
        allow_comment=False,
    )
    if created:
        _ballots(
            closed, units=units, count=240, start=now - timedelta(days=400), days=360, rng=rng, weights=(55, 38, 7)
        )

    if not PollPage.objects.filter(slug="binh-chon").exists():
        page = PollPage(
            title="Bình chọn",
            slug="binh-chon",
            show_in_menus=True,
            intro="Ý kiến của người dân giúp bộ phận Một cửa phục vụ tốt hơn.",
            poll=active,
        )
        home.add_child(instance=page)
        page.save_revision().publish()
    survey = _survey(home, units, rng)

    # Two counters of the ward's one-stop office: one kiosk asks the poll, the other the SIPAS survey.
    counter_1, _ = Counter.objects.get_or_create(unit=units["00103"], name="Quầy số 1")
    counter_2, _ = Counter.objects.get_or_create(unit=units["00103"], name="Quầy số 2")
    kiosk = Kiosk.objects.filter(name="Quầy số 1", unit=units["00103"]).first()
    if kiosk is None:
        kiosk = Kiosk.objects.create(name="Quầy số 1", unit=units["00103"], poll=active, ask_case_code=True)
    Kiosk.objects.filter(pk=kiosk.pk, counter__isnull=True).update(counter=counter_1)
    survey_kiosk = Kiosk.objects.filter(name="Quầy số 2", unit=units["00103"]).first()
    if survey_kiosk is None:
        survey_kiosk = Kiosk.objects.create(
            name="Quầy số 2", unit=units["00103"], counter=counter_2, survey_page=survey, ask_case_code=True
        )
    token = issue_kiosk_token(kiosk=kiosk)
    survey_token = issue_kiosk_token(kiosk=survey_kiosk)
    return [
        f"Kiosk: http://127.0.0.1:8000/kiosk/{token}/",
        f"Kiosk (SIPAS): http://127.0.0.1:8000/kiosk/{survey_token}/",
    ]
