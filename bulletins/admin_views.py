"""Wagtail admin screens: the editors' inbox, drafting, fetching now, OPML export."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_tasks import default_task_backend
from django_tasks.exceptions import TaskResultDoesNotExist
from wagtail.admin import messages

from . import selectors, services
from .forms import DraftForm, InboxActionForm, InboxFilterForm
from .models import BulletinPage, FeedSource
from .tasks import fetch_due_sources_task

PER_PAGE = 50


def _require(request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


@require_GET
def inbox(request):
    _require(request, "bulletins.change_feeditem")
    filter_form = InboxFilterForm(request.GET or None, initial={"day": timezone.localdate(), "status": "new"})
    filters = filter_form.filters()
    items = selectors.inbox_items(**filters)
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("p"))
    task_id = request.GET.get("task", "")
    return render(
        request,
        "bulletins/admin/inbox.html",
        {
            "filter_form": filter_form,
            "filters": filters,
            "page_obj": page,
            "items": page.object_list,
            "draft_form": DraftForm(initial={"bulletin_date": filters["day"]}),
            "bulletin": BulletinPage.objects.filter(date=filters["day"]).first(),
            "failing_sources": FeedSource.objects.filter(consecutive_failures__gt=0).order_by("name")[:20],
            "task_id": task_id if default_task_backend.supports_get_result else "",
            "query": request.GET.urlencode(),
        },
    )


def _back(request):
    target = request.POST.get("next", "")
    if target.startswith(reverse("bulletins_inbox")):
        return redirect(target)
    return redirect("bulletins_inbox")


@require_POST
def inbox_action(request):
    _require(request, "bulletins.change_feeditem")
    form = InboxActionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(request)
    items, action = list(form.cleaned_data["items"]), form.cleaned_data["action"]
    if action == "dismiss":
        count = services.dismiss_items(items=items)
        messages.success(request, _("%(count)s items dismissed.") % {"count": count})
    elif action == "restore":
        count = services.restore_items(items=items)
        messages.success(request, _("%(count)s items are new again.") % {"count": count})
    else:
        day = form.cleaned_data["bulletin_date"]
        try:
            page = services.pick_items(items=items, on=day, user=request.user)
        except services.BulletinError as error:
            messages.error(request, str(error))
            return _back(request)
        messages.success(
            request,
            _("%(count)s items put into “%(title)s” (draft).") % {"count": len(items), "title": page.title},
            buttons=[messages.button(reverse("wagtailadmin_pages:edit", args=[page.pk]), _("Edit bulletin"))],
        )
    return _back(request)


@require_POST
def draft(request):
    _require(request, "bulletins.change_feeditem")
    form = DraftForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a valid date for the bulletin."))
        return _back(request)
    day = form.cleaned_data["bulletin_date"]
    try:
        page, count = services.draft_bulletin(on=day, user=request.user)
    except services.BulletinError as error:
        messages.error(request, str(error))
        return _back(request)
    messages.success(
        request,
        _("Drafted “%(title)s” with %(count)s items; review it and submit it for publishing.")
        % {"title": page.title, "count": count},
        buttons=[messages.button(reverse("wagtailadmin_pages:edit", args=[page.pk]), _("Edit bulletin"))],
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


@require_POST
def fetch_now(request):
    _require(request, "bulletins.change_feedsource")
    result = fetch_due_sources_task.enqueue()
    url = reverse("bulletins_inbox")
    if result.is_finished:
        summary = result.return_value or {}
        messages.success(
            request,
            _("Fetched %(sources)s sources: %(created)s new items, %(failed)s failures.")
            % {k: summary.get(k, 0) for k in ("sources", "created", "failed")},
        )
        return redirect(url)
    messages.info(request, _("Fetching the due sources in the background…"))
    return redirect(f"{url}?task={result.id}")


@require_GET
def task_status(request, task_id: str):
    _require(request, "bulletins.change_feeditem")
    try:
        result = fetch_due_sources_task.get_result(task_id)
    except (TaskResultDoesNotExist, NotImplementedError, ValueError):
        return JsonResponse({"status": "UNKNOWN", "finished": True, "summary": None}, status=404)
    return JsonResponse(
        {
            "status": str(result.status),
            "finished": result.is_finished,
            "summary": result.return_value if result.is_finished else None,
        }
    )


@require_GET
def opml_export(request):
    _require(request, "bulletins.view_feedsource")
    body = services.export_opml()
    response = HttpResponse(body, content_type="text/x-opml; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="nguon-tin-{stamp}.opml"'
    return response


@require_GET
def sources_health(request):
    _require(request, "bulletins.view_feedsource")
    return render(request, "bulletins/admin/sources_health.html", {"sources": selectors.sources_health()})
