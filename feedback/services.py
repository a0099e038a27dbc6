"""What changes citizens' feedback: sending, triage, the answer workflow, idea support, purging.

The workflow is a state machine (TRANSITIONS): each transition locks the item's row, checks that the
item is still in a state the transition starts from, changes it with a conditional UPDATE and writes
a history row, all in one transaction; two officers acting at once get one success and one clear
refusal. Permissions are asked of `feedback_permission_policy`, whoever calls.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaign_site.access.scope import acts_within, scope_unit
from campaign_site.text import clean_line, fold, nfc
from feedback import conf
from feedback.models import (
    AnsweredQuestionPage,
    EventAction,
    FeedbackAttachment,
    FeedbackEvent,
    FeedbackIndexPage,
    FeedbackItem,
    IdeaStatus,
    IdeaSupport,
    Kind,
    State,
)
from feedback.models.choices import CLOSED_STATES, PUBLIC_IDEA_STATES
from feedback.models.items import PERSONAL_FIELDS
from feedback.permissions import feedback_permission_policy as policy

logger = logging.getLogger(__name__)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed from paper
CODE_LENGTH = 12  # 32**12 = 2**60 codes

# action: (states it starts from, state it leads to, history entry)
TRANSITIONS = {
    "assign": ((State.RECEIVED, State.PROCESSING), State.PROCESSING, EventAction.ASSIGNED),
    "decline": ((State.RECEIVED, State.PROCESSING), State.DECLINED, EventAction.DECLINED),
    "spam": ((State.RECEIVED, State.PROCESSING), State.SPAM, EventAction.SPAM),
    "merge": ((State.RECEIVED, State.PROCESSING), State.DUPLICATE, EventAction.MERGED),
    "draft": ((State.PROCESSING,), State.PROCESSING, EventAction.DRAFTED),
    "submit": ((State.PROCESSING,), State.AWAITING_APPROVAL, EventAction.SUBMITTED),
    "return": ((State.AWAITING_APPROVAL,), State.PROCESSING, EventAction.RETURNED),
    "approve": ((State.AWAITING_APPROVAL,), State.ANSWERED, EventAction.APPROVED),
}


class TransitionError(Exception):
    """The item is no longer in a state this step starts from (someone else acted first)."""


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


# --- Sending ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Upload:
    file: object
    content_type: str


def _content_hash(*, ip_hash: str, kind: str, unit_id, title: str, content: str) -> str:
    text = "\x1f".join([ip_hash, kind, str(unit_id or ""), fold(title), fold(content)])
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def _dedupe_key(content_hash: str, at: dt.datetime) -> str:
    return f"{content_hash}:{int(at.timestamp()) // (conf.duplicate_minutes() * 60)}"


def submit_feedback(
    *,
    kind: str,
    field: str,
    title: str,
    content: str,
    unit=None,
    name: str = "",
    phone: str = "",
    email: str = "",
    case_code: str = "",
    wants_reply: bool = False,
    consent_contact: bool = False,
    consent_publish: bool = False,
    ip_hash: str = "",
    uploads: list[Upload] = (),
) -> tuple[FeedbackItem, bool]:
    """Store a citizen's item with its attachments; (item, created). The same content from the same
    address within FEEDBACK_DUPLICATE_MINUTES returns the first item (a double submit is one item)."""
    now = timezone.now()
    title, content = clean_line(title), nfc(content).strip()
    content_hash = _content_hash(
        ip_hash=ip_hash, kind=kind, unit_id=getattr(unit, "pk", None), title=title, content=content
    )
    since = now - dt.timedelta(minutes=conf.duplicate_minutes())
    earlier = FeedbackItem.objects.filter(dedupe_key__startswith=f"{content_hash}:", received_at__gte=since).first()
    if earlier is not None:
        return earlier, False
    stored: list[str] = []
    try:
        with transaction.atomic():
            item = FeedbackItem(
                kind=kind, field=field, unit=unit, title=title, content=content,
                name=clean_line(name), phone=clean_line(phone), email=clean_line(email).lower(),
                case_code=clean_line(case_code), wants_reply=wants_reply, consent_contact=consent_contact,
                consent_publish=consent_publish, ip_hash=ip_hash, received_at=now,
                dedupe_key=_dedupe_key(content_hash, now),
            )  # fmt: skip
            _insert_with_fresh_code(item)
            for upload in uploads:
                attachment = FeedbackAttachment(
                    item=item,
                    original_name=clean_line(upload.file.name)[:255],
                    content_type=upload.content_type,
                    size=upload.file.size,
                )
                attachment.file.save(upload.file.name, upload.file, save=False)
                stored.append(attachment.file.name)
                attachment.save()
            FeedbackEvent.objects.create(item=item, action=EventAction.RECEIVED, to_state=State.RECEIVED, at=now)
            _after_commit_mail(item.pk, "acknowledgement")
    except IntegrityError:
        _delete_files(stored)
        earlier = FeedbackItem.objects.filter(dedupe_key=_dedupe_key(content_hash, now)).first()
        if earlier is None:
            raise
        return earlier, False  # the same content won a race with this request
    except BaseException:
        _delete_files(stored)
        raise
    return item, True


def _insert_with_fresh_code(item: FeedbackItem) -> None:
    for _attempt in range(5):
        item.code = new_code()
        if FeedbackItem.objects.filter(code=item.code).exists():
            continue
        item.save(force_insert=True)
        return
    raise IntegrityError("no free tracking code")


def _delete_files(names: list[str]) -> None:
    storage = FeedbackAttachment._meta.get_field("file").storage
    for name in names:
        storage.delete(name)


# --- The workflow ----------------------------------------------------------------------------------


def _require(user, action: str, item: FeedbackItem) -> None:
    if not policy.user_has_permission_for_instance(user, action, item):
        raise PermissionDenied


def _transition(item: FeedbackItem, action: str, *, user, note: str = "", **changes) -> FeedbackItem:
    """Move `item` along `action` (see TRANSITIONS); call inside a transaction."""
    from_states, to_state, event = TRANSITIONS[action]
    current = FeedbackItem.objects.select_for_update().filter(pk=item.pk).values_list("state", flat=True).first()
    if to_state in CLOSED_STATES:
        changes.setdefault("closed_at", timezone.now())
    # The conditional UPDATE is the guard on databases where SELECT … FOR UPDATE locks nothing.
    updated = FeedbackItem.objects.filter(pk=item.pk, state__in=from_states).update(state=to_state, **changes)
    if not updated:
        raise TransitionError(_("This item has changed in the meantime (it is now: %(state)s). Reload the page.")
                              % {"state": State(current).label if current else "?"})  # fmt: skip
    FeedbackEvent.objects.create(
        item_id=item.pk, actor=user if user and user.is_authenticated else None, action=event,
        from_state=current, to_state=to_state, note=note,
    )  # fmt: skip
    item.refresh_from_db()
    return item


def assign(*, item: FeedbackItem, unit, user) -> FeedbackItem:
    """Hand the item to `unit`; the due date counts FEEDBACK_ANSWER_DAYS from receipt and is kept
    when the item moves to another unit."""
    _require(user, "triage", item)
    if scope_unit(user) is not None and not acts_within(user, unit):
        raise PermissionDenied
    with transaction.atomic():
        due = item.due_at or item.received_at + dt.timedelta(days=conf.answer_days())
        return _transition(item, "assign", user=user, note=str(unit), assigned_unit=unit, due_at=due)


def decline(*, item: FeedbackItem, reason: str, user) -> FeedbackItem:
    _require(user, "triage", item)
    reason = nfc(reason).strip()
    if not reason:
        raise ValueError(_("Give the reason the item is not accepted: the citizen reads it."))
    with transaction.atomic():
        item = _transition(item, "decline", user=user, note=reason, decline_reason=reason)
        _after_commit_mail(item.pk, "declined")
        return item


def mark_spam(*, item: FeedbackItem, user) -> FeedbackItem:
    _require(user, "triage", item)
    with transaction.atomic():
        return _transition(item, "spam", user=user)


def merge_duplicate(*, item: FeedbackItem, original: FeedbackItem, user) -> FeedbackItem:
    """Close `item` as a duplicate of `original`: its citizen follows the original's progress on the
    same status page and gets the original's answer by e-mail."""
    _require(user, "triage", item)
    _require(user, "view", original)
    if original.pk == item.pk or original.state in (State.DUPLICATE, State.SPAM, State.DECLINED):
        raise ValueError(_("Choose another item that is still valid as the original."))
    with transaction.atomic():
        return _transition(item, "merge", user=user, note=original.code, duplicate_of=original)


