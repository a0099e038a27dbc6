"""Wagtail admin screens: the editors' inbox, drafting, fetching now, OPML export."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_tasks import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist
from wagtail.admin import messages

from campaign_site.text import format_date
from campaign_site.workers import worker_state

from . import selectors, services
from .forms import BULK_LIMIT, DraftForm, InboxActionForm, InboxFilterForm
from .models import BulletinItem, BulletinPage, FeedSource
from .tasks import fetch_due_sources_task

PER_PAGE = 50


def _require(request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _task_progress(task_id: str) -> dict | None:
    """The fetch task's state in Vietnamese for the inbox and its status endpoint; None when unknown."""
    try:
        result = fetch_due_sources_task.get_result(task_id)
    except (TaskResultDoesNotExist, NotImplementedError, ValueError):
        return None
    worker = worker_state()
    progress = {"state": "waiting", "finished": result.is_finished, "worker_missing": False, "summary": None}
    if result.status == TaskResultStatus.SUCCESSFUL:
        summary = result.return_value or {}
        progress.update(state="done", summary=summary, text=fetch_summary(summary))
    elif result.is_finished:
        progress.update(state="failed", text=_("The fetch round failed; the background worker's log says why."))
    elif result.status == TaskResultStatus.RUNNING:
        progress.update(state="running", text=_("Fetching the sources…"))
    else:
        progress["text"] = _("Waiting for the background worker to start the fetch…")
        if not worker.alive:
            progress.update(worker_missing=True, text=str(no_worker_text(worker)))
    return progress


def fetch_summary(summary: dict) -> str:
    return _("Fetched %(sources)s sources: %(created)s new items, %(failed)s failures.") % {
        k: summary.get(k, 0) for k in ("sources", "created", "failed")
    }


def _time_and_date(moment) -> str:
    """'08:05 5/12/2026' in the site's time zone."""
    local = timezone.localtime(moment)
    return f"{local:%H:%M} {format_date(local)}"


def no_worker_text(worker) -> str:
    if worker.last_seen:
        return _(
            "No background worker is running (none has finished a task since %(time)s): fetching waits until "
            "one runs. Start it with “python manage.py run_worker” (see the README)."
        ) % {"time": _time_and_date(worker.last_seen)}
    return _(
        "No background worker is running: fetching waits until one runs. Start it with "
        "“python manage.py run_worker” (see the README)."
    )


@require_GET
def inbox(request):
    _require(request, "bulletins.change_feeditem")
    task_id = request.GET.get("task", "")
    progress = _task_progress(task_id) if task_id else None
    if progress and progress["finished"]:
        # Done: say how it went once, then show the inbox (with the new items) at its plain address.
        (messages.success if progress["state"] == "done" else messages.error)(request, progress["text"])
        query = request.GET.copy()
        query.pop("task", None)
        return redirect(f"{request.path}?{query.urlencode()}" if query else request.path)
    filter_form = InboxFilterForm(request.GET or None, initial={"day": timezone.localdate(), "status": "new"})
    filters = filter_form.filters()
    items = selectors.inbox_items(**filters)
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("p"))
    for item in page.object_list:
        item.preview = BulletinItem.from_feed_item(item)
    worker = worker_state()
    filter_query = request.GET.copy()
    for name in ("task", "p"):
        filter_query.pop(name, None)
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
            "task_id": task_id if progress else "",
            "progress": progress,
            "worker": worker,
            "no_worker_text": "" if worker.alive else no_worker_text(worker),
            "query": request.GET.urlencode(),
            "filter_query": filter_query.urlencode(),
            "bulk_limit": BULK_LIMIT,
        },
    )


def _back(request):
    target = request.POST.get("next", "")
    if target.startswith(reverse("bulletins_inbox")):
        return redirect(target)
    return redirect("bulletins_inbox")


def _action_items(form) -> list:
    """The items an action applies to: the ticked ones, or every item the inbox's filter shows."""
    if form.cleaned_data["scope"] != InboxActionForm.SCOPE_FILTER:
        return list(form.cleaned_data["items"])
    filters = InboxFilterForm(QueryDict(form.cleaned_data["filter_query"]) or None).filters()
    return list(selectors.inbox_items(**filters)[:BULK_LIMIT])


@require_POST
def inbox_action(request):
    _require(request, "bulletins.change_feeditem")
    form = InboxActionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(request)
    items, action = _action_items(form), form.cleaned_data["action"]
    if not items:
        messages.error(request, _("No items match this filter."))
        return _back(request)
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
    """ "Lấy tin ngay": every active source becomes due and one round is queued; the inbox follows
    the task (polling its status, or refreshing without JavaScript) until the new items are there."""
    _require(request, "bulletins.change_feedsource")
    services.make_sources_due()
    result = fetch_due_sources_task.enqueue()
    url = reverse("bulletins_inbox")
    if result.is_finished:  # the immediate backend ran it in this request
        messages.success(request, fetch_summary(result.return_value or {}))
        return redirect(url)
    return redirect(f"{url}?task={result.id}")


@require_GET
def task_status(request, task_id: str):
    _require(request, "bulletins.change_feeditem")
    progress = _task_progress(task_id)
    if progress is None:
        return JsonResponse({"state": "unknown", "finished": True, "text": _("This fetch is not known.")}, status=404)
    return JsonResponse(progress)


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
