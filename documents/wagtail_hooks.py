"""Admin: document fields, the register listing, the import and the "cited but missing" report;
contributions to the shared registries (roles, demo, HTML rewriting)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from campaign_site.app_registration import register_app
from campaign_site.html_rewriters import HTML_REWRITERS_HOOK, HtmlRewriter
from campaign_site.slots import SIDEBAR_SLOTS_HOOK
from documents.roles import ROLE_PERMISSIONS
from sitesearch.registry import SEARCH_KINDS_HOOK, SearchKind

from . import admin_views
from .models import DocumentField, LegalDocumentPage, Procedure


class DocumentFieldViewSet(SnippetViewSet):
    model = DocumentField
    icon = "tag"
    menu_label = _("Document fields")
    menu_order = 230
    add_to_admin_menu = False
    list_display = ["name", "slug"]
    search_fields = ["name"]


class LegalDocumentListingViewSet(PageListingViewSet):
    model = LegalDocumentPage
    icon = "doc-full-inverse"
    menu_label = _("Documents register")
    menu_order = 225
    add_to_admin_menu = True
    name = "legal_documents"


class ProcedureViewSet(SnippetViewSet):
    model = Procedure
    icon = "list-ul"
    menu_label = _("Administrative procedures")
    menu_order = 228
    add_to_admin_menu = True
    list_display = ["code", "name", "field", "level", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name"]


register_snippet(DocumentFieldViewSet)
register_snippet(ProcedureViewSet)


@hooks.register("register_admin_viewset")
def register_document_listing():
    return LegalDocumentListingViewSet()


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("documents-register/import/", admin_views.import_upload, name="documents_import"),
        path("documents-register/import/<int:pk>/apply/", admin_views.import_apply, name="documents_import_apply"),
        path("documents-register/missing/", admin_views.missing_report, name="documents_missing"),
        path("documents-register/missing/<path:key>/", admin_views.missing_pages, name="documents_missing_pages"),
    ]


class _PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class _ImportMenuItem(MenuItem):
    def is_shown(self, request):
        from .models import DocumentIndexPage

        index_page = DocumentIndexPage.objects.first()
        if index_page is None:
            return False
        permissions = index_page.permissions_for_user(request.user)
        return permissions.can_add_subpage() and permissions.can_publish_subpage()


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return _ImportMenuItem(_("Import documents"), reverse("documents_import"), icon_name="upload", order=226)


@hooks.register("register_admin_menu_item")
def register_missing_menu_item():
    return _PermissionMenuItem(
        _("Cited documents not in the register"),
        reverse("documents_missing"),
        icon_name="warning",
        order=227,
        permission="documents.view_citation",
    )


# -- contributions to shared places ---------------------------------------------------------


register_app(label="documents", role_permissions=ROLE_PERMISSIONS, demo="documents.demo.load", demo_order=55)


@hooks.register(HTML_REWRITERS_HOOK)
def link_legal_references():
    from documents.linking import link_references

    return HtmlRewriter(order=10, rewrite=link_references)


@hooks.register(SIDEBAR_SLOTS_HOOK)
def procedures_sidebar_slot(request, page):
    from documents.slots import sidebar_slots

    return sidebar_slots(request, page)


@hooks.register(SEARCH_KINDS_HOOK)
def documents_search_kinds():
    return [
        SearchKind(
            key="van-ban",
            label=pgettext_lazy("search kind", "Documents"),
            models=(LegalDocumentPage,),
            order=50,
            date=lambda page: page.issued_on,
        )
    ]
