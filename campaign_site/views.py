"""Views the whole site shares: the health check, the contact page and the error pages."""

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


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


@require_GET
def contact(request):
    """Address, hotline, e-mail, office hours and map link, from the site settings (the shell's cached copy)."""
    return render(request, "campaign_site/contact.html")


def server_error(request):
    """The 500 page, rendered without the database or request context processors that could fail."""
    return render(request, "500.html", status=500, using=None)