def save_answer(
    *, item: FeedbackItem, user, answer: str, public_title: str = "", public_question: str = "", submit: bool = False
) -> FeedbackItem:
    """The handling unit drafts the answer (and the question as it will be published); with
    `submit`, it goes to an approver of that unit."""
    _require(user, "answer", item)
    if item.assigned_unit_id is None:
        raise PermissionDenied
    answer = nfc(answer).strip()
    if submit and not answer:
        raise ValueError(_("Write the answer before sending it for approval."))
    with transaction.atomic():
        return _transition(
            item, "submit" if submit else "draft", user=user, answer_draft=answer,
            public_title=clean_line(public_title), public_question=nfc(public_question).strip(),
        )  # fmt: skip


def return_answer(*, item: FeedbackItem, user, note: str) -> FeedbackItem:
    _require(user, "approve", item)
    with transaction.atomic():
        return _transition(item, "return", user=user, note=nfc(note).strip())


def approve_answer(*, item: FeedbackItem, user) -> FeedbackItem:
    """Approve the draft: the item is answered, published on the "Hỏi đáp" page when its citizen
    agreed, and mailed to its citizen and to those whose items were merged into it."""
    _require(user, "approve", item)
    with transaction.atomic():
        now = timezone.now()
        answer = FeedbackItem.objects.filter(pk=item.pk).values_list("answer_draft", flat=True).first() or ""
        item = _transition(item, "approve", user=user, answer=answer, answered_at=now)
        if item.consent_publish:
            _publish_page(item, user=user)
        for pk in [item.pk, *item.duplicates.values_list("pk", flat=True)]:
            _after_commit_mail(pk, "answer")
        return item


