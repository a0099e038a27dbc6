"""The staff alert bulletins contribute (registered in wagtail_hooks.py through ALERT_SOURCES_HOOK): a
press feed that has failed for a day. Only reads."""

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from bulletins import conf
from bulletins.models import FeedSource
from subscriptions.alerts.registry import Problem


def failing_feeds(now: dt.datetime) -> list[Problem]:
    limit = now - dt.timedelta(hours=conf.alert_failing_hours())
    sources = FeedSource.objects.filter(is_active=True, consecutive_failures__gt=0, last_success_at__lt=limit)
    return [
        Problem(
            key=f"feed:{source.pk}",
            title=_("Press feed “%(name)s” has failed for more than a day") % {"name": source.name},
            url=reverse("bulletins_sources_health"),
        )
        for source in sources
    ]
