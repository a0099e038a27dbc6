"""Messages pushed to screens: what, where (targets), when (schedule), and who approved it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaign_site.text import clean_line, nfc
from plans.links import plan_task_field, validate_task_link

from .profiles import DisplayProfile
from .screens import Screen

ALL_DAYS = "1234567"  # ISO weekdays, Monday = 1


class MessageKind(models.TextChoices):
    ANNOUNCEMENT = "announcement", _("Announcement")
    NEWS = "news", _("News headline")
    BULLETIN = "bulletin", _("Bulletin")
    POLL = "poll", _("Poll")
    EMERGENCY = "emergency", _("Emergency")


class MessageStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


# How a message reads to people: its stored status, except that an approved message whose end has
# passed reads "expired" (a state of the clock, so never stored: nothing has to run at the end time).
EXPIRED = "expired"
DISPLAY_STATUSES = [
    (MessageStatus.DRAFT.value, MessageStatus.DRAFT.label),
    (MessageStatus.PENDING.value, MessageStatus.PENDING.label),
    (MessageStatus.APPROVED.value, MessageStatus.APPROVED.label),
    (EXPIRED, _("Expired")),
    (MessageStatus.REJECTED.value, MessageStatus.REJECTED.label),
]


def unit_path_ids(unit) -> list[int]:
    """The ids on a unit's tree path, itself included (the path is its ancestors' ids)."""
    return [int(part) for part in unit.path.strip("/").split("/") if part]


class ScreenMessageQuerySet(models.QuerySet):
    def for_screen(self, screen):
        """Messages aimed at `screen`: at it, at its unit, or at a unit above it with everything under it."""
        ancestor_ids = unit_path_ids(screen.unit)
        return self.filter(
            Q(target_screen=screen)
            | Q(target_unit_id=screen.unit_id)
            | Q(target_unit_id__in=ancestor_ids, include_subunits=True)
        )

    def approved(self):
        return self.filter(status=MessageStatus.APPROVED)

    def expired(self, now=None):
        """Approved messages whose end has passed: they read "expired"."""
        return self.approved().filter(ends_at__lte=now or timezone.now())

    def with_display_status(self, value: str, now=None):
        """Messages that read as `value` (one of DISPLAY_STATUSES)."""
        now = now or timezone.now()
        if value == EXPIRED:
            return self.expired(now)
        if value == MessageStatus.APPROVED:
            return self.approved().filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        return self.filter(status=value)

    def within(self, unit):
        """Messages aimed at `unit` or below it: at one of its screens or at one of its units
        (None: every message). A ward's staff see and act on exactly these."""
        if unit is None:
            return self
        return self.filter(
            Q(target_screen__unit__path__startswith=unit.path) | Q(target_unit__path__startswith=unit.path)
        )

    def current(self, now=None):
        now = now or timezone.now()
        return self.filter(starts_at__lte=now).filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))


