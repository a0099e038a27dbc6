"""Admin pages beyond the snippet CRUD: dashboard, approval queue, "end now", the week's calendar,
frame previews, tokens, proof-of-play report."""

from datetime import date, datetime, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaign_site.exports import csv_response
from campaign_site.text import WEEKDAYS, format_date
from screens import permissions, previews, selectors, services, week_calendar
from screens.forms import ReviewForm
from screens.models import DisplayProfile, ScreenMessage


def _page(request, template: str, context: dict, *, status: int = 200) -> TemplateResponse:
    context.setdefault("page_title", _("Public screens"))
    context.update(header_title=context["page_title"], header_icon="desktop")
    return TemplateResponse(request, template, context, status=status)


def _require_role(request) -> None:
    if not permissions.has_any_role(request.user):
        raise PermissionDenied


def dashboard(request):
    _require_role(request)
    screens = list(permissions.visible_screens(request.user))
    base_url = request.build_absolute_uri("/").rstrip("/")
    gen = selectors.generation()
    rows = []
    for screen in screens:
        feed = selectors.cached_feed(screen.pk, base_url=base_url, gen=gen)
        scale = min(1.0, 320 / screen.profile.width_px, 240 / screen.profile.height_px)
        rows.append(
            {
                "screen": screen,
                "now_playing": selectors.describe_now(feed),
                "preview_url": reverse("screens:player", args=[screen.pk]) + "?preview=1",
                "preview_width": round(screen.profile.width_px * scale),
                "preview_height": round(screen.profile.height_px * scale),
                "scale": f"{scale:.5f}",
            }
        )
    online = sum(1 for screen in screens if screen.is_online)
    emergencies = list(selectors.running_emergencies(messages=_scoped_messages(request.user)))
    for message in emergencies:  # "end now" only for whoever may (city information officers)
        message.can_end = permissions.message_policy.save_refusal(request.user, message) is None
    context = {
        "emergencies": emergencies,
        "rows": rows,
        "online": online,
        "offline": len(screens) - online,
        "can_manage": permissions.can_manage_screens(request.user),
        "page_title": _("Screens dashboard"),
    }
    return _page(request, "screens/admin/dashboard.html", context)


def approval_queue(request):
    _require_role(request)
    if not permissions.can_approve(request.user):
        raise PermissionDenied
    pending = list(selectors.pending_messages(user=request.user))
    for message in pending:  # each as every display profile it reaches will show it
        message.target_profiles = previews.target_profiles(message)
    context = {
        "pending": pending,
        "counts": selectors.status_counts(user=request.user),
        "form": ReviewForm(),
        "page_title": _("Approval queue"),
    }
    return _page(request, "screens/admin/queue.html", context)


