"""Admin screens for feed sources: fetch one source now, import sources from an uploaded OPML file
(preview first: what will be added, what is known already, what is refused; then confirm)."""

import base64
import binascii

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin import messages

from . import services
from .forms import OpmlConfirmForm, OpmlUploadForm
from .models import FeedSource
from .services.opml import MAX_OPML_BYTES


def _require(request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _next_or(request, fallback: str):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}) and target.startswith("/admin/"):
        return redirect(target)
    return redirect(fallback)


@require_POST
def fetch_source(request, pk: int):
    """Fetch one source now, due or not, and say how it went (in the request: one source is quick)."""
    _require(request, "bulletins.change_feedsource")
    source = get_object_or_404(FeedSource, pk=pk)
    outcome = services.fetch_source(source, in_request=True)
    if outcome is None:
        messages.warning(request, _("“%(name)s” is being fetched right now; try again in a minute.") % {"name": source})
    elif outcome.ok and outcome.status == 304:
        messages.success(request, _("“%(name)s”: nothing new since the last fetch.") % {"name": source})
    elif outcome.ok:
        messages.success(
            request,
            _("“%(name)s” fetched: %(created)s new items, %(updated)s updated.")
            % {"name": source, "created": outcome.created, "updated": outcome.updated},
        )
    else:
        messages.error(
            request, _("“%(name)s” could not be fetched: %(reason)s.") % {"name": source, "reason": outcome.reason}
        )
    return _next_or(request, reverse("bulletins_sources_health"))


def _preview(request, data: bytes):
    try:
        plan = services.plan_opml_import(data=data)
    except services.OpmlError as error:
        return _upload_page(request, OpmlUploadForm(), status=400, error=str(error))
    confirm = OpmlConfirmForm(initial={"opml": base64.b64encode(data).decode("ascii")})
    return render(request, "bulletins/admin/opml_import.html", {"plan": plan, "confirm_form": confirm})


def _upload_page(request, form, status=200, error=""):
    context = {"upload_form": form, "error": error}
    return render(request, "bulletins/admin/opml_import.html", context, status=status)


@require_http_methods(["GET", "POST"])
def opml_import(request):
    _require(request, "bulletins.add_feedsource")
    if request.method == "GET":
        return _upload_page(request, OpmlUploadForm())
    if "opml" in request.POST:  # the confirmation of a preview
        confirm = OpmlConfirmForm(request.POST)
        try:
            data = base64.b64decode(confirm.data.get("opml", ""), validate=True) if confirm.is_valid() else None
        except (binascii.Error, ValueError):
            data = None
        if not data or len(data) > MAX_OPML_BYTES:
            messages.error(request, _("The import could not be confirmed; upload the file again."))
            return redirect("bulletins_opml_import")
        try:
            report = services.import_opml(data=data)
        except services.OpmlError as error:
            messages.error(request, str(error))
            return redirect("bulletins_opml_import")
        messages.success(
            request,
            _("%(added)s sources added, %(known)s already known, %(refused)s refused.")
            % {"added": len(report.created), "known": len(report.existing), "refused": len(report.refused)},
        )
        return redirect("wagtailsnippets_bulletins_feedsource:list")
    form = OpmlUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    return _preview(request, form.cleaned_data["file"])
