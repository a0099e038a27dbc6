"""Site-root routes of the news app (mounted before Wagtail's page catch-all)."""

from django.urls import path
from wagtail.contrib.sitemaps.views import sitemap

from campaign_site.cache import cache_public_page
from campaign_site.sitemaps import LocalisedSitemap

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("ratings/<id:page_id>/", views.rate, name="rate"),
    path("feeds/news/rss/", cache_public_page(feeds.LatestNewsFeed()), name="rss"),
    path("feeds/news/atom/", cache_public_page(feeds.LatestNewsAtomFeed()), name="atom"),
    path("feeds/news/category/<slug:slug>/rss/", cache_public_page(feeds.CategoryFeed()), name="category_rss"),
    path("feeds/news/category/<slug:slug>/atom/", cache_public_page(feeds.CategoryAtomFeed()), name="category_atom"),
    path("feeds/news/unit/<str:code>/rss/", cache_public_page(feeds.UnitFeed()), name="unit_rss"),
    path("feeds/news/unit/<str:code>/atom/", cache_public_page(feeds.UnitAtomFeed()), name="unit_atom"),
    path("sitemap.xml", cache_public_page(sitemap), {"sitemaps": {"pages": LocalisedSitemap}}, name="sitemap"),
    path("robots.txt", cache_public_page(views.robots_txt, purge_on_publish=False), name="robots"),
]
