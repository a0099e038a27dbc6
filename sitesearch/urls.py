"""Site-root routes of search (mounted before Wagtail's page catch-all)."""

from django.urls import path

from . import views

app_name = "sitesearch"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("search/suggest/", views.suggestions, name="suggest"),
]
