"""Staff views: the inbox, an item with its history and the workflow's actions, attachments, numbers.

Thin: each asks `feedback_permission_policy` (through the selectors and services) and renders.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from campaign_site.access.scope import scope_unit
from campaign_site.exports import csv_response, xlsx_response
from campaign_site.models import AdministrativeUnit
from feedback import charts, exports, selectors, services
from feedback.forms import AnswerForm, AssignForm, DeclineForm, IdeaStatusForm, InboxFilterForm, MergeForm, ReturnForm
from feedback.models import FeedbackAttachment, FeedbackItem, Kind, State
from feedback.permissions import feedback_permission_policy as policy

PER_PAGE = 25


def _require(user, action: str) -> None:
    if not policy.user_has_permission(user, action):
        raise PermissionDenied


def _units_for(user):
    units = AdministrativeUnit.objects.active().order_by("path")
    scope = scope_unit(user)
    return units if scope is None else units.filter(path__startswith=scope.path)


@require_GET
def inbox(request):
    _require(request.user, "view")
    form = InboxFilterForm(request.GET or None, units=_units_for(request.user))
    filters = selectors.InboxFilter()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.InboxFilter(kind=data["kind"], field=data["field"], state=data["state"], unit=data["unit"],
                                        overdue=data["overdue"], query=data["q"])  # fmt: skip
    page = Paginator(selectors.inbox(request.user, filters), PER_PAGE).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    return render(request, "feedback/admin/inbox.html", {
        "form": form, "page_obj": page, "now": timezone.now(), "query": query.urlencode(),
        "can_export": policy.user_has_permission(request.user, "export"),
    })  # fmt: skip


def _item_or_404(user, pk: int) -> FeedbackItem:
    item = selectors.item_for_staff(user, pk)
    if item is None:
        raise Http404
    return item


def _can(user, action, item) -> bool:
    return policy.user_has_permission_for_instance(user, action, item)


@require_GET
def detail(request, pk: int):
    _require(request.user, "view")
    item = _item_or_404(request.user, pk)
    user = request.user
    can = {action: _can(user, action, item) for action in ("triage", "answer", "approve")}
    open_for_triage = item.state in (State.RECEIVED, State.PROCESSING)
    context = {
        "item": item,
        "now": timezone.now(),
        "personal": policy.user_can_see_personal_data(user, item),
        "answer_page": getattr(item, "answer_page", None),
        "show_triage": can["triage"] and open_for_triage,
        "show_answer": can["answer"] and item.state == State.PROCESSING and item.assigned_unit_id,
        "show_approve": can["approve"] and item.state == State.AWAITING_APPROVAL,
        "show_idea": can["triage"] and item.kind == Kind.IDEA and item.state not in (State.SPAM, State.DUPLICATE),
        "show_faq": can["triage"] and item.state == State.ANSWERED,
        "assign_form": AssignForm(initial={"unit": item.assigned_unit_id or item.unit_id}, units=_units_for(user)),
        "decline_form": DeclineForm(),
        "merge_form": MergeForm(),
        "answer_form": AnswerForm(
            initial={
                "answer": item.answer_draft,
                "public_title": item.public_title or item.title,
                "public_question": item.public_question or item.content,
            }
        ),
        "return_form": ReturnForm(),
        "idea_form": IdeaStatusForm(initial={"status": item.idea_status, "note": item.idea_note}),
    }
    return render(request, "feedback/admin/detail.html", context)


def _form_or_fail(form_class, request, **kwargs):
    form = form_class(request.POST, **kwargs)
    if not form.is_valid():
        raise ValueError("; ".join(str(e) for errors in form.errors.values() for e in errors))
    return form.cleaned_data


def _run(request, item, action):
    """Call the service of `action` with the posted form; return the success message."""
    user = request.user
    if action == "assign":
        data = _form_or_fail(AssignForm, request, units=_units_for(user))
        services.assign(item=item, unit=data["unit"], user=user)
        return _("Assigned to %(unit)s.") % {"unit": data["unit"]}
    if action == "decline":
        services.decline(item=item, reason=_form_or_fail(DeclineForm, request)["reason"], user=user)
        return _("The item was marked as not accepted.")
    if action == "spam":
        services.mark_spam(item=item, user=user)
        return _("The item was marked as spam.")
    if action == "merge":
        code = _form_or_fail(MergeForm, request)["original"]
        original = policy.instances_user_has_permission_for(user, "view").filter(code=code).first()
        if original is None:
            raise ValueError(_("No item with this tracking code in your inbox."))
        services.merge_duplicate(item=item, original=original, user=user)
        return _("Merged into %(code)s: its citizen will get the same answer.") % {"code": original.code}
    if action in ("draft", "submit"):
        data = _form_or_fail(AnswerForm, request)
        services.save_answer(item=item, user=user, submit=action == "submit", **data)
        return _("Answer sent for approval.") if action == "submit" else _("Draft saved.")
    if action == "return":
        services.return_answer(item=item, user=user, note=_form_or_fail(ReturnForm, request)["note"])
        return _("The answer was returned for changes.")
    if action == "approve":
        services.approve_answer(item=item, user=user)
        return _("Answer approved: it is sent to the citizen and, if they agreed, published.")
    if action == "idea":
        data = _form_or_fail(IdeaStatusForm, request)
        services.set_idea_status(item=item, status=data["status"], note=data["note"], user=user)
        return _("Idea status saved.")
    if action == "faq":
        is_faq = request.POST.get("is_faq") == "1"
        services.set_faq(item=item, is_faq=is_faq, user=user)
        return _("Shown as a frequently asked question.") if is_faq else _("No longer a frequently asked question.")
    raise Http404


# Which permission of the policy each posted action needs (the services check it again).
ACTION_PERMISSIONS = {
    "assign": "triage", "decline": "triage", "spam": "triage", "merge": "triage", "idea": "triage", "faq": "triage",
    "draft": "answer", "submit": "answer", "return": "approve", "approve": "approve",
}  # fmt: skip


@require_POST
def act(request, pk: int, action: str):
    _require(request.user, "view")
    item = _item_or_404(request.user, pk)
    if action not in ACTION_PERMISSIONS:
        raise Http404
    if not _can(request.user, ACTION_PERMISSIONS[action], item):
        raise PermissionDenied
    try:
        messages.success(request, _run(request, item, action))
    except (services.TransitionError, ValueError) as error:
        messages.error(request, str(error))
    return redirect("feedback_admin:detail", pk=item.pk)


@require_GET
def attachment(request, pk: int):
    attached = get_object_or_404(FeedbackAttachment.objects.select_related("item__assigned_unit", "item__unit"), pk=pk)
    if not policy.user_can_see_personal_data(request.user, attached.item):
        raise Http404
    try:
        handle = attached.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=attached.content_type, as_attachment=True,
                            filename=attached.original_name)  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@require_GET
def stats(request):
    _require(request.user, "export")
    year = _year(request)
    rows = selectors.stats(request.user, year=year)
    months: dict = {}
    for row in rows:
        received, on_time = months.get(row.month, (0, 0))
        months[row.month] = (received + row.received, on_time + row.on_time)
    chart = charts.month_chart(
        [(f"{m.month:02d}/{m.year}", received, on_time) for m, (received, on_time) in sorted(months.items())],
        title=_("Messages received and answered on time, by month"), chart_id="feedback-months",
    )  # fmt: skip
    totals = {
        "received": sum(r.received for r in rows),
        "answered": sum(r.answered for r in rows),
        "on_time": sum(r.on_time for r in rows),
        "overdue": sum(r.overdue for r in rows),
    }
    totals["share"] = selectors.share(totals["on_time"], totals["answered"])
    return render(request, "feedback/admin/stats.html", {
        "rows": rows, "chart": chart, "year": year, "totals": totals,
        "years": range(timezone.localdate().year, timezone.localdate().year - 5, -1),
    })  # fmt: skip


@require_GET
def export(request, fmt: str):
    _require(request.user, "export")
    year = _year(request)
    rows = exports.stats_rows(selectors.stats(request.user, year=year))
    filename = f"y-kien-{year}"
    if fmt == "csv":
        return csv_response(rows, filename)
    if fmt == "xlsx":
        return xlsx_response(rows, filename, sheet=_("Feedback statistics"))
    raise Http404


def overdue_panel_context(user) -> dict | None:
    if not policy.user_has_permission(user, "view"):
        return None
    items, count = selectors.overdue_items(user)
    return {"items": list(items), "count": count, "inbox_url": reverse("feedback_admin:inbox") + "?overdue=on"}
