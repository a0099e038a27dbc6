"""Officers' pages: issues and their deliveries (counts, test send, preview, correction), bulk
import of internal recipients with a preview, counts per list, CSV export. Thin: services decide."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bulletins.models import BulletinPage
from campaign_site.exports import csv_response

from . import composing, delivery, selectors, services, smtp_errors
from .addresses import InvalidAddress
from .forms import ImportForm, TestSendForm
from .models import IssueMailing
from .permissions import can_change_addresses, can_send_mail, can_view_addresses


def _require(check, request) -> None:
    if not check(request.user):
        raise PermissionDenied


def issues(request):
    _require(can_view_addresses, request)
    bulletins = list(selectors.recent_bulletins())
    mailings = {m.bulletin_id: m for m in IssueMailing.objects.filter(bulletin__in=bulletins)}
    rows = [{"bulletin": b, "mailing": mailings.get(b.pk), "counts": delivery.issue_counts(b)} for b in bulletins]
    lists, internal = selectors.list_counts()
    return TemplateResponse(
        request,
        "subscriptions/admin/issues.html",
        {"rows": rows, "lists": lists, "internal": internal, "can_change": can_change_addresses(request.user)},
    )


def issue(request, bulletin_id: int):
    _require(can_view_addresses, request)
    bulletin = get_object_or_404(BulletinPage, pk=bulletin_id)
    form = TestSendForm(request.POST or None)
    if request.method == "POST":
        _require(can_send_mail, request)
        if form.is_valid():
            try:
                delivery.send_test(bulletin=bulletin, address=form.cleaned_data["address"])
            except InvalidAddress as error:
                form.add_error("address", error.message)
            except Exception as error:  # the mail server's answer, shown as a reason, never a 500
                messages.error(
                    request,
                    _("The test e-mail could not be sent: %(reason)s") % {"reason": smtp_errors.describe(error)},
                )
            else:
                messages.success(
                    request, _("Test e-mail sent to %(address)s.") % {"address": form.cleaned_data["address"]}
                )
                return redirect("subscriptions_admin_issue", bulletin_id=bulletin.pk)
    return TemplateResponse(
        request,
        "subscriptions/admin/issue.html",
        {
            "bulletin": bulletin,
            "mailing": IssueMailing.objects.filter(bulletin=bulletin).first(),
            "counts": delivery.issue_counts(bulletin),
            "failures": selectors.issue_failures(bulletin),
            "form": form,
            "can_send": can_send_mail(request.user),
            "corrections_allowed": composing.mail_settings().send_corrections,
        },
    )


def preview(request, bulletin_id: int):
    _require(can_view_addresses, request)
    bulletin = get_object_or_404(BulletinPage, pk=bulletin_id)
    rendered = composing.render_bulletin(bulletin, correction=request.GET.get("correction") == "1")
    if request.GET.get("format") == "text":
        return HttpResponse(rendered.text, content_type="text/plain; charset=utf-8")
    html = rendered.html.replace(composing.MANAGE_PLACEHOLDER, "#").replace(composing.UNSUBSCRIBE_PLACEHOLDER, "#")
    return HttpResponse(html)


@require_POST
def correction(request, bulletin_id: int):
    _require(can_send_mail, request)
    bulletin = get_object_or_404(BulletinPage, pk=bulletin_id)
    if not composing.mail_settings().send_corrections:
        messages.error(request, _("Correction mails are turned off in the mail settings."))
    elif delivery.queue_correction(bulletin=bulletin):
        from .tasks import send_correction_task

        send_correction_task.enqueue(bulletin_id=bulletin.pk)
        messages.success(request, _("The correction is being sent to the readers who received this issue."))
    else:
        messages.error(request, _("A correction can be sent once, after the issue itself has been sent."))
    return redirect("subscriptions_admin_issue", bulletin_id=bulletin.pk)


def import_recipients(request):
    _require(can_change_addresses, request)
    if request.method == "POST" and request.POST.get("step") == "confirm":
        addresses = request.POST.get("valid", "").split()
        try:
            added = services.add_internal(addresses=addresses, list_name=request.POST.get("list_name", ""))
        except InvalidAddress as error:
            messages.error(request, error.message)
            return redirect("subscriptions_admin_import")
        messages.success(request, _("%(count)s addresses added.") % {"count": added})
        return redirect("subscriptions_admin_issues")
    form = ImportForm(request.POST or None, request.FILES or None)
    preview_result = None
    if request.method == "POST" and form.is_valid():
        preview_result = services.preview_import(form.cleaned_data["lines"])
    return TemplateResponse(request, "subscriptions/admin/import.html", {"form": form, "preview": preview_result})


def export(request):
    _require(can_view_addresses, request)
    return csv_response(_export_rows(), f"nguoi-nhan-thu-{timezone.localdate().isoformat()}")


def _export_rows():
    yield [
        _("E-mail"),
        _("Status"),
        _("How added"),
        _("List"),
        _("Bulletin"),
        _("Digest"),
        _("Topics"),
        _("Places"),
        _("Signed up on"),
        _("Confirmed"),
    ]
    for s in selectors.export_rows():
        yield [
            s.email,
            s.get_status_display(),
            s.get_origin_display(),
            s.list_name,
            _("Yes") if s.wants_bulletin else _("No"),
            s.get_digest_display(),
            "; ".join(c.name for c in s.categories.all()),
            "; ".join(u.name for u in s.units.all()),
            timezone.localtime(s.created_at).replace(tzinfo=None),
            timezone.localtime(s.confirmed_at).replace(tzinfo=None) if s.confirmed_at else "",
        ]
