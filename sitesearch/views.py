"""/search/ (the results page) and /search/suggest/ (JSON suggestions while typing)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from campaign_site import counters
from campaign_site.security import client_ip_hash
from campaign_site.text import format_number

from . import conf, didyoumean, querylog, suggest
from .engine import DATE_RANGES, SORT_NEWEST, Search, filters_from
from .promotions import promoted_for
from .query import MAX_QUERY_LENGTH, parse

PARAMS = ("q", "loai", "thoi-gian", "tu-ngay", "den-ngay", "sap-xep")


def _link(params: dict, **changes) -> str:
    merged = {k: v for k, v in params.items() if v}
    merged.update(changes)
    merged.pop("page", None)
    return "?" + urlencode({k: v for k, v in merged.items() if v})


@require_GET
def search(request):
    raw = request.GET.get("q", "")
    query = parse(raw)
    filters = filters_from(request.GET)
    params = {name: request.GET.get(name, "")[:MAX_QUERY_LENGTH] for name in PARAMS}
    params["q"] = query.text
    engine = Search(query, filters)
    page_obj = Paginator(engine, conf.per_page()).get_page(request.GET.get("page"))
    page_obj.object_list = engine.hits(list(page_obj.object_list), request)
    counts = engine.counts()
    suggestion = None
    if not query.is_empty:
        if request.GET.get("page", "1") in ("", "1"):  # a search, not a further page of one
            querylog.record(query.text, counts.total)
        if counts.total < conf.did_you_mean_below():
            suggestion = didyoumean.suggestion(query)
    range_labels = {"7-ngay": _("Last 7 days"), "30-ngay": _("Last 30 days"), "12-thang": _("Last 12 months")}
    context = {
        "search_query": query.text,
        "query": query,
        "results": page_obj,
        "counts": counts,
        "total_display": format_number(counts.total),
        "too_short": bool(query.text) and query.is_empty,
        "suggestion": suggestion,
        "suggestion_url": "?" + urlencode({"q": suggestion}) if suggestion else "",
        "promoted": promoted_for(query) if not query.is_empty and page_obj.number == 1 else [],
        "filters": filters,
        "kind_links": [
            {
                "label": kind.label,
                "count": n,
                "count_label": _count_label(n, kind.key in counts.more_kinds),
                "url": _link(params, loai=kind.key),
                "current": filters.kind == kind,
            }
            for kind, n in counts.kinds
            if n or filters.kind == kind
        ],
        "all_kinds_url": _link(params, loai=""),
        "range_links": [
            {
                "label": range_labels[key],
                "count": n,
                "count_label": _count_label(n, key in counts.more_ranges),
                "url": _link(params, **{"thoi-gian": key}),
                "current": filters.since == key,
            }
            for key, n in counts.ranges
        ],
        "all_dates_url": _link(params, **{"thoi-gian": "", "tu-ngay": "", "den-ngay": ""}),
        "sort_links": [
            {
                "label": _("Most relevant"),
                "url": _link(params, **{"sap-xep": ""}),
                "current": filters.sort != SORT_NEWEST,
            },
            {
                "label": pgettext("search sort", "Newest"),
                "url": _link(params, **{"sap-xep": SORT_NEWEST}),
                "current": filters.sort == SORT_NEWEST,
            },
        ],
        "page_links": _page_links(page_obj, params),
        "params": params,
        "date_ranges": DATE_RANGES,
    }
    return render(request, "sitesearch/results.html", context)


def _count_label(n: int, more: bool) -> str:
    """A filter's count: "1.000", or "1.000+" when the count stopped there."""
    if more:
        return pgettext("search filter count", "%(count)s+") % {"count": format_number(n)}
    return format_number(n)


def _page_links(page_obj, params) -> list[dict]:
    if page_obj.paginator.num_pages <= 1:
        return []
    links = []
    for number in page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1):
        if number == page_obj.paginator.ELLIPSIS:
            links.append({"label": "…"})
        else:
            links.append(
                {"label": number, "url": _link(params) + f"&page={number}", "current": number == page_obj.number}
            )
    return links


@require_GET
def suggestions(request):
    """JSON: {"suggestions": [{label, url, kind}]}. Refuses over-long input; rate-limited per visitor."""
    text = request.GET.get("q", "")
    if len(text) > suggest.MAX_CHARS:
        return JsonResponse({"error": _("The text is too long.")}, status=400)
    limit, window = conf.suggest_rate_limit()
    counted = counters.hit(f"sitesearch:suggest:{client_ip_hash(request)}", window=window)
    if counted.over(limit):
        response = JsonResponse({"error": _("Too many requests. Please wait a moment.")}, status=429)
        response["Retry-After"] = str(counted.retry_after)
        return response
    response = JsonResponse({"suggestions": suggest.suggestions(text)})
    response["Cache-Control"] = "private, max-age=60"
    return response
