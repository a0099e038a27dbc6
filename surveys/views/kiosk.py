"""The counter tablet: choose, confirm, thank you, and back to the start for the next citizen."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from campaign_site.security import client_ip
from surveys.models import Channel
from surveys.services import Refused, cast_ballot, find_kiosk

THANK_YOU_SECONDS = 8
IDLE_SECONDS = 60


def _page(request, kiosk, step: str, *, status: int = 200, **extra):
    context = {
        "kiosk": kiosk,
        "poll": kiosk.poll if kiosk else None,
        "choices": list(kiosk.poll.choices.all()) if kiosk else [],
        "step": step,
        "reset_seconds": THANK_YOU_SECONDS if step == "thanks" else IDLE_SECONDS,
        **extra,
    }
    return render(request, "surveys/kiosk.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def kiosk(request, token: str):
    kiosk = find_kiosk(token)
    if kiosk is None:
        return _page(request, None, "error", status=404, error=_("This kiosk address is not valid."))
    if not kiosk.is_active:
        return _page(request, None, "error", status=403, error=_("This kiosk has been revoked."))
    poll = kiosk.poll
    if not poll.is_open():
        return _page(request, kiosk, "error", status=409, error=_("The poll on this kiosk is not open."))
    if request.method == "GET" or request.POST.get("step") == "start":
        return _page(request, kiosk, "choose")

    choice = next((c for c in poll.choices.all() if str(c.pk) == request.POST.get("choice", "")), None)
    if choice is None:
        return _page(request, kiosk, "choose", status=400, error=_("Please choose an answer."))
    if request.POST.get("step") == "confirm":
        return _page(request, kiosk, "confirm", choice=choice)

    try:
        cast_ballot(
            poll=poll,
            choice=choice,
            channel=Channel.KIOSK,
            voter_key="",
            ip=client_ip(request),
            case_code=request.POST.get("case_code", ""),
            kiosk=kiosk,
        )
    except Refused as refusal:
        if refusal.field == "case_code":
            return _page(request, kiosk, "confirm", status=refusal.status, choice=choice, error=refusal.message)
        return _page(request, kiosk, "error", status=refusal.status, error=refusal.message)
    return _page(request, kiosk, "thanks", choice=choice)
