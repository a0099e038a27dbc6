"""A receipt's QR opens the kiosk's poll or survey on the citizen's phone, bound to the case: one answer
per case, whichever channel (kiosk or phone) comes first."""

import uuid

from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from surveys.kiosk import services as kiosk_services
from surveys.kiosk.receipts import read_receipt
from surveys.kiosk.selectors import case_already_rated, kiosk_with_subject
from surveys.models import LIKERT_LABELS, Channel


def _render(request, context: dict, status: int = 200):
    response = render(request, "surveys/receipt.html", context, status=status)
    response["Referrer-Policy"] = "same-origin"  # the signed link stays on this site
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def receipt(request, signed: str):
    try:
        found = read_receipt(signed)
    except kiosk_services.Refused as refusal:
        return _render(request, {"error": refusal.message}, status=refusal.status)
    kiosk = kiosk_with_subject().filter(pk=found.kiosk_id).first()
    if kiosk is None:
        invalid = _("This link is not valid. Please scan the QR code on your receipt again.")
        return _render(request, {"error": invalid}, 404)
    subject = kiosk.subject
    context = {
        "kiosk": kiosk,
        "poll": kiosk.poll,
        "page": kiosk.survey_page,
        "questions": list(kiosk.survey_page.questions.all()) if kiosk.survey_page_id else [],
        "choices": list(kiosk.poll.choices.all()) if kiosk.poll_id else [],
        "likert": list(LIKERT_LABELS.items()),
        "case_code": found.case_code,
        "values": request.POST if request.method == "POST" else {},
        "errors": {},
        "client_id": str(uuid.uuid4()),
    }
    if request.GET.get("done") == "1":
        return _render(request, {**context, "done": True})
    if case_already_rated(kiosk, found.case_code):
        return _render(request, {**context, "error": _("This case has already been rated. Thank you!")}, 409)
    if not subject.is_open() or (kiosk.survey_page_id and not subject.live):
        return _render(request, {**context, "error": _("This survey is not open.")}, 409)
    if request.method == "GET":
        return _render(request, context)

    client_id = kiosk_services.parse_client_id(request.POST.get("client_id")) or uuid.uuid4()
    if kiosk.poll_id:
        data = {"choice": request.POST.get("choice", "")}
    else:
        data = {"answers": {k: v for k, v in request.POST.items() if k.startswith("q")}}
    outcome = kiosk_services.record_answer(
        kiosk=kiosk,
        client_id=client_id,
        answered_at=timezone.now(),
        data=data,
        channel=Channel.WEB,
        case_code=found.case_code,
        remember_refusal=False,
    )
    if outcome.status == kiosk_services.REFUSED:
        context.update(client_id=str(client_id), errors=outcome.errors, error=outcome.message)
        return _render(request, context, outcome.http_status)
    response = redirect(f"{request.path}?done=1")
    response.status_code = 303
    return response
