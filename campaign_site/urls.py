from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import pgettext_lazy
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from campaign_site import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("healthz/ready", views.healthz_ready, name="healthz_ready"),
    path("csrf/", views.csrf_token, name="csrf"),
    path("django-admin/", admin.site.urls),
    path(  # before Wagtail's own: it raises on the tree root
        "admin/pages/<id:page_to_move_id>/set_position/",
        require_admin_access(views.set_page_position),
        name="wagtailadmin_pages_set_page_position_guarded",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("sitesearch.urls")),
    path("", include("news.urls")),
    path("", include("bulletins.urls")),
    path("", include("surveys.urls")),
    path("", include("plans.urls")),
    path("", include("screens.urls")),
    path("nhan-tin/", include("subscriptions.urls")),
    path("", include("feedback.urls")),
]

if getattr(settings, "METRICS_ENABLED", False):
    from django_prometheus.exports import ExportToDjangoView

    urlpatterns.insert(0, path("metrics", ExportToDjangoView, name="prometheus-django-metrics"))

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif getattr(settings, "SERVE_MEDIA", False):  # `make run` without debugging: uploads still show
    from django.views.static import serve

    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]

# Pages and the contact page in every content language: Vietnamese at / with the addresses it always
# had, English under /en/ (campaign_site.middleware.PathLanguageMiddleware picks the language).
urlpatterns += i18n_patterns(
    path(pgettext_lazy("address of the contact page", "contact/"), views.contact, name="contact"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler500 = "campaign_site.views.server_error"