class ScreenMessage(models.Model):
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown on TVs only; LED panels show the text."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MessageKind.choices, default=MessageKind.ANNOUNCEMENT)
    # Exactly one target: a screen, or a unit (with or without everything under it).
    target_screen = models.ForeignKey(
        "screens.Screen",
        verbose_name=_("target screen"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="direct_messages",
    )
    target_unit = models.ForeignKey(
        "campaign_site.AdministrativeUnit",
        verbose_name=_("target unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="screen_messages",
        help_text=_("All screens of this unit."),
    )
    include_subunits = models.BooleanField(
        _("include every unit under it"),
        default=False,
        help_text=_("With a target unit: also the screens of every unit under it."),
    )
    starts_at = models.DateTimeField(_("starts at"), default=timezone.now)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    days_of_week = models.CharField(
        _("days of the week"),
        max_length=7,
        default=ALL_DAYS,
        validators=[RegexValidator(r"^[1-7]{1,7}$", _("Choose at least one day."))],
    )
    daily_start = models.TimeField(_("daily from"), null=True, blank=True)
    daily_end = models.TimeField(_("daily until"), null=True, blank=True)
    duration_seconds = models.PositiveSmallIntegerField(
        _("duration on screen (seconds)"), default=10, validators=[MinValueValidator(3), MaxValueValidator(300)]
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"),
        default=50,
        validators=[MaxValueValidator(100)],
        help_text=_("0 to 100; higher plays first."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MessageStatus.choices, default=MessageStatus.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True, editable=False)
    review_note = models.TextField(_("reason"), blank=True, editable=False)
    plan_task = plan_task_field()

    objects = ScreenMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-priority", "starts_at", "pk"]
        verbose_name = _("screen message")
        verbose_name_plural = _("screen messages")
        constraints = [
            models.CheckConstraint(
                condition=(Q(target_screen__isnull=False) & Q(target_unit__isnull=True))
                | (Q(target_screen__isnull=True) & Q(target_unit__isnull=False)),
                name="screens_message_one_target",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="screens_message_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(daily_start__isnull=True, daily_end__isnull=True)
                | Q(daily_start__isnull=False, daily_end__isnull=False, daily_end__gt=F("daily_start")),
                name="screens_message_daily_window",
            ),
            # An emergency overrides everything, so it must end.
            models.CheckConstraint(
                condition=~Q(kind="emergency") | Q(ends_at__isnull=False),
                name="screens_emergency_has_end",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(review_note=""), name="screens_rejection_has_reason"
            ),
            # Nobody approves their own message (NULL reviewer or author passes).
            models.CheckConstraint(condition=~Q(reviewed_by=F("created_by")), name="screens_reviewer_is_not_author"),
            models.CheckConstraint(
                condition=Q(duration_seconds__gte=3, duration_seconds__lte=300, priority__lte=100),
                name="screens_message_duration_priority",
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at", "ends_at"], name="screens_msg_schedule_idx")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title = clean_line(self.title)
        self.text = nfc(self.text or "").strip()
        super().save(*args, **kwargs)

    def clean(self):
        self.title = clean_line(self.title)
        self.text = nfc(self.text or "").strip()
        errors = {}
        if bool(self.target_screen_id) == bool(self.target_unit_id):
            errors["target_screen"] = _("Choose either one screen or one unit as the target.")
        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The end must be after the start.")
        if (self.daily_start is None) != (self.daily_end is None):
            errors["daily_end"] = _("Give both ends of the daily time window, or neither.")
        elif self.daily_start and self.daily_end and self.daily_end <= self.daily_start:
            errors["daily_end"] = _("The daily window must end after it starts.")
        if self.kind == MessageKind.EMERGENCY and not self.ends_at:
            errors["ends_at"] = _("An emergency message must have an end time.")
        if errors:
            raise ValidationError(errors)
        validate_task_link(self.plan_task)
        check_text_fits(message=self)  # the limits depend on the targeted screens

    @property
    def is_expired(self) -> bool:
        return self.status == MessageStatus.APPROVED and self.ends_at is not None and self.ends_at <= timezone.now()

    @property
    def display_status(self) -> str:
        return EXPIRED if self.is_expired else self.status

    def get_status_display(self) -> str:
        """The status as people read it, everywhere (listings, inspect view, reports): "Expired"
        rather than "Approved" once an approved message has ended."""
        return str(dict(DISPLAY_STATUSES)[self.display_status])

    @property
    def is_running(self) -> bool:
        """Approved, started and not ended: what "end now" can stop."""
        now = timezone.now()
        return (
            self.status == MessageStatus.APPROVED
            and self.starts_at <= now
            and (self.ends_at is None or self.ends_at > now)
        )

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Remembered so a save that turns an emergency into something else still counts as an
        # emergency change (screens.signal_handlers).
        instance._loaded_kind = instance.__dict__.get("kind")
        return instance

    @property
    def item_id(self) -> str:
        return f"m{self.pk}"

    @property
    def is_emergency(self) -> bool:
        return self.kind == MessageKind.EMERGENCY

    def target_unit_for_permissions(self):
        """The unit whose editors and approvers are responsible for this message."""
        if self.target_screen_id:
            return self.target_screen.unit
        return self.target_unit

    def plays_on(self, local_dt) -> bool:
        """Day-of-week and daily window check, in the screen's local time."""
        if str(local_dt.isoweekday()) not in self.days_of_week:
            return False
        if self.daily_start and self.daily_end:
            return self.daily_start <= local_dt.time().replace(tzinfo=None) < self.daily_end
        return True


# --- Text limits: a message must fit the smallest panel it targets ------------------------------


def target_screens(message: ScreenMessage):
    """The screens a message would reach, whatever its status."""
    if message.target_screen_id:
        return Screen.objects.filter(pk=message.target_screen_id)
    if not message.target_unit_id:
        return Screen.objects.none()
    unit = message.target_unit
    if message.include_subunits:
        return Screen.objects.filter(unit__path__startswith=unit.path)
    return Screen.objects.filter(unit=unit)


def readable_duration(*, message: ScreenMessage, at_least: int) -> int:
    """`at_least` seconds, or longer if a targeted LED panel needs longer to scroll the message
    (an emergency or the demo must not be refused for its duration; at most the allowed 300 s)."""
    from screens.ticker import needed_seconds

    profiles = DisplayProfile.objects.filter(screens__in=target_screens(message)).distinct()
    needed = [needed_seconds(title=message.title, text=message.text, profile=p) for p in profiles if p.is_led]
    return min(300, max([at_least, *needed]))


def check_text_fits(*, message: ScreenMessage) -> None:
    """Refuse (never silently cut) a title or text longer than the smallest targeted panel shows,
    or too long to scroll in its duration (the rule: screens/fitting.py)."""
    from screens.fitting import PanelLimits, fit_errors
    from screens.ticker import needed_seconds

    profiles = DisplayProfile.objects.filter(screens__in=target_screens(message)).distinct().order_by("pk")
    panels = [
        PanelLimits(
            name=profile.name,
            max_title_chars=profile.max_title_chars,
            max_text_chars=profile.max_text_chars,
            needed_seconds=needed_seconds(title=message.title, text=message.text, profile=profile)
            if profile.is_led
            else 0,
        )
        for profile in profiles
    ]
    errors = fit_errors(
        title=message.title, text=message.text, duration_seconds=message.duration_seconds, panels=panels
    )
    if errors:
        raise ValidationError({field: [reason] for field, reason in errors.items()})
