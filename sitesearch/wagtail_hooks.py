"""Admin wiring of search: the synonyms snippet, the officers' report, role permissions, the demo,
and the "page" kind of the site's shared pages (campaign_site's, which cannot know about search)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from campaign_site.app_registration import register_app
from campaign_site.models import GlossaryPage, StandardPage
from sitesearch.roles import ROLE_PERMISSIONS

from . import admin_views
from .models import Synonym
from .registry import SEARCH_KINDS_HOOK, SearchKind


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = _("Search synonyms")
    menu_order = 320
    add_to_admin_menu = True
    list_display = ["term", "equivalents"]
    search_fields = ["term", "equivalents"]


register_snippet(SynonymViewSet)


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.REPORT_PERMISSION)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("search-report/", admin_views.SearchReportView.as_view(), name="sitesearch_report")]


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return ReportMenuItem(_("Search report"), reverse("sitesearch_report"), icon_name="search", order=900)


@hooks.register(SEARCH_KINDS_HOOK)
def shared_page_kinds():
    return [
        SearchKind(
            key="trang", label=pgettext_lazy("search kind", "Pages"), models=(StandardPage, GlossaryPage), order=90
        )
    ]


register_app(label="sitesearch", role_permissions=ROLE_PERMISSIONS, demo="sitesearch.demo.load", demo_order=95)
