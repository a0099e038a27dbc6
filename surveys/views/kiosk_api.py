"""What kiosk.js calls with the kiosk token as a Bearer token: its definition, the sync of queued answers
and the heartbeat. JSON in and out, bounded in size; no cookies, so no CSRF token."""

import json

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from surveys import conf
from surveys.kiosk import services
from surveys.kiosk.selectors import kiosk_definition
from surveys.services import find_kiosk

MAX_TOKEN_LENGTH = 100


def _json(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _kiosk(request):
    """(kiosk, None) or (None, a refusal response)."""
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > MAX_TOKEN_LENGTH:
        return None, _unauthorised()
    kiosk = find_kiosk(token)
    if kiosk is None:
        return None, _unauthorised()
    return kiosk, None


def _unauthorised() -> JsonResponse:
    response = _json({"code": "unauthorised", "detail": _("A valid kiosk token is required.")}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="kiosk"'
    return response


def _revoked(extra: dict | None = None) -> JsonResponse:
    return _json({"code": "revoked", "detail": str(services.REASONS["revoked"]), **(extra or {})}, status=403)


def _read_body(request):
    """(data, None) or (None, a refusal response): a JSON object within the size limit."""
    if len(request.body) > conf.kiosk_sync_max_bytes():
        return None, _json({"code": "too_large", "detail": _("The request is too large.")}, status=413)
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        data = None
    if not isinstance(data, dict):
        return None, _json({"code": "malformed", "detail": _("The request is not a JSON object.")}, status=400)
    return data, None


def _queue_length(data: dict) -> int:
    value = data.get("queue_length", 0)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


@never_cache
@require_GET
def definition(request):
    kiosk, refusal = _kiosk(request)
    if refusal:
        return refusal
    if not kiosk.is_active:
        return _revoked()
    return _json(kiosk_definition(kiosk))


@csrf_exempt  # token-authenticated, no cookies involved
@require_POST
def sync(request):
    kiosk, refusal = _kiosk(request)
    if refusal:
        return refusal
    data, refusal = _read_body(request)
    if refusal:
        return refusal
    answers = data.get("answers", [])
    if not isinstance(answers, list):
        return _json({"code": "malformed", "detail": _("“answers” must be a list.")}, status=400)
    if len(answers) > conf.kiosk_sync_max_answers():
        detail = _("Send at most %(max)s answers at a time.") % {"max": conf.kiosk_sync_max_answers()}
        return _json({"code": "too_many", "detail": detail}, status=413)
    outcomes = services.sync_answers(kiosk=kiosk, entries=answers, queue_length=_queue_length(data))
    results = {"results": [outcome.as_json() for outcome in outcomes]}
    if not kiosk.is_active:
        return _revoked(results)  # every answer was refused and counted; the tablet tells the staff why
    version = kiosk_definition(kiosk)["version"]
    return _json({**results, "definition_version": version})


@csrf_exempt
@require_POST
def heartbeat(request):
    kiosk, refusal = _kiosk(request)
    if refusal:
        return refusal
    data, refusal = _read_body(request)
    if refusal:
        return refusal
    services.record_heartbeat(kiosk=kiosk, queue_length=_queue_length(data))
    if not kiosk.is_active:
        return _revoked()
    return _json({"ok": True, "definition_version": kiosk_definition(kiosk)["version"]})
