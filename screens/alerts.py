"""The staff alert screens contribute (registered in wagtail_hooks.py through ALERT_SOURCES_HOOK): a
screen that has not asked for its feed for a while. Only reads."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from screens import conf
from screens.models import Screen
from subscriptions.alerts.registry import Problem


def in_opening_hours(now: dt.datetime) -> bool:
    """ALERTS_OPENING_HOURS (default 7–18, Monday to Saturday): when a dark screen matters. Outside
    them no new incident opens (a dark screen at night is expected); a known one stays open."""
    local = timezone.localtime(now)
    start, end = conf.alert_opening_hours()
    return local.weekday() < 6 and start <= local.hour < end


def offline_screens(now: dt.datetime) -> list[Problem]:
    limit = now - dt.timedelta(minutes=conf.alert_offline_minutes())
    screens = Screen.objects.filter(last_seen_at__lt=limit, token_revoked_at__isnull=True).select_related("unit")
    return [
        Problem(
            key=f"screen:{screen.pk}",
            title=_("Screen “%(name)s” (%(unit)s) has been offline since %(since)s")
            % {
                "name": screen.name,
                "unit": screen.unit.name,
                "since": timezone.localtime(screen.last_seen_at).strftime("%H:%M %d/%m/%Y"),
            },
            url=reverse("screens_admin:dashboard"),
            unit=screen.unit,
        )
        for screen in screens
    ]