@require_POST
def review(request, pk: int):
    _require_role(request)
    message = get_object_or_404(ScreenMessage, pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("screens_admin:queue")
    try:
        if form.cleaned_data["action"] == "approve":
            services.approve_message(message=message, user=request.user)
            messages.success(request, _("Approved “%(title)s”.") % {"title": message.title})
        else:
            services.reject_message(message=message, user=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("Rejected “%(title)s”.") % {"title": message.title})
    except PermissionDenied as error:
        return _forbidden(request, error)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("screens_admin:queue")


def end_now(request, pk: int):
    """GET: confirm; POST: the message stops on every screen now (screens.services.end_message)."""
    _require_role(request)
    message = get_object_or_404(_scoped_messages(request.user), pk=pk)
    back = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    back = back or reverse("screens_admin:dashboard")
    if request.method == "POST":
        try:
            services.end_message(message=message, user=request.user)
        except PermissionDenied as error:
            return _forbidden(request, error)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(back)
        messages.success(request, _("“%(title)s” has ended on every screen.") % {"title": message.title})
        return redirect(back)
    refusal = permissions.message_policy.save_refusal(request.user, message)
    if refusal:
        return _forbidden(request, PermissionDenied(refusal))
    context = {"message": message, "next": back, "page_title": _("End now: %(title)s") % {"title": message}}
    return _page(request, "screens/admin/end_now.html", context)


def calendar(request):
    """What plays where this week (or the week of ?week=d/m/yyyy or yyyy-mm-dd): a plain table."""
    _require_role(request)
    today = timezone.localdate()
    day, error = today, ""
    if request.GET.get("week"):
        day = _parse_day(request.GET["week"])
        if day is None:
            day, error = today, _("“%(value)s” is not a date: showing this week.") % {"value": request.GET["week"]}
    monday = week_calendar.monday_of(day)
    days = [monday + timedelta(days=offset) for offset in range(week_calendar.DAYS)]
    rows = week_calendar.rows_for_week(screens=permissions.visible_screens(request.user), monday=monday)
    editable = set(
        _scoped_messages(request.user)
        .filter(pk__in={slot.message.pk for row in rows for slots in row.days for slot in slots})
        .values_list("pk", flat=True)
    )
    context = {
        "rows": rows,
        "days": [
            {"date": d, "weekday": WEEKDAYS[d.weekday()], "label": format_date(d), "today": d == today} for d in days
        ],
        "editable": editable,
        "error": error,
        "week_label": f"{format_date(days[0])} – {format_date(days[-1])}",
        "previous_week": (monday - timedelta(days=7)).isoformat(),
        "next_week": (monday + timedelta(days=7)).isoformat(),
        "is_this_week": monday == week_calendar.monday_of(today),
        "page_title": _("What plays where"),
    }
    return _page(request, "screens/admin/calendar.html", context)


def _parse_day(value: str) -> date | None:
    value = value.strip()[:20]
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def message_frame(request, pk: int, profile_id: int):
    """A saved message as a display profile shows it (the queue's and the form's previews)."""
    _require_role(request)
    message = get_object_or_404(_scoped_messages(request.user), pk=pk)
    profile = get_object_or_404(DisplayProfile, pk=profile_id)
    png = previews.preview_png(profile=profile, kind=message.kind, title=message.title, text=message.text)
    return HttpResponse(png, content_type="image/png", headers={"Cache-Control": "private, no-cache"})


@require_POST
def frame_preview(request):
    """The form's live preview: unsaved content as a display profile shows it (POST: text of any
    length fits, and nothing is stored)."""
    _require_role(request)
    profile_id = request.POST.get("profile", "")
    if not profile_id.isdigit() or len(profile_id) > 18:
        return HttpResponse(_("Choose a display profile."), status=400, content_type="text/plain; charset=utf-8")
    profile = get_object_or_404(DisplayProfile, pk=int(profile_id))
    png = previews.preview_png(
        profile=profile,
        kind=request.POST.get("kind", ""),
        title=request.POST.get("title", ""),
        text=request.POST.get("text", ""),
    )
    return HttpResponse(png, content_type="image/png", headers={"Cache-Control": "no-store"})


def _forbidden(request, error):
    return _page(request, "screens/admin/refused.html", {"reason": str(error)}, status=403)


def screen_token(request, pk: int):
    """GET: confirm; POST action=issue: a new token shown once; POST action=revoke: the screen stops."""
    _require_role(request)
    screen = get_object_or_404(permissions.visible_screens(request.user), pk=pk)
    token = None
    if request.method == "POST":
        try:
            if request.POST.get("action") == "revoke":
                services.revoke_token(screen=screen, user=request.user)
                messages.success(request, _("The token of “%(name)s” is revoked.") % {"name": screen.name})
                return redirect("screens_admin:dashboard")
            token = services.regenerate_token(screen=screen, user=request.user)
        except PermissionDenied as error:
            return _forbidden(request, error)
    elif not permissions.can_manage_screens(request.user):
        raise PermissionDenied
    player_url = None
    if token:
        player_url = request.build_absolute_uri(reverse("screens:player", args=[screen.pk])) + f"?token={token}"
    context = {"screen": screen, "token": token, "player_url": player_url, "page_title": _("Screen token")}
    response = _page(request, "screens/admin/token.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _scoped_messages(user):
    return permissions.message_policy.scoped(user)


def plays_report(request):
    _require_role(request)
    report = selectors.play_report(messages=_scoped_messages(request.user))
    if request.GET.get("format") == "csv":
        return _csv(
            "proof-of-play",
            [_("Message"), _("Kind"), _("Status"), _("Plays"), _("Seconds shown"), _("Screens"), _("Last played")],
            [
                (
                    m.title,
                    m.get_kind_display(),
                    m.get_status_display(),
                    m.play_count,
                    m.play_seconds or 0,
                    m.screen_count,
                    _local(m.last_played_at),
                )
                for m in report
            ],
        )
    return _page(request, "screens/admin/plays.html", {"report": report, "page_title": _("Proof of play")})


def plays_for_message(request, pk: int):
    _require_role(request)
    message = get_object_or_404(_scoped_messages(request.user), pk=pk)
    rows = list(selectors.play_report_by_screen(message=message))
    if request.GET.get("format") == "csv":
        return _csv(
            f"proof-of-play-{message.pk}",
            [
                _("Screen"),
                _("Unit"),
                _("Location"),
                _("Plays"),
                _("Seconds shown"),
                _("First played"),
                _("Last played"),
            ],
            [
                (
                    row["screen__name"],
                    row["screen__unit__name"],
                    row["screen__location"],
                    row["play_count"],
                    row["play_seconds"] or 0,
                    _local(row["first_played_at"]),
                    _local(row["last_played_at"]),
                )
                for row in rows
            ],
        )
    context = {"message": message, "rows": rows, "page_title": _("Proof of play: %(title)s") % {"title": message}}
    return _page(request, "screens/admin/plays_message.html", context)


def _local(value):
    """A local date-time for the export writer (written "HH:MM d/m/yyyy")."""
    return timezone.localtime(value).replace(tzinfo=None) if value else ""


def _csv(filename: str, header: list[str], rows):
    return csv_response([header, *rows], filename)