def _publish_page(item: FeedbackItem, *, user) -> AnsweredQuestionPage | None:
    index = FeedbackIndexPage.objects.live().order_by("path").first()
    if index is None:
        logger.warning("No live FeedbackIndexPage: answer %s not published", item.code)
        return None
    page = AnsweredQuestionPage(
        title=item.public_title or item.title, slug=item.code.lower(), item=item, kind=item.kind, field=item.field,
        unit=item.assigned_unit, question=item.public_question or item.content, answer=item.answer,
        asked_at=item.received_at, answered_at=item.answered_at, owner=user,
    )  # fmt: skip
    index.add_child(instance=page)
    page.save_revision(user=user).publish(user=user)
    return page


def set_idea_status(*, item: FeedbackItem, status: str, note: str, user) -> FeedbackItem:
    """Officers tell how an idea fares: under review, taken on board, adopted (with its result)."""
    _require(user, "triage", item)
    if item.kind != Kind.IDEA or status not in IdeaStatus.values:
        raise ValueError(_("Only reform ideas have this status."))
    with transaction.atomic():
        locked = FeedbackItem.objects.select_for_update().get(pk=item.pk)
        locked.idea_status, locked.idea_note = status, nfc(note).strip()
        locked.idea_status_at = timezone.now()
        locked.save(update_fields=["idea_status", "idea_note", "idea_status_at"])
        FeedbackEvent.objects.create(
            item=locked, actor=user, action=EventAction.IDEA_STATUS, from_state=locked.state, to_state=locked.state,
            note=f"{IdeaStatus(status).label}: {locked.idea_note}".strip(": "),
        )  # fmt: skip
        return locked


