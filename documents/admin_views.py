"""Officers' admin screens: importing a register file (upload, preview, confirm) and the report of
documents cited but not in the register."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin import messages

from documents import selectors, services
from documents.forms import ImportUploadForm
from documents.models import RegisterImport


def _require_importer(request):
    index_page = services.register_index()
    if index_page is None:
        return None
    permissions = index_page.permissions_for_user(request.user)
    if not (permissions.can_add_subpage() and permissions.can_publish_subpage()):
        raise PermissionDenied
    return index_page


@require_http_methods(["GET", "POST"])
def import_upload(request):
    index_page = _require_importer(request)
    preview = None
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if index_page is None:
        messages.error(request, _("Create the documents register page first."))
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > services.importing.MAX_BYTES:
            form.add_error("file", _("The file is larger than %(mb)s MB.") % {"mb": 2})
        else:
            preview = services.preview_import(content=upload.read(), filename=upload.name, user=request.user)
            if preview.refused_file:
                form.add_error("file", preview.refused_file)
                preview = None
    return render(request, "documents/admin/import.html", {"form": form, "preview": preview, "index_page": index_page})


@require_POST
def import_apply(request, pk: int):
    _require_importer(request)
    upload = get_object_or_404(RegisterImport, pk=pk, created_by=request.user)
    try:
        result = services.apply_import(upload=upload, user=request.user)
    except (ValidationError, DatabaseError):
        messages.error(
            request,
            _(
                "The register changed since the preview and a row no longer fits. "
                "Nothing was imported; upload the file again."
            ),
        )
        return redirect("documents_import")
    messages.success(
        request,
        _("Import done: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
        % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
    )
    return redirect("documents_import")


def missing_report(request):
    if not request.user.has_perm("documents.view_citation"):
        raise PermissionDenied
    rows = selectors.missing_references()
    return render(request, "documents/admin/missing.html", {"rows": rows})


def missing_pages(request, key: str):
    if not request.user.has_perm("documents.view_citation"):
        raise PermissionDenied
    return render(request, "documents/admin/missing_pages.html", {"key": key, "pages": selectors.pages_citing_key(key)})
