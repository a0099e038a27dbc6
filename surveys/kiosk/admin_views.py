"""Admin views of the kiosk: the duty roster, a receipt's QR link, results per counter and officer.
Thin: each asks the permission policy, then a selector or a service."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from surveys.kiosk import selectors, services
from surveys.kiosk.receipts import receipt_path, receipt_qr_svg, sign_receipt
from surveys.permissions import RESULTS, counter_policy, kiosk_policy
from surveys.services import Refused


def _officers_for(counter):
    return (
        get_user_model()
        .objects.filter(is_active=True, officer_profile__unit__path__startswith=counter.unit.path)
        .order_by("last_name", "first_name", "username")
    )


@require_http_methods(["GET", "POST"])
def duty(request):
    policy = counter_policy
    counters = policy.instances_user_has_permission_for(request.user, "change").select_related("unit")
    if not policy.user_has_permission(request.user, "change"):
        raise PermissionDenied
    if request.method == "POST":
        counter = get_object_or_404(counters, pk=request.POST.get("counter") or 0)
        try:
            if request.POST.get("action") == "end":
                services.end_duty(counter=counter, user=request.user)
                messages.success(request, _("No one is on duty at %(counter)s now.") % {"counter": counter.name})
            else:
                officer = _officers_for(counter).filter(pk=request.POST.get("officer") or 0).first()
                if officer is None:
                    raise Refused("officer_invalid", _("This officer does not work for the counter's unit."))
                services.start_duty(counter=counter, officer=officer, user=request.user)
                messages.success(request, _("The roster of %(counter)s has been updated.") % {"counter": counter.name})
        except Refused as refusal:
            messages.error(request, refusal.message)
        return redirect("surveys_admin:counter_duty")
    rows = [
        {"counter": counter, "duty": selectors.open_duty(counter), "officers": list(_officers_for(counter))}
        for counter in counters
    ]
    return render(request, "surveys/admin/counter_duty.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
def receipt(request, pk: int):
    # Staff who see a kiosk of their unit print receipts for it (no right to change the kiosk needed).
    kiosks = kiosk_policy.instances_user_has_permission_for(request.user, "view")
    kiosk = get_object_or_404(selectors.kiosk_with_subject(kiosks), pk=pk)
    context = {"kiosk": kiosk, "case_code": ""}
    if request.method == "POST":
        try:
            signed = sign_receipt(kiosk=kiosk, case_code=request.POST.get("case_code", ""))
        except Refused as refusal:
            context["error"] = refusal.message
        else:
            url = request.build_absolute_uri(receipt_path(signed))
            context.update(url=url, qr=receipt_qr_svg(url, _("Rate the service for your case")))
            context["case_code"] = request.POST.get("case_code", "").strip().upper()
    return render(request, "surveys/admin/kiosk_receipt.html", context)


def results(request):
    policy = counter_policy
    if not policy.user_has_permission(request.user, RESULTS):
        raise PermissionDenied
    counters = policy.instances_user_has_permission_for(request.user, RESULTS)
    context = {
        "poll_by_counter": selectors.poll_ratings(counters, by_officer=False),
        "poll_by_officer": selectors.poll_ratings(counters, by_officer=True),
        "survey_by_counter": selectors.survey_ratings(counters, by_officer=False),
        "survey_by_officer": selectors.survey_ratings(counters, by_officer=True),
    }
    response = render(request, "surveys/admin/counter_results.html", context)
    response["Cache-Control"] = "private, no-store"
    return response