def set_faq(*, item: FeedbackItem, is_faq: bool, user) -> AnsweredQuestionPage:
    """Officers choose the answered questions shown as "Câu hỏi thường gặp"."""
    _require(user, "triage", item)
    page = AnsweredQuestionPage.objects.filter(item=item).first()
    if page is None:
        raise ValueError(_("Only published answers can be frequently asked questions."))
    with transaction.atomic():
        page.is_faq = is_faq
        page.save_revision(user=user).publish(user=user)
        FeedbackEvent.objects.create(
            item=item, actor=user, action=EventAction.FAQ, from_state=item.state, to_state=item.state,
            note=_("Shown as a frequently asked question") if is_faq else _("No longer a frequently asked question"),
        )  # fmt: skip
    return page


# --- Citizens supporting ideas ---------------------------------------------------------------------


def is_public_idea(item: FeedbackItem) -> bool:
    return item.kind == Kind.IDEA and item.consent_publish and item.state in PUBLIC_IDEA_STATES


def support_idea(*, item: FeedbackItem, voter_hash: str) -> bool:
    """Count one browser's support; False when it had already supported this idea (the unique
    constraint decides, so two clicks at once count once)."""
    if not is_public_idea(item):
        raise ValueError(_("This idea cannot be supported."))
    try:
        with transaction.atomic():
            IdeaSupport.objects.create(item=item, voter_hash=voter_hash)
    except IntegrityError:
        return False
    return True


# --- Personal data ---------------------------------------------------------------------------------


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30,
                           31, 31, 30, 31, 30, 31][month])  # fmt: skip
    return moment.replace(year=year, month=month + 1, day=day)


def purge_personal_data(*, months: int, now: dt.datetime | None = None) -> int:
    """Remove names, contacts, case codes, address hashes and attachments from items closed more than
    `months` months ago; the question, the answer and the figures stay. Returns how many items."""
    if months < 0:
        raise ValueError("months must not be negative")
    cutoff = months_before(now or timezone.now(), months)
    ids = list(
        FeedbackItem.objects.filter(
            state__in=CLOSED_STATES, closed_at__lt=cutoff, personal_data_removed_at__isnull=True
        ).values_list("pk", flat=True)
    )
    done = 0
    for pk in ids:
        with transaction.atomic():
            item = FeedbackItem.objects.select_for_update().get(pk=pk)
            names = [attachment.file.name for attachment in item.attachments.all()]
            item.attachments.all().delete()
            for field in PERSONAL_FIELDS:
                setattr(item, field, "")
            item.wants_reply = False
            item.personal_data_removed_at = timezone.now()
            item.save(update_fields=[*PERSONAL_FIELDS, "wants_reply", "personal_data_removed_at"])
            FeedbackEvent.objects.create(
                item=item, action=EventAction.PURGED, from_state=item.state, to_state=item.state
            )
            transaction.on_commit(lambda names=names: _delete_files(names))
        done += 1
    return done


# --- Mail ------------------------------------------------------------------------------------------


def _after_commit_mail(item_id: int, kind: str) -> None:
    transaction.on_commit(lambda: enqueue_mail(item_id, kind))


def enqueue_mail(item_id: int, kind: str) -> None:
    """Queue a mail to the citizen; a queue that is down never fails the citizen's request."""
    from feedback.tasks import send_citizen_mail

    try:
        send_citizen_mail.enqueue(item_id=item_id, kind=kind)
    except Exception:  # the item is stored; the mail is a courtesy
        logger.exception("Could not queue the %s mail of feedback item %s", kind, item_id)
