"""Wagtail admin views: exports, comment moderation, kiosk tokens. Permission-checked, thin."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from surveys import exports, selectors
from surveys.charts import bar_chart, trend_chart
from surveys.models import Kiosk, Poll
from surveys.permissions import MODERATE, comment_policy, kiosk_policy, poll_policy
from surveys.services import issue_kiosk_token, moderate_comment, revoke_kiosk


def _require(user, policy, action: str) -> None:
    if not policy.user_has_permission(user, action):
        raise PermissionDenied


@require_GET
def export(request, pk: int, kind: str, fmt: str):
    within = poll_policy.export_scope(request.user)
    poll = get_object_or_404(Poll, pk=pk)
    if kind == "ballots":
        rows, sheet = exports.ballot_rows(poll, within=within), _("Ballots")
    elif kind == "counts":
        rows, sheet = exports.count_rows(poll, within=within), _("Results by day")
    else:
        raise Http404
    filename = f"poll-{poll.pk}-{kind}"
    if fmt == "csv":
        return exports.csv_response(rows, filename)
    if fmt == "xlsx":
        return exports.xlsx_response(rows, filename, sheet=sheet)
    raise Http404


@require_GET
def results(request, pk: int):
    """A poll's results inside the admin: the chart with its table, per month, per unit, and per
    unit and month, with the exports beside them. Officers see every poll, whatever its visibility."""
    _require(request.user, poll_policy, "view_results")
    poll = get_object_or_404(Poll.objects.select_related("unit").prefetch_related("choices"), pk=pk)
    data = selectors.poll_results(poll, period="month", comments=0)
    chart = bar_chart(
        [(c.label, c.count, c.percent) for c in data.choices], title=poll.question, chart_id=f"poll-{poll.pk}-admin"
    )
    trend = trend_chart(
        [(f"{point.label.month:02d}/{point.label.year}", point.positive_share) for point in data.trend],
        title=_("Share satisfied per month"),
        chart_id=f"poll-{poll.pk}-admin-trend",
    )
    exports_allowed = poll_policy.user_has_permission(request.user, "export_results")
    context = {
        "poll": poll,
        "results": data,
        "chart": chart,
        "trend_chart": trend,
        "unit_months": selectors.unit_month_table(poll),
        "exports": [
            (label, reverse("surveys_admin:export", args=[poll.pk, kind, fmt]))
            for kind, fmt, label in (
                ("counts", "xlsx", _("Results by day (XLSX)")),
                ("ballots", "xlsx", _("Ballots (XLSX)")),
                ("counts", "csv", _("Results by day (CSV)")),
                ("ballots", "csv", _("Ballots (CSV)")),
            )
        ]
        if exports_allowed
        else [],
        "public_url": reverse("surveys:results", args=[poll.pk]),
        "page_title": _("Results: %(question)s") % {"question": poll.question},
        "header_icon": "list-ul",
    }
    return render(request, "surveys/admin/poll_results.html", context)


@require_http_methods(["GET", "POST"])
def comments(request):
    if not comment_policy.user_has_permission(request.user, MODERATE):
        raise PermissionDenied
    visible = comment_policy.instances_user_has_permission_for(request.user, MODERATE)
    if request.method == "POST":
        ballot_id = request.POST.get("ballot") or ""
        # Another ward's ballot is as absent as a missing one.
        ballot = get_object_or_404(visible, pk=int(ballot_id) if ballot_id.isdigit() and len(ballot_id) < 19 else 0)
        action = request.POST.get("action")
        if action not in {"approve", "reject"}:
            raise Http404
        moderate_comment(ballot=ballot, approve=action == "approve", user=request.user)
        messages.success(request, _("Comment approved.") if action == "approve" else _("Comment rejected."))
        return redirect("surveys_admin:comments")
    page = Paginator(selectors.pending_comments(within=visible), 50).get_page(request.GET.get("p"))
    return render(request, "surveys/admin/comments.html", {"page_obj": page})


def _own_kiosks(user):
    """Kiosks of the account's own unit (a ward's staff never touch another ward's tablets)."""
    return kiosk_policy.instances_user_has_permission_for(user, "change")


def _kiosk_url(request, token: str) -> str:
    return request.build_absolute_uri(reverse("surveys:kiosk", args=[token]))


def render_new_token(request, kiosk: Kiosk, token: str):
    """The only time the token is shown: it is not stored, only its hash."""
    return render(request, "surveys/admin/kiosk_token.html", {"kiosk": kiosk, "kiosk_url": _kiosk_url(request, token)})


@require_http_methods(["GET", "POST"])
def kiosk_token(request, pk: int):
    _require(request.user, kiosk_policy, "change")
    kiosk = get_object_or_404(_own_kiosks(request.user).select_related("unit", "poll", "survey_page"), pk=pk)
    if request.method == "GET":
        return render(request, "surveys/admin/kiosk_token.html", {"kiosk": kiosk, "confirm": True})
    return render_new_token(request, kiosk, issue_kiosk_token(kiosk=kiosk))


@require_POST
def kiosk_revoke(request, pk: int):
    _require(request.user, kiosk_policy, "change")
    kiosk = get_object_or_404(_own_kiosks(request.user), pk=pk)
    revoke_kiosk(kiosk=kiosk)
    messages.success(request, _("The kiosk “%(name)s” has been revoked.") % {"name": kiosk.name})
    return redirect(reverse("wagtailsnippets_surveys_kiosk:list"))
