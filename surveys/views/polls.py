"""Public poll views: the never-cached vote page, results as HTML and JSON (the CSRF token of cached
pages: campaign_site.views.csrf_token)."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from campaign_site.security import client_ip
from campaign_site.text import format_day_month
from surveys import permissions, selectors
from surveys.charts import bar_chart, trend_chart
from surveys.forms import VoteForm
from surveys.models import Channel, Poll
from surveys.security import (
    VOTER_COOKIE,
    BadVoterCookie,
    new_voter_key,
    read_voter_key,
    remember_vote,
    set_voter_cookie,
    voter_hash,
)
from surveys.services import Refused, cast_ballot

BAD_COOKIE = "bad_cookie"


def _poll_or_404(pk: int) -> Poll:
    return get_object_or_404(Poll.objects.select_related("unit").prefetch_related("choices"), pk=pk)


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _voter_key(request) -> tuple[str | None, bool]:
    """(key, cookie_was_bad): a bad cookie is reported, never silently replaced."""
    try:
        return read_voter_key(request), False
    except BadVoterCookie:
        return None, True


def _ensure_voter_cookie(request, response, key: str | None) -> str:
    if key is None:
        key = new_voter_key()
        set_voter_cookie(response, key, secure=request.is_secure())
    return key


def _vote_page(request, poll, *, form=None, error="", status=200, voted=False, selected=None):
    context = {
        **selectors.poll_box_context(poll, full=True),
        "form": form,
        "error": error,
        "voted": voted,
        "selected": selected,
        "units": selectors.unit_options(poll.unit) if poll.unit is None or poll.unit.children.exists() else None,
    }
    return render(request, "surveys/vote_page.html", context, status=status)


def _refuse(request, poll, code: str, message, status: int, form=None, retry_after: int | None = None):
    if _wants_json(request):
        response = JsonResponse({"ok": False, "code": code, "message": str(message)}, status=status)
    else:
        response = _vote_page(request, poll, form=form, error=message, status=status)
    if code == BAD_COOKIE:
        response.delete_cookie(VOTER_COOKIE.name)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def vote(request, pk: int):
    """GET: the vote form with a fresh CSRF token (the no-JavaScript path). POST: cast the ballot."""
    poll = _poll_or_404(pk)
    key, bad_cookie = _voter_key(request)
    if bad_cookie:
        message = _("Your browser's voting cookie is invalid or has expired. It has been cleared; please vote again.")
        return _refuse(request, poll, BAD_COOKIE, message, 400)

    if request.method == "GET":
        selected = request.GET.get("choice", "")
        voted = selectors.has_voted(poll, voter_hash(key)) if key else False
        response = _vote_page(request, poll, voted=voted, selected=selected)
        _ensure_voter_cookie(request, response, key)
        return response

    form = VoteForm(request.POST)
    if form.honeypot_filled:
        return _refuse(request, poll, "honeypot", _("Your vote could not be accepted."), 400, form)
    if not form.is_valid():
        return _refuse(request, poll, "invalid", form.first_error(), 400, form)
    new_key = key or new_voter_key()
    try:
        cast_ballot(
            poll=poll,
            choice=form.cleaned_data["choice"],
            channel=Channel.WEB,
            voter_key=new_key,
            ip=client_ip(request),
            unit=form.cleaned_data["unit"],
            comment=form.cleaned_data["comment"],
        )
    except Refused as refusal:
        response = _refuse(request, poll, refusal.code, refusal.message, refusal.status, form, refusal.retry_after)
        if refusal.code == "already_voted":  # the results, not the form, from now on
            remember_vote(request, response, poll.pk)
        return response

    message = _("Thank you, your vote has been counted.")
    if _wants_json(request):
        response = JsonResponse(
            {"ok": True, "message": message, "results_url": reverse("surveys:results", args=[poll.pk])}, status=201
        )
    else:
        response = redirect(f"{reverse('surveys:vote', args=[poll.pk])}?voted=1", permanent=False)
        response.status_code = 303
    if key is None:
        set_voter_cookie(response, new_key, secure=request.is_secure())
    remember_vote(request, response, poll.pk)
    return response


def _visibility(request, poll) -> tuple[bool, bool]:
    """(visible, personal): personal means the answer depended on this visitor."""
    closed = poll.has_closed()
    if not selectors.results_need_visitor(poll.results_visibility, closed=closed):
        return True, False
    key, _bad = _voter_key(request)
    visible = selectors.results_visible(
        poll.results_visibility,
        closed=closed,
        has_voted=selectors.has_voted(poll, voter_hash(key)) if key else False,
        officer=permissions.sees_all_results(request.user),
    )
    return visible, True


def _private(response):
    patch_cache_control(response, private=True, no_cache=True, no_store=True, max_age=0)
    return response


def _period_label(start, period: str) -> str:
    """A week as the day it starts ("3/3"), a month as "03/2026": short enough for a phone."""
    return format_day_month(start) if period == "week" else f"{start.month:02d}/{start.year}"


@require_GET
def results(request, pk: int):
    poll = _poll_or_404(pk)
    visible, personal = _visibility(request, poll)
    if not visible:
        return _private(render(request, "surveys/results_hidden.html", {"poll": poll}, status=403))
    data = selectors.poll_results(poll, period=request.GET.get("period", "month"))
    chart = bar_chart(
        [(c.label, c.count, c.percent) for c in data.choices],
        title=poll.question,
        chart_id=f"poll-{poll.pk}-chart",
    )
    trend = trend_chart(
        [(_period_label(point.label, data.period), point.positive_share) for point in data.trend],
        title=_("Share satisfied over time"),
        chart_id=f"poll-{poll.pk}-trend",
    )
    context = {"poll": poll, "results": data, "chart": chart, "trend_chart": trend}
    response = render(request, "surveys/results_page.html", context)
    return _private(response) if personal else response


@require_GET
def results_json(request, pk: int):
    poll = _poll_or_404(pk)
    visible, personal = _visibility(request, poll)
    if not visible:
        response = JsonResponse({"ok": False, "message": _("The results of this poll are not public yet.")}, status=403)
        return _private(response)
    data = selectors.poll_results(poll, period=request.GET.get("period", "month"))
    response = JsonResponse(selectors.results_as_json(data), json_dumps_params={"ensure_ascii": False})
    return _private(response) if personal else response
