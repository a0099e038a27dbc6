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
from surveys.models import Ballot, Kiosk, Poll
from surveys.permissions import kiosk_policy, poll_policy
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


@require_http_methods(["GET", "POST"])
def comments(request):
    _require(request.user, poll_policy, "moderate_comments")
    if request.method == "POST":
        ballot = get_object_or_404(Ballot.objects.exclude(comment=""), pk=request.POST.get("ballot") or 0)
        action = request.POST.get("action")
        if action not in {"approve", "reject"}:
            raise Http404
        moderate_comment(ballot=ballot, approve=action == "approve")
        messages.success(request, _("Comment approved.") if action == "approve" else _("Comment rejected."))
        return redirect("surveys_admin:comments")
    page = Paginator(selectors.pending_comments(), 50).get_page(request.GET.get("p"))
    return render(request, "surveys/admin/comments.html", {"page_obj": page})


def _kiosk_url(request, token: str) -> str:
    return request.build_absolute_uri(reverse("surveys:kiosk", args=[token]))


def render_new_token(request, kiosk: Kiosk, token: str):
    """The only time the token is shown: it is not stored, only its hash."""
    return render(request, "surveys/admin/kiosk_token.html", {"kiosk": kiosk, "kiosk_url": _kiosk_url(request, token)})


@require_http_methods(["GET", "POST"])
def kiosk_token(request, pk: int):
    _require(request.user, kiosk_policy, "change")
    kiosk = get_object_or_404(Kiosk.objects.select_related("unit", "poll"), pk=pk)
    if request.method == "GET":
        return render(request, "surveys/admin/kiosk_token.html", {"kiosk": kiosk, "confirm": True})
    return render_new_token(request, kiosk, issue_kiosk_token(kiosk=kiosk))


@require_POST
def kiosk_revoke(request, pk: int):
    _require(request.user, kiosk_policy, "change")
    kiosk = get_object_or_404(Kiosk, pk=pk)
    revoke_kiosk(kiosk=kiosk)
    messages.success(request, _("The kiosk “%(name)s” has been revoked.") % {"name": kiosk.name})
    return redirect(reverse("wagtailsnippets_surveys_kiosk:list"))
