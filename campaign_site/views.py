"""Views the whole site shares: the health check, the CSRF token of cached pages, the contact page and the
error pages."""

from django.db import DatabaseError, connection
from django.http import Http404, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from campaign_site import health
from campaign_site.voters import VOTER_COOKIE, BadVoterCookie, new_voter_key


@never_cache
@require_GET
def healthz(request):
    """200 {"status": "ok"} when the database answers a query, 503 with the reason otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return JsonResponse(
            {"status": "error", "reason": "database unavailable", "detail": error.__class__.__name__},
            status=503,
        )
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def healthz_ready(request):
    """Readiness for monitoring (campaign_site/health.py): 200 when everything needed to serve and to
    do background work answers, 503 with the failing check otherwise. JSON either way."""
    report = health.readiness()
    return JsonResponse(
        {"status": report.status, "checks": report.checks}, status=503 if report.status == health.FAILING else 200
    )


@never_cache
@require_GET
def csrf_token(request):
    """{"csrfToken": …}: a fresh token for the forms on cached pages (ratings, polls), which carry
    none. It also gives the browser its voter cookie; a forged or expired one is deleted (the vote
    endpoints tell the citizen), never silently replaced here."""
    response = JsonResponse({"csrfToken": get_token(request)})
    try:
        key = VOTER_COOKIE.read(request)
    except BadVoterCookie:
        response.delete_cookie(VOTER_COOKIE.name)
    else:
        if key is None:
            VOTER_COOKIE.set(response, new_voter_key(), secure=request.is_secure())
    return response


def set_page_position(request, page_to_move_id: int):
    """Wagtail's page reordering view, except for a page without a parent (the tree's root), on
    which Wagtail's own view raises AttributeError (a 500) instead of refusing."""
    from wagtail.admin.views.pages.ordering import set_page_position as wagtail_set_page_position
    from wagtail.models import Page

    if not Page.objects.filter(pk=page_to_move_id, depth__gt=1).exists():
        raise Http404
    return wagtail_set_page_position(request, page_to_move_id)


@require_GET
def contact(request):
    """Address, hotline, e-mail, office hours and map link, from the site settings (the shell's cached
    copy), in Vietnamese at /thong-tin-lien-he/ and English at /en/contact/; apps add boxes (the
    organisation's units and one-stop office) through CONTACT_SLOTS_HOOK."""
    from django.conf import settings

    from campaign_site.slots import contact_slots
    from campaign_site.translations import path_alternates

    return render(
        request,
        "campaign_site/contact.html",
        {
            "language_alternates": path_alternates(request),
            "slots": contact_slots(request, None),
            # The site settings' free text (office hours) is written in the site's language only.
            "in_site_language": request.LANGUAGE_CODE == settings.LANGUAGE_CODE,
        },
    )


def server_error(request):
    """The 500 page, rendered without the database or request context processors that could fail."""
    return render(request, "500.html", status=500, using=None)
