"""Thin views: the rating endpoints and robots.txt (the rating script's CSRF token: campaign_site.views)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import decorator_from_middleware
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from campaign_site import conf as site_conf
from campaign_site.public_url import absolute_url
from campaign_site.voters import VOTER_COOKIE, BadVoterCookie, new_voter_key

from . import conf, selectors
from .context import rating_summary_text
from .models import NewsArticlePage
from .services import RatingRefused, rate_article

# --- Ratings -----------------------------------------------------------------------------------


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _refusal(request, message: str, status: int, page=None):
    if _wants_json(request):
        return JsonResponse({"ok": False, "message": message}, status=status)
    return render(request, "news/rating_form.html", {"page": page, "error": message}, status=status)


class _RatingCsrf(CsrfViewMiddleware):
    """Django's CSRF check, answering a failure in Vietnamese (and in JSON for the script)."""

    def _reject(self, request, reason):
        return _refusal(request, _("Your rating could not be checked. Reload the page and try again."), 403)


def _voter_key(request) -> tuple[str, bool]:
    try:
        key = VOTER_COOKIE.read(request)
    except BadVoterCookie:
        key = None  # a forged or expired cookie is replaced
    if key:
        return key, False
    return new_voter_key(), True


def _rating_page(page_id: int) -> NewsArticlePage:
    page = NewsArticlePage.objects.live().public().defer_streamfields().filter(pk=page_id).first()
    if page is None:
        raise Http404(_("This article is not published, so it cannot be rated."))
    return page


@csrf_exempt  # the check below replaces the middleware's, to refuse in Vietnamese
@decorator_from_middleware(_RatingCsrf)
@never_cache
@require_http_methods(["GET", "POST"])
def rate(request, page_id: int):
    """GET: the no-JavaScript rating form (never cached, so its CSRF token is fresh).
    POST: store the rating; JSON for the script, a redirect back to this form otherwise."""
    if request.method == "GET":
        try:
            page = _rating_page(page_id)
        except Http404 as error:
            return _refusal(request, str(error), 404)
        return render(
            request,
            "news/rating_form.html",
            {"page": page, "rating": selectors.rating_summary(page.pk), "chosen": request.GET.get("stars", "")},
        )
    key, is_new = _voter_key(request)
    try:
        result = rate_article(page_id=page_id, stars=request.POST.get("stars"), voter_key=key)
    except RatingRefused as refusal:
        page = NewsArticlePage.objects.live().public().defer_streamfields().filter(pk=page_id).first()
        response = _refusal(request, refusal.message, refusal.status, page)
        if refusal.status == 409 and page is not None:  # rated before: show that rating from now on
            _remember_rating(request, response, page)
        return response
    message = _("Thank you! Your rating has been recorded.")
    if _wants_json(request):
        response = JsonResponse(
            {
                "ok": True,
                "message": message,
                "stars": result.rating.stars,
                "count": result.count,
                "average": round(result.average, 1),
                "summary": rating_summary_text(result.count, result.average),
            }
        )
    else:
        messages.success(request, message)
        response = redirect("news:rate", page_id=page_id)
        response.status_code = 303
    if is_new:
        VOTER_COOKIE.set(response, key, secure=request.is_secure())
    _remember_rating(request, response, result.rating.page)
    return response


def _remember_rating(request, response, page) -> None:
    """A cookie on the article's own path: that reader's article requests pass the page cache and
    show their rating (article_context), everyone else's stay cached."""
    path = urlsplit(page.get_url(request=request) or page.url or "/").path or "/"
    response.set_cookie(
        conf.RATED_COOKIE,
        "1",
        max_age=site_conf.voter_cookie_max_age(),
        path=path,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


# --- robots.txt ----------------------------------------------------------------------------------


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /ratings/",
        "Disallow: /search/",
        f"Sitemap: {absolute_url(reverse('news:sitemap'), request)}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
