"""Kinds of staff alert, contributed through a Wagtail hook (like the other registries):

    @hooks.register(ALERT_SOURCES_HOOK)
    def feedback_alerts() -> AlertSource:
        return AlertSource(kind="feedback_overdue", label=_("Citizen feedback overdue"),
                           roles=(INFORMATION_OFFICER,), check=overdue_feedback)

`check(now)` returns the problems that exist right now; the alert service opens an incident for a
new one, keeps it while it stays, and resolves it (with a recovery mail) when it is gone. While
`opens_new(now)` is False (a dark screen at night), no new incident opens; known ones stay open.
The apps whose data is watched register their own sources (screens, bulletins, plans, and
campaign_site for pages waiting for approval): subscriptions names none of them.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from wagtail import hooks

ALERT_SOURCES_HOOK = "campaign_alert_sources"


@dataclass(frozen=True)
class Problem:
    key: str  # stable while the problem lasts, e.g. "screen:12"
    title: str
    url: str = ""
    unit: object | None = None  # an AdministrativeUnit; None means the whole city


@dataclass(frozen=True)
class AlertSource:
    kind: str
    label: str
    roles: tuple[str, ...]
    check: Callable[[dt.datetime], list[Problem]]
    opens_new: Callable[[dt.datetime], bool] = lambda now: True


def alert_sources() -> list[AlertSource]:
    return [provide() for provide in hooks.get_hooks(ALERT_SOURCES_HOOK)]
