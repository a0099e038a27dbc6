"""SIPAS survey form (never cached, carries the CSRF token) and its results."""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from campaign_site.security import client_ip
from surveys import permissions, selectors
from surveys.forms import SurveyUnitForm
from surveys.models import LIKERT_LABELS, SurveyPage, SurveySubmission
from surveys.security import (
    VOTER_COOKIE,
    BadVoterCookie,
    new_voter_key,
    read_voter_key,
    set_voter_cookie,
    voter_hash,
)
from surveys.services import Refused, SurveyRefused, submit_survey
from surveys.views.polls import _private


def _survey_or_404(page_id: int) -> SurveyPage:
    return get_object_or_404(SurveyPage.objects.live().select_related("unit").prefetch_related("questions"), pk=page_id)


def _answered(page, key) -> bool:
    return bool(key) and SurveySubmission.objects.filter(page=page, voter_hash=voter_hash(key)).exists()


def _form_page(request, page, *, status=200, errors=None, error="", answered=False, done=False):
    context = {
        "page": page,
        "questions": list(page.questions.all()),
        "likert": [(value, label) for value, label in LIKERT_LABELS.items()],
        "units": selectors.unit_options(page.unit) if page.unit is None or page.unit.children.exists() else None,
        "values": request.POST if request.method == "POST" else {},
        "errors": errors or {},
        "error": error,
        "answered": answered,
        "done": done,
        "is_open": page.is_open(),
    }
    return render(request, "surveys/survey_form.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def take_survey(request, page_id: int):
    page = _survey_or_404(page_id)
    try:
        key = read_voter_key(request)
    except BadVoterCookie:
        message = _("Your browser's voting cookie is invalid or has expired. It has been cleared; please try again.")
        response = _form_page(request, page, status=400, error=message)
        response.delete_cookie(VOTER_COOKIE.name)
        return response

    if request.method == "GET":
        response = _form_page(
            request, page, answered=_answered(page, key), done=request.GET.get("done") == "1" and bool(key)
        )
        if key is None:
            set_voter_cookie(response, new_voter_key(), secure=request.is_secure())
        return response

    form = SurveyUnitForm(request.POST)
    if (request.POST.get("website") or "").strip():
        return _form_page(request, page, status=400, error=_("Your answers could not be accepted."))
    if not form.is_valid():
        return _form_page(request, page, status=400, errors={"unit": form.errors["unit"][0]})
    new_key = key or new_voter_key()
    try:
        submit_survey(
            page=page, data=request.POST, voter_key=new_key, ip=client_ip(request), unit=form.cleaned_data["unit"]
        )
    except SurveyRefused as refusal:
        return _form_page(request, page, status=refusal.status, errors=refusal.errors, error=refusal.message)
    except Refused as refusal:
        errors = {refusal.field: refusal.message} if refusal.field else {}
        response = _form_page(request, page, status=refusal.status, errors=errors, error=refusal.message)
        if refusal.retry_after is not None:
            response["Retry-After"] = str(refusal.retry_after)
        return response
    response = redirect(f"{reverse('surveys:survey_take', args=[page.pk])}?done=1")
    response.status_code = 303
    if key is None:
        set_voter_cookie(response, new_key, secure=request.is_secure())
    return response


@require_GET
def survey_results(request, page_id: int):
    page = _survey_or_404(page_id)
    closed = page.has_closed()
    personal = selectors.results_need_visitor(page.results_visibility, closed=closed)
    if personal:
        try:
            key = read_voter_key(request)
        except BadVoterCookie:
            key = None
        visible = selectors.results_visible(
            page.results_visibility,
            closed=closed,
            has_voted=_answered(page, key),
            officer=permissions.sees_all_results(request.user),
        )
        if not visible:
            return _private(render(request, "surveys/results_hidden.html", {"poll": None, "page": page}, status=403))
    response = render(request, "surveys/survey_results.html", {"page": page, "results": selectors.survey_results(page)})
    return _private(response) if personal else response
