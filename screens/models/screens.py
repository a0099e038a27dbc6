"""A public screen (LED controller or TV player): where it stands, what it shows, how it authenticates."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaign_site.text import clean_line
from screens.tokens import hash_token, new_token


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(_("Unknown time zone: %(zone)s"), params={"zone": value}) from error


class ScreenQuerySet(models.QuerySet):
    def online(self, now=None):
        return self.filter(online_until__gte=now or timezone.now())

    def offline(self, now=None):
        return self.exclude(online_until__gte=now or timezone.now())

    def in_units(self, unit):
        """Screens of `unit` and of every unit under it (None: every screen)."""
        if unit is None:
            return self
        return self.filter(unit__path__startswith=unit.path)


class Screen(models.Model):
    name = models.CharField(_("name"), max_length=120)
    unit = models.ForeignKey(
        "campaign_site.AdministrativeUnit",
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="screens",
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    profile = models.ForeignKey(
        "screens.DisplayProfile", verbose_name=_("display profile"), on_delete=models.PROTECT, related_name="screens"
    )
    poll_interval = models.PositiveIntegerField(
        _("poll interval (seconds)"), default=60, validators=[MinValueValidator(10), MaxValueValidator(3600)]
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Ho_Chi_Minh", validators=[validate_time_zone]
    )
    # Automatic content, switchable per screen.
    show_news = models.BooleanField(_("show latest news"), default=True)
    show_bulletin = models.BooleanField(_("show today's bulletin headlines"), default=True)
    show_poll = models.BooleanField(_("show the active poll with its QR code"), default=True)
    show_clock = models.BooleanField(_("show date and time"), default=True)
    # The secret: only its hash is kept; the plain token is shown once when (re)generated.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_hint = models.CharField(_("token starts with"), max_length=8, blank=True, editable=False)
    token_revoked_at = models.DateTimeField(_("token revoked at"), null=True, blank=True, editable=False)
    # Health, written by the feed and plays endpoints (throttled).
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True, editable=False)
    online_until = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)
    last_ip = models.GenericIPAddressField(_("last IP address"), null=True, blank=True, editable=False)
    player_version = models.CharField(_("player version"), max_length=40, blank=True, editable=False)
    last_feed_version = models.CharField(_("last feed version shown"), max_length=80, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScreenQuerySet.as_manager()

    class Meta:
        ordering = ["unit__path", "name"]
        verbose_name = _("screen")
        verbose_name_plural = _("screens")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(poll_interval__gte=10, poll_interval__lte=3600), name="screens_poll_interval_range"
            ),
            models.UniqueConstraint(fields=["unit", "name"], name="screens_unique_name_per_unit"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean_line(self.name)
        self.location = clean_line(self.location)
        if not self.token_hash:
            # Never saved without a secret; services.regenerate_token() hands out a usable one.

            self.token_hash = hash_token(new_token())
        super().save(*args, **kwargs)

    @property
    def is_online(self) -> bool:
        return bool(self.online_until and self.online_until >= timezone.now())

    @property
    def token_revoked(self) -> bool:
        return self.token_revoked_at is not None

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)
