"""A citizen's question, feedback or idea; its attachments, its history and the support ideas get.

The state lives in one column guarded by database constraints (each state carries what it needs: a
declined item its reason, an answered one its answer and date…); it changes only through
`feedback.services`, one conditional UPDATE per transition, with an `FeedbackEvent` row beside it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from feedback.models.choices import (
    ASSIGNED_STATES,
    CLOSED_STATES,
    PUBLIC_STATE,
    EventAction,
    IdeaStatus,
    Kind,
    ProcedureField,
    PublicState,
    State,
)
from feedback.storage import attachment_path, private_storage

PERSONAL_FIELDS = ("name", "phone", "email", "case_code", "ip_hash")


class FeedbackItemQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(state__in=CLOSED_STATES)

    def overdue(self, now=None):
        return self.filter(state__in=(State.PROCESSING, State.AWAITING_APPROVAL), due_at__lt=now or timezone.now())


class FeedbackItem(models.Model):
    code = models.CharField(_("tracking code"), max_length=16, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    unit = models.ForeignKey(
        "campaign_site.AdministrativeUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit concerned"),
    )
    field = models.CharField(_("procedure field"), max_length=32, choices=ProcedureField.choices)
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"))
    # Personal data (Nghị định 13/2023/NĐ-CP): shown to the handling unit and city officers only.
    name = models.CharField(pgettext_lazy("citizen", "name"), max_length=120, blank=True)
    phone = models.CharField(pgettext_lazy("citizen", "phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    case_code = models.CharField(_("case code"), max_length=40, blank=True)
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)
    wants_reply = models.BooleanField(_("wants a reply"), default=False)
    consent_contact = models.BooleanField(_("consents to be contacted"), default=False)
    consent_publish = models.BooleanField(_("consents to publication"), default=False)
    # Same sender and content in the same few minutes: one item (see services.submit_feedback).
    dedupe_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.RECEIVED)
    received_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    assigned_unit = models.ForeignKey(
        "campaign_site.AdministrativeUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback_items",
        verbose_name=_("handling unit"),
    )
    due_at = models.DateTimeField(_("due date"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for not accepting"), blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    public_title = models.CharField(_("title as published"), max_length=200, blank=True)
    public_question = models.TextField(
        _("question as published"), blank=True, help_text=_("The question without any personal data.")
    )
    answer_draft = models.TextField(_("draft answer"), blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, db_index=True)
    idea_status = models.CharField(_("idea status"), max_length=16, choices=IdeaStatus.choices, blank=True)
    idea_note = models.TextField(_("idea result"), blank=True)
    idea_status_at = models.DateTimeField(_("idea status changed at"), null=True, blank=True)
    personal_data_removed_at = models.DateTimeField(_("personal data removed at"), null=True, blank=True)

    objects = FeedbackItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("citizen feedback")
        verbose_name_plural = _("citizens' feedback")
        ordering = ["-received_at"]
        permissions = [
            ("triage_feedbackitem", "Can triage and assign citizens' feedback"),
            ("answer_feedbackitem", "Can draft answers to citizens' feedback"),
            ("approve_feedbackitem", "Can approve answers to citizens' feedback"),
            ("export_feedbackitem", "Can read and export feedback statistics"),
        ]
        indexes = [models.Index(fields=["state", "due_at"]), models.Index(fields=["kind", "state"])]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=State.values), name="feedback_item_state_valid"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="feedback_item_kind_valid"),
            models.CheckConstraint(condition=~Q(title="") & ~Q(content=""), name="feedback_item_has_text"),
            models.CheckConstraint(condition=Q(kind=Kind.IDEA) | Q(unit__isnull=False), name="feedback_item_unit"),
            models.CheckConstraint(
                condition=Q(wants_reply=False) | ~Q(phone="") | ~Q(email=""), name="feedback_item_reply_needs_contact"
            ),
            models.CheckConstraint(
                condition=~Q(state__in=ASSIGNED_STATES) | Q(assigned_unit__isnull=False, due_at__isnull=False),
                name="feedback_item_assigned_has_unit",
            ),
            models.CheckConstraint(
                condition=~Q(state=State.AWAITING_APPROVAL) | ~Q(answer_draft=""), name="feedback_item_awaiting_draft"
            ),
            models.CheckConstraint(
                condition=~Q(state=State.ANSWERED) | (~Q(answer="") & Q(answered_at__isnull=False)),
                name="feedback_item_answered_has_answer",
            ),
            models.CheckConstraint(
                condition=~Q(state=State.DECLINED) | ~Q(decline_reason=""), name="feedback_item_declined_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(state=State.DUPLICATE, duplicate_of__isnull=False)
                | (~Q(state=State.DUPLICATE) & Q(duplicate_of__isnull=True)),
                name="feedback_item_duplicate_has_original",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=CLOSED_STATES) | Q(closed_at__isnull=False), name="feedback_item_closed_at"
            ),
            models.CheckConstraint(
                condition=Q(idea_status="") | Q(kind=Kind.IDEA, idea_status__in=IdeaStatus.values),
                name="feedback_item_idea_status",
            ),
        ]

    def __str__(self):
        return f"{self.code} – {self.title}"

    @property
    def public_state(self) -> str:
        """What the citizen is told; a duplicate follows the item it was merged into."""
        if self.state == State.DUPLICATE and self.duplicate_of_id:
            return self.duplicate_of.public_state
        return PUBLIC_STATE[self.state]

    @property
    def public_state_label(self) -> str:
        return PublicState(self.public_state).label

    def is_overdue(self, now=None) -> bool:
        return bool(
            self.state in (State.PROCESSING, State.AWAITING_APPROVAL)
            and self.due_at
            and self.due_at < (now or timezone.now())
        )

    def answered_on_time(self) -> bool | None:
        if self.state != State.ANSWERED or not self.answered_at or not self.due_at:
            return None
        return self.answered_at <= self.due_at

    @property
    def has_personal_data(self) -> bool:
        return any(getattr(self, name) for name in PERSONAL_FIELDS)


class FeedbackAttachment(models.Model):
    """A photo or PDF a citizen sent; kept outside MEDIA_ROOT and served to permitted staff only."""

    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, storage=private_storage, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self):
        return self.original_name


class FeedbackEvent(models.Model):
    """One step of an item's history, shown to staff."""

    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=EventAction.choices)
    from_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=State.choices)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(action__in=EventAction.values), name="feedback_event_action_valid"),
        ]

    def __str__(self):
        return f"{self.item_id} {self.action}"


class IdeaSupport(models.Model):
    """One browser's support for an idea: the surveys voter identity (salted hash of the signed cookie)."""

    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="supports")
    voter_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "voter_hash"], name="feedback_support_once")]

    def __str__(self):
        return f"{self.item_id}"
