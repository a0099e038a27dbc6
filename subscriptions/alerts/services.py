"""The alert round: open incidents for new problems, resolve those gone, mail each recipient once
per event (opened, resolved) within a daily cap. Run by `send_alerts` every few minutes."""

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from campaign_site.access.scope import covers, scope_unit

from .. import composing, conf
from ..models import AlertMail, AlertOptOut, Incident
from ..models.alerts import AlertEvent
from .registry import AlertSource, alert_sources

logger = logging.getLogger(__name__)


def run_alerts(*, now: dt.datetime | None = None) -> dict:
    now = now or timezone.now()
    totals = {"opened": 0, "resolved": 0, "mailed": 0, "capped": 0}
    for source in alert_sources():
        try:
            problems = {problem.key: problem for problem in source.check(now)}
        except Exception:  # one broken source must not stop the others
            logger.exception("Alert source %s failed", source.kind)
            continue
        opened, resolved = _reconcile(source, problems, now)
        totals["opened"] += len(opened)
        totals["resolved"] += len(resolved)
        for incident in opened:
            _mail(source, incident, AlertEvent.OPENED, now, totals)
        for incident in resolved:
            _mail(source, incident, AlertEvent.RESOLVED, now, totals)
    return totals


@transaction.atomic
def _reconcile(source: AlertSource, problems: dict, now: dt.datetime) -> tuple[list[Incident], list[Incident]]:
    open_now = {
        i.key: i for i in Incident.objects.select_for_update().filter(kind=source.kind, resolved_at__isnull=True)
    }
    opened = []
    may_open = source.opens_new(now)
    for key, problem in problems.items():
        if key in open_now or not may_open:
            continue
        try:
            with transaction.atomic():
                opened.append(
                    Incident.objects.create(
                        kind=source.kind, key=key, title=problem.title[:300], url=problem.url[:500], unit=problem.unit
                    )
                )
        except IntegrityError:  # another round opened it a moment ago: once per incident
            continue
    resolved = [incident for key, incident in open_now.items() if key not in problems]
    Incident.objects.filter(pk__in=[i.pk for i in resolved]).update(resolved_at=now)
    for incident in resolved:
        incident.resolved_at = now
    return opened, resolved


def recipients(source: AlertSource, incident: Incident):
    """Active staff with an address, in one of the source's roles, whose unit covers the incident's,
    who did not turn this kind off."""
    User = get_user_model()
    users = (
        User.objects.filter(is_active=True, groups__name__in=source.roles)
        .exclude(email="")
        .exclude(pk__in=AlertOptOut.objects.filter(kind=source.kind).values("user_id"))
        .distinct()
    )
    units = [incident.unit] if incident.unit_id else []
    return [user for user in users if covers(scope_unit(user), units)]


def _mail(source: AlertSource, incident: Incident, event: str, now: dt.datetime, totals: dict) -> None:
    today = timezone.localdate(now)
    if event == AlertEvent.RESOLVED:  # recovery only to those told of the problem
        told = AlertMail.objects.filter(incident=incident, event=AlertEvent.OPENED, sent=True).values("user_id")
        people = [u for u in recipients(source, incident) if u.pk in {row["user_id"] for row in told}]
    else:
        people = recipients(source, incident)
    for user in people:
        if AlertMail.objects.filter(user=user, sent_on=today, sent=True).count() >= conf.alert_daily_cap():
            totals["capped"] += 1
            continue
        try:
            with transaction.atomic():
                record = AlertMail.objects.create(incident=incident, user=user, event=event, sent_on=today)
        except IntegrityError:
            continue  # already mailed for this event
        try:
            _message(source, incident, event, user).send(fail_silently=False)
        except Exception as error:
            AlertMail.objects.filter(pk=record.pk).update(error=f"{type(error).__name__}: {error}"[:500])
            logger.warning("Alert mail to user %s failed", user.pk, exc_info=True)
            continue
        AlertMail.objects.filter(pk=record.pk).update(sent=True)
        totals["mailed"] += 1


def _message(source: AlertSource, incident: Incident, event: str, user) -> EmailMultiAlternatives:
    with translation.override(settings.LANGUAGE_CODE):
        resolved = event == AlertEvent.RESOLVED
        prefix = _("[Resolved]") if resolved else _("[Alert]")
        context = {
            "incident": incident,
            "label": source.label,
            "resolved": resolved,
            "url": composing.absolute(incident.url) if incident.url.startswith("/") else incident.url,
            "account_url": composing.absolute("/admin/account/"),
        }
        return EmailMultiAlternatives(
            subject=f"{prefix} {incident.title}"[:200],
            body=render_to_string("subscriptions/mail/alert.txt", context),
            from_email=composing.letterhead().from_email,
            to=[user.email],
            headers={"Auto-Submitted": "auto-generated"},
        )


def open_incidents_for(user, *, limit: int = 20) -> list[Incident]:
    """What the dashboard panel lists: open incidents of the kinds this account's roles receive, in
    its scope."""
    from campaign_site.access.roles import role_names

    kinds = {s.kind for s in alert_sources() if user.is_superuser or set(s.roles) & role_names(user)}
    scope = scope_unit(user)
    incidents = (
        Incident.objects.filter(kind__in=kinds, resolved_at__isnull=True).select_related("unit").order_by("-opened_at")
    )
    return [i for i in incidents[:200] if covers(scope, [i.unit] if i.unit_id else [])][:limit]


@transaction.atomic
def set_opt_outs(*, user, enabled_kinds: set[str]) -> None:
    kinds = {source.kind for source in alert_sources()}
    AlertOptOut.objects.filter(user=user).exclude(kind__in=kinds - enabled_kinds).delete()
    for kind in kinds - enabled_kinds:
        AlertOptOut.objects.get_or_create(user=user, kind=kind)
