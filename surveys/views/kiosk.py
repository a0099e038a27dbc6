"""The counter tablet, without JavaScript: a poll (choose, confirm, thank you) or a whole survey, one
question per screen with the answers so far carried in the form. With JavaScript, kiosk.js takes over
the same page and works offline (see surveys/views/kiosk_api.py)."""

import uuid

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from surveys.kiosk import services as kiosk_services
from surveys.kiosk.selectors import kiosk_definition
from surveys.models import LIKERT_LABELS, QuestionKind
from surveys.services import clean_survey_answers, find_kiosk

THANK_YOU_SECONDS = 8


def _page(request, kiosk, step: str, *, status: int = 200, token: str = "", **extra):
    live = kiosk is not None and step != "error"
    context = {
        "kiosk": kiosk,
        "poll": kiosk.poll if kiosk else None,
        "survey": kiosk.survey_page if kiosk else None,
        "choices": list(kiosk.poll.choices.all()) if kiosk and kiosk.poll_id else [],
        "step": step,
        "thanks_seconds": THANK_YOU_SECONDS,
        "reset_seconds": THANK_YOU_SECONDS if step == "thanks" else (kiosk.idle_seconds if kiosk else 60),
        "definition": kiosk_definition(kiosk) if live else None,
        "token": token if live else "",
        "sync_url": reverse("surveys:kiosk_sync"),
        "heartbeat_url": reverse("surveys:kiosk_heartbeat"),
        "definition_url": reverse("surveys:kiosk_definition"),
        "client_id": extra.pop("client_id", "") or str(uuid.uuid4()),
        "labels": _labels() if live else None,
        **extra,
    }
    response = render(request, "surveys/kiosk.html", context, status=status)
    # The token is in the address: never sent to another site (same-origin keeps the form posts' Origin).
    response["Referrer-Policy"] = "same-origin"
    return response


def _labels() -> dict:
    """The words kiosk.js shows, translated here so the script holds none."""
    return {
        "start": _("Start"),
        "next": _("Next question"),
        "back": _("Previous question"),
        "skip": _("Skip"),
        "send": _("Send"),
        "confirm": _("Confirm"),
        "chooseAgain": _("Choose again"),
        "yourAnswer": _("Your answer"),
        "sendAnswers": _("Send your answers?"),
        "caseCode": _("Case code on your receipt (optional)"),
        "caseCodeInvalid": _("The case code may contain only letters, digits and . / _ - (at most 40 characters)."),
        "required": _("Please answer this question."),
        "hint": _("Touch one answer. You can check it on the next screen."),
        "question": _("Question %(number)s of %(total)s"),
        "lastStep": _("Last step"),
        "thanks": _("Thank you for your rating!"),
        "recorded": _("Recorded, thank you."),
        "returnsIn": _("The screen returns to the start in %(seconds)s seconds."),
        "idle": _("No one there? The screen returns to the start in %(seconds)s seconds. Touch anywhere to continue."),
        "nextCitizen": _("Next citizen"),
        "waiting": _("Answers waiting to be sent: %(count)s"),
        "offline": _("Offline: answers are kept on this tablet and sent when the network returns."),
        "online": _("Online"),
        "refused": _("Answers refused by the server: %(count)s. Last reason: %(reason)s"),
        "revoked": _("This kiosk has been revoked. Staff: ask the administrator for a new kiosk address."),
        "unavailable": _("Voting is not available"),
        "wait": _("Please wait a moment before the next vote on this kiosk."),
    }


def _client_id(request) -> uuid.UUID:
    return kiosk_services.parse_client_id(request.POST.get("client_id")) or uuid.uuid4()


@never_cache
@require_http_methods(["GET", "POST"])
def kiosk(request, token: str):
    kiosk = find_kiosk(token)
    if kiosk is None:
        return _page(request, None, "error", status=404, error=_("This kiosk address is not valid."))
    if not kiosk.is_active:
        return _page(request, None, "error", status=403, error=_("This kiosk has been revoked."))
    subject = kiosk.subject
    if kiosk.survey_page_id and not subject.live:
        return _page(request, kiosk, "error", status=409, error=_("The survey on this kiosk is not published."))
    if not subject.is_open():
        return _page(request, kiosk, "error", status=409, error=_("The poll on this kiosk is not open."))
    if kiosk.survey_page_id:
        return _survey_step(request, kiosk, token)
    return _poll_step(request, kiosk, token)


