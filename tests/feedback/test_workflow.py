"""The answer workflow: a state machine with a history, guarded by database constraints, safe when
two people act at once, and held to the permission policy whoever calls it."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from feedback import services
from feedback.models import AnsweredQuestionPage, FeedbackEvent, FeedbackItem, IdeaStatus, Kind, State

ALL_STATES = [State.RECEIVED, State.PROCESSING, State.AWAITING_APPROVAL, State.ANSWERED, State.DECLINED, State.SPAM]


def _attempt(action, item, staff, units, original=None):
    officer, approver = staff["officer"], staff["approver_city"]
    calls = {
        "assign": lambda: services.assign(item=item, unit=units["ward_a"], user=officer),
        "decline": lambda: services.decline(item=item, reason="Không thuộc phạm vi.", user=officer),
        "spam": lambda: services.mark_spam(item=item, user=officer),
        "merge": lambda: services.merge_duplicate(item=item, original=original, user=officer),
        "draft": lambda: services.save_answer(item=item, user=officer, answer="Nháp."),
        "submit": lambda: services.save_answer(item=item, user=officer, answer="Trả lời.", submit=True),
        "return": lambda: services.return_answer(item=item, user=approver, note="Bổ sung căn cứ."),
        "approve": lambda: services.approve_answer(item=item, user=approver),
    }
    return calls[action]()


@pytest.mark.django_db
@pytest.mark.parametrize("state", ALL_STATES)
@pytest.mark.parametrize("action", list(services.TRANSITIONS))
def test_every_transition_from_every_state(make_item, advance, staff, units, index_page, state, action):
    """Allowed where TRANSITIONS says so; elsewhere a clear refusal and nothing changes."""
    original = make_item(title="Ý kiến gốc")
    item = advance(make_item(), state)
    from_states, to_state, event = services.TRANSITIONS[action]
    events_before = item.events.count()
    allowed = state in from_states and not (action in ("draft", "submit") and item.assigned_unit_id is None)
    if allowed:
        item = _attempt(action, item, staff, units, original)
        assert item.state == to_state
        last = item.events.order_by("-pk").first()
        assert (last.action, last.from_state, last.to_state) == (event, state, to_state)
        assert last.actor is not None
    else:
        with pytest.raises((services.TransitionError, PermissionDenied)) as error:
            _attempt(action, item, staff, units, original)
        if error.type is services.TransitionError:
            assert "tải lại trang" in str(error.value)  # Vietnamese, with what to do
        fresh = FeedbackItem.objects.get(pk=item.pk)
        assert fresh.state == state and fresh.events.count() == events_before


@pytest.mark.django_db
def test_the_whole_way_keeps_its_history(make_item, staff, units, index_page, mails_sent):
    item = make_item()
    with mails_sent():
        item = services.assign(item=item, unit=units["ward_a"], user=staff["officer"])
        item = services.save_answer(item=item, user=staff["editor_a"], answer="Bản nháp đầu.")
        item = services.save_answer(item=item, user=staff["editor_a"], answer="Trả lời.", submit=True)
        item = services.return_answer(item=item, user=staff["approver_a"], note="Thêm thời hạn giải quyết.")
        item = services.save_answer(item=item, user=staff["editor_a"], answer="Trả lời đầy đủ.", submit=True,
                                    public_title="Khai sinh trực tuyến", public_question="Cần giấy tờ gì?")  # fmt: skip
        item = services.approve_answer(item=item, user=staff["approver_a"])
    assert item.state == State.ANSWERED and item.answer == "Trả lời đầy đủ." and item.closed_at and item.answered_at
    assert item.due_at == item.received_at + dt.timedelta(days=15)
    steps = list(item.events.values_list("action", "actor__username"))
    assert steps == [
        ("received", None), ("assigned", "officer"), ("drafted", "editor_a"), ("submitted", "editor_a"),
        ("returned", "approver_a"), ("submitted", "editor_a"), ("approved", "approver_a"),
    ]  # fmt: skip
    page = AnsweredQuestionPage.objects.get(item=item)
    assert page.live and page.title == "Khai sinh trực tuyến" and page.question == "Cần giấy tờ gì?"
    assert page.unit == units["ward_a"]
    assert [m.subject for m in mail.outbox][-1].startswith("Trả lời ý kiến")
    assert "Trả lời đầy đủ." in mail.outbox[-1].body


@pytest.mark.django_db
def test_no_page_without_consent_and_no_mail_without_consent(make_item, advance, index_page, mails_sent):
    item = make_item(consent_publish=False, consent_contact=False, name="", phone="", email="", case_code="",
                     wants_reply=False)  # fmt: skip
    with mails_sent():
        item = advance(item, State.ANSWERED)
    assert item.state == State.ANSWERED and not AnsweredQuestionPage.objects.exists() and not mail.outbox


@pytest.mark.django_db
def test_the_due_date_follows_the_setting_and_survives_reassignment(make_item, staff, units, settings):
    settings.FEEDBACK_ANSWER_DAYS = 7
    item = services.assign(item=make_item(), unit=units["ward_a"], user=staff["officer"])
    assert item.due_at == item.received_at + dt.timedelta(days=7)
    moved = services.assign(item=item, unit=units["ward_b"], user=staff["officer"])
    assert moved.assigned_unit == units["ward_b"] and moved.due_at == item.due_at


@pytest.mark.django_db
def test_a_merged_duplicate_follows_its_original(client, make_item, advance, staff, index_page, mails_sent):
    original = make_item(email="goc@example.vn")
    duplicate = make_item(email="trung@example.vn")
    duplicate = services.merge_duplicate(item=duplicate, original=original, user=staff["officer"])
    assert duplicate.state == State.DUPLICATE and duplicate.closed_at
    with mails_sent():
        advance(original, State.ANSWERED)
    # Both citizens get the answer, and the duplicate's status page shows it.
    answered_to = sorted(m.to[0] for m in mail.outbox if m.subject.startswith("Trả lời"))
    assert answered_to == ["goc@example.vn", "trung@example.vn"]
    body = client.get(f"/y-kien/{duplicate.code}/").content.decode()
    assert "Đã trả lời" in body and "Câu trả lời của phường." in body


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["self", "spam", "duplicate"])
def test_merging_needs_a_valid_original(make_item, advance, staff, bad):
    item = make_item()
    original = {"self": item, "spam": advance(make_item(), State.SPAM)}.get(bad)
    if bad == "duplicate":
        original = services.merge_duplicate(item=make_item(), original=make_item(), user=staff["officer"])
    with pytest.raises(ValueError, match="ý kiến gốc"):
        services.merge_duplicate(item=item, original=original, user=staff["officer"])
    assert FeedbackItem.objects.get(pk=item.pk).state == State.RECEIVED


@pytest.mark.django_db
@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_declining_needs_a_reason(make_item, staff, reason):
    item = make_item()
    with pytest.raises(ValueError, match="lý do"):
        services.decline(item=item, reason=reason, user=staff["officer"])
    assert FeedbackItem.objects.get(pk=item.pk).state == State.RECEIVED


@pytest.mark.django_db
def test_submitting_an_empty_answer_is_refused(make_item, advance, staff):
    item = advance(make_item(), State.PROCESSING)
    with pytest.raises(ValueError, match="câu trả lời"):
        services.save_answer(item=item, user=staff["editor_a"], answer="  ", submit=True)
    assert FeedbackItem.objects.get(pk=item.pk).state == State.PROCESSING


@pytest.mark.django_db
def test_a_stale_copy_cannot_act_twice(make_item, advance, staff, index_page):
    """Two approvers open the same item; the second click finds it answered and changes nothing."""
    item = advance(make_item(), State.AWAITING_APPROVAL)
    stale = FeedbackItem.objects.get(pk=item.pk)
    services.approve_answer(item=item, user=staff["approver_a"])
    with pytest.raises(services.TransitionError):
        services.approve_answer(item=stale, user=staff["approver_city"])
    assert FeedbackEvent.objects.filter(item=item, action="approved").count() == 1
    assert AnsweredQuestionPage.objects.filter(item=item).count() == 1


# --- What the database itself refuses ---------------------------------------------------------------

CONSTRAINTS = {
    "unknown state": {"state": "lost"},
    "unknown kind": {"kind": "rumour"},
    "empty title": {"title": ""},
    "question without unit": {"unit": None},
    "reply without contact": {"phone": "", "email": ""},
    "processing without unit": {"state": State.PROCESSING},
    "awaiting approval without draft": {"state": State.AWAITING_APPROVAL, "assigned": True},
    "answered without answer": {"state": State.ANSWERED, "assigned": True, "closed": True},
    "declined without reason": {"state": State.DECLINED, "closed": True},
    "duplicate without original": {"state": State.DUPLICATE, "closed": True},
    "original without duplicate state": {"duplicate_of": "self-other"},
    "closed without closing time": {"state": State.SPAM},
    "idea status on a question": {"idea_status": IdeaStatus.ADOPTED},
    "unknown idea status": {"kind": Kind.IDEA, "idea_status": "famous"},
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("case", CONSTRAINTS, ids=list(CONSTRAINTS))
def test_the_database_refuses_inconsistent_items(make_item, units, case):
    item = make_item()
    changes = dict(CONSTRAINTS[case])
    if changes.pop("assigned", False):
        changes.update(assigned_unit=units["ward_a"], due_at=timezone.now())
    if changes.pop("closed", False):
        changes["closed_at"] = timezone.now()
    if changes.get("duplicate_of") == "self-other":
        changes["duplicate_of"] = make_item()
    with pytest.raises(IntegrityError), transaction.atomic():
        FeedbackItem.objects.filter(pk=item.pk).update(**changes)


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_a_second_support_and_a_reused_code(make_item, advance):
    from feedback.models import IdeaSupport

    idea = make_item(kind=Kind.IDEA)
    IdeaSupport.objects.create(item=idea, voter_hash="abc")
    with pytest.raises(IntegrityError), transaction.atomic():
        IdeaSupport.objects.create(item=idea, voter_hash="abc")
    other = make_item()
    with pytest.raises(IntegrityError), transaction.atomic():
        FeedbackItem.objects.filter(pk=other.pk).update(code=idea.code)


# --- Ideas --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_idea_status_and_support(make_item, advance, staff):
    idea = advance(make_item(kind=Kind.IDEA, unit=None), State.PROCESSING)
    idea = services.set_idea_status(item=idea, status=IdeaStatus.ADOPTED, note="Áp dụng từ tháng 10.",
                                    user=staff["officer"])  # fmt: skip
    assert idea.idea_status == IdeaStatus.ADOPTED and idea.idea_status_at
    assert idea.events.filter(action="idea_status").exists()
    assert services.support_idea(item=idea, voter_hash="v1") is True
    assert services.support_idea(item=idea, voter_hash="v1") is False
    assert services.support_idea(item=idea, voter_hash="v2") is True
    assert idea.supports.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("case", ["question", "no consent", "not yet accepted", "spam"])
def test_only_public_ideas_take_support_and_a_status(make_item, advance, staff, case):
    item = {
        "question": lambda: advance(make_item(), State.PROCESSING),
        "no consent": lambda: advance(make_item(kind=Kind.IDEA, consent_publish=False), State.PROCESSING),
        "not yet accepted": lambda: make_item(kind=Kind.IDEA),
        "spam": lambda: advance(make_item(kind=Kind.IDEA), State.SPAM),
    }[case]()
    with pytest.raises(ValueError):
        services.support_idea(item=item, voter_hash="v1")
    if case == "question":
        with pytest.raises(ValueError):
            services.set_idea_status(item=item, status=IdeaStatus.ADOPTED, note="", user=staff["officer"])
    assert not item.supports.exists()


@pytest.mark.django_db
def test_officers_choose_frequently_asked_questions(make_item, advance, staff, index_page):
    item = advance(make_item(), State.ANSWERED)
    page = services.set_faq(item=item, is_faq=True, user=staff["officer"])
    assert AnsweredQuestionPage.objects.get(pk=page.pk).is_faq
    with pytest.raises(PermissionDenied):
        services.set_faq(item=item, is_faq=False, user=staff["editor_a"])
    unpublished = advance(make_item(consent_publish=False), State.ANSWERED)
    with pytest.raises(ValueError):
        services.set_faq(item=unpublished, is_faq=True, user=staff["officer"])
