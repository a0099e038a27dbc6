"""Public pages under /y-kien/: send, follow a tracking code, read and support ideas.

Plain Django views rather than Wagtail pages: each answer depends on the visitor (a form, a code,
a cookie) and must never enter the page cache. The published answers are Wagtail pages (the "Hỏi
đáp" index and its children, see feedback.models.pages), so the site search and the page cache
handle them like every other page.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from campaign_site.voters import VOTER_COOKIE, BadVoterCookie, new_voter_key, voter_hash
from feedback import conf, selectors, services
from feedback.forms import CONSENT_TEXT, CodeLookupForm, FeedbackForm
from feedback.models import FeedbackIndexPage, FeedbackItem
from feedback.security import CONTENT_TYPES, ip_digest, may_look_up, may_send

IDEAS_PER_PAGE = 10


def _private(response):
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    response["X-Robots-Tag"] = "noindex"
    return response


def _too_many(request, template, context):
    context["error"] = _(
        "Too many requests from your connection. Please wait %(minutes)s minutes and try again; what you typed is kept."
    ) % {"minutes": max(1, conf.rate_window() // 60)}
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(conf.rate_window())
    return _private(response)


@require_http_methods(["GET", "POST"])
def send(request):
    context = {
        "index_page": FeedbackIndexPage.objects.live().first(),
        "max_mb": conf.max_attachment_bytes() // (1024 * 1024),
        "consent_text": CONSENT_TEXT,
    }
    if request.method == "GET":
        context["form"] = FeedbackForm(initial={"kind": request.GET.get("loai", "")})
        return _private(render(request, "feedback/send.html", context))
    form = FeedbackForm(request.POST, request.FILES)
    context["form"] = form
    if not may_send(request):
        return _too_many(request, "feedback/send.html", context)
    if not form.is_valid():
        return _private(render(request, "feedback/send.html", context, status=400))
    data = form.cleaned_data
    item, created = services.submit_feedback(
        kind=data["kind"], field=data["field"], unit=data.get("unit"), title=data["title"],
        content=data["content"], name=data["name"], phone=data["phone"], email=data["email"],
        case_code=data["case_code"], wants_reply=data["wants_reply"], consent_contact=data["consent_contact"],
        consent_publish=data["consent_publish"], ip_hash=ip_digest(request),
        uploads=[services.Upload(file=f, content_type=CONTENT_TYPES[f.name.rsplit(".", 1)[-1].lower()])
                 for f in form.uploads()],
    )  # fmt: skip
    return redirect(reverse("feedback:status", args=[item.code]) + ("?moi=1" if created else "?lai=1"))


def lookup(request):
    form = CodeLookupForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("feedback:status", code=form.cleaned_data["code"])
    return _private(render(request, "feedback/lookup.html", {"form": form}))


def status(request, code: str):
    if not may_look_up(request):
        return _too_many(request, "feedback/lookup.html", {"form": CodeLookupForm(initial={"code": code})})
    item = selectors.item_by_code(code)
    if item is None:
        raise Http404  # the same answer for every unknown code: no hint about which exist
    answered = item.duplicate_of if item.duplicate_of_id else item
    context = {
        "item": item,
        "answered": answered,
        "is_new": "moi" in request.GET,
        "is_repeat": "lai" in request.GET,
        "answer_page": getattr(answered, "answer_page", None),
    }
    return _private(render(request, "feedback/status.html", context))


def _voter_key(request):
    try:
        return VOTER_COOKIE.read(request), False
    except BadVoterCookie:
        return None, True


def ideas(request):
    key, _bad = _voter_key(request)
    page = Paginator(selectors.public_ideas(), IDEAS_PER_PAGE).get_page(request.GET.get("trang"))
    supported = selectors.supported_ids(voter_hash(key) if key else None, [idea.pk for idea in page.object_list])
    context = {
        "ideas": page,
        "supported": supported,
        "notice": request.GET.get("ket-qua", ""),
        "notice_id": request.GET.get("y", ""),
    }
    response = render(request, "feedback/ideas.html", context)
    if key is None:
        VOTER_COOKIE.set(response, new_voter_key(), secure=request.is_secure())
    return _private(response)


@require_POST
def support(request, pk: int):
    item = get_object_or_404(FeedbackItem, pk=pk)
    if not services.is_public_idea(item):
        raise Http404
    back = reverse("feedback:ideas")
    key, bad = _voter_key(request)
    if bad:
        response = redirect(f"{back}?ket-qua=cookie&y={pk}#y-tuong-{pk}")
        response.delete_cookie(VOTER_COOKIE.name)
        return response
    if not may_send(request):
        return redirect(f"{back}?ket-qua=qua-nhieu&y={pk}#y-tuong-{pk}")
    key = key or new_voter_key()
    created = services.support_idea(item=item, voter_hash=voter_hash(key))
    response = redirect(f"{back}?ket-qua={'da-ung-ho' if created else 'roi'}&y={pk}#y-tuong-{pk}")
    VOTER_COOKIE.set(response, key, secure=request.is_secure())
    return response