def _poll_step(request, kiosk, token):
    poll = kiosk.poll
    if request.method == "GET" or request.POST.get("step") == "start":
        return _page(request, kiosk, "choose", token=token)

    choice = next((c for c in poll.choices.all() if str(c.pk) == request.POST.get("choice", "")), None)
    if choice is None:
        return _page(request, kiosk, "choose", status=400, token=token, error=_("Please choose an answer."))
    client_id = _client_id(request)
    if request.POST.get("step") == "confirm":
        return _page(request, kiosk, "confirm", token=token, choice=choice, client_id=str(client_id))

    outcome = kiosk_services.record_answer(
        kiosk=kiosk,
        client_id=client_id,
        answered_at=timezone.now(),
        data={"choice": str(choice.pk), "case_code": request.POST.get("case_code", "")},
        remember_refusal=False,
    )
    if outcome.status == kiosk_services.REFUSED:
        if outcome.field in {"case_code", "choice"}:
            return _page(
                request,
                kiosk,
                "confirm",
                status=outcome.http_status,
                token=token,
                choice=choice,
                client_id=str(client_id),
                error=outcome.message,
            )
        status = 429 if outcome.code == "too_soon" else outcome.http_status
        return _page(request, kiosk, "error", status=status, error=outcome.message)
    return _page(request, kiosk, "thanks", choice=choice)


def _survey_step(request, kiosk, token):
    """Step through the questions; the answers so far travel in hidden fields, nothing is stored until
    the last screen is sent."""
    page = kiosk.survey_page
    questions = list(page.questions.all())
    if request.method == "GET" or request.POST.get("step") == "start":
        return _page(request, kiosk, "start", token=token)
    client_id = _client_id(request)
    keys = {f"q{q.pk}" for q in questions}
    answers = {k: v for k, v in request.POST.items() if k in keys and v.strip()}
    try:
        index = max(0, min(int(request.POST.get("index", "0")), len(questions)))
    except ValueError:
        index = 0
    action = request.POST.get("action", "next")
    error = ""
    if action == "back":
        index = max(0, index - 1)
    elif action == "skip" and index < len(questions) and not questions[index].required:
        answers.pop(f"q{questions[index].pk}", None)
        index += 1
    elif action == "next" and index < len(questions):
        question = questions[index]
        try:
            clean_survey_answers(page=page, data=_only(answers, question, questions))
            index += 1
        except kiosk_services.Refused as refusal:
            error = refusal.errors.get(f"q{question.pk}", refusal.message) if hasattr(refusal, "errors") else ""
            error = error or _("Please answer this question.")
    elif action == "send":
        outcome = kiosk_services.record_answer(
            kiosk=kiosk,
            client_id=client_id,
            answered_at=timezone.now(),
            data={"answers": answers, "case_code": request.POST.get("case_code", "")},
            remember_refusal=False,
        )
        if outcome.status != kiosk_services.REFUSED:
            return _page(request, kiosk, "thanks")
        if outcome.code in {"too_soon", "closed", "not_live", "revoked"}:
            return _page(request, kiosk, "error", status=outcome.http_status, error=outcome.message)
        index, error = len(questions), outcome.message
    step = "finish" if index >= len(questions) else "question"
    question = questions[index] if step == "question" else None
    return _page(
        request,
        kiosk,
        step,
        status=400 if error else 200,
        token=token,
        client_id=str(client_id),
        index=index,
        number=index + 1,
        total=len(questions),
        question=question,
        options=_options(question) if question else [],
        carried={k: v for k, v in answers.items() if not question or k != f"q{question.pk}"},
        current=answers.get(f"q{question.pk}", "") if question else "",
        error=error,
    )


def _only(answers: dict, question, questions) -> dict:
    """The one question being checked, with the others marked as answered so only it is judged."""
    data = {f"q{q.pk}": "x" if q.kind == QuestionKind.TEXT else "1" for q in questions if q.pk != question.pk}
    data[f"q{question.pk}"] = answers.get(f"q{question.pk}", "")
    return data


def _options(question) -> list[tuple[str, str]]:
    if question.kind == QuestionKind.LIKERT:
        return [(str(score), str(label)) for score, label in LIKERT_LABELS.items()]
    if question.kind == QuestionKind.SINGLE:
        return [(str(i), label) for i, label in enumerate(question.option_list)]
    return []
