"""Actions on the register: importing a file (preview, then apply in one transaction) and recording
the legal references that published pages cite."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import transaction
from django.utils.html import strip_tags
from django.utils.text import slugify
from wagtail.search import index

from campaign_site.text import nfc
from documents import importing
from documents.models import Citation, DocumentIndexPage, DocumentKind, LegalDocumentPage, RegisterImport
from documents.references import find_references

# The fields an import row sets (compared to tell "updated" from "unchanged").
ROW_FIELDS = ("kind", "number_symbol", "issuer", "signer", "issued_on", "effective_on", "status", "field_id", "summary")
ABANDONED_AFTER = dt.timedelta(days=1)


@dataclass
class PreviewRow:
    line: int
    number_symbol: str
    action: str  # "create", "update", "unchanged", "refuse"
    reasons: list[str] = field(default_factory=list)


@dataclass
class ImportPreview:
    upload: RegisterImport | None
    rows: list[PreviewRow]
    refused_file: str = ""

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {action: self.count(action) for action in ("create", "update", "unchanged", "refuse")}

    @property
    def can_apply(self) -> bool:
        return self.upload is not None and (self.count("create") + self.count("update")) > 0


def _may_import(user, index_page) -> bool:
    permissions = index_page.permissions_for_user(user)
    return permissions.can_add_subpage() and permissions.can_publish_subpage()


def register_index() -> DocumentIndexPage | None:
    return DocumentIndexPage.objects.first()


def _plan(checked: list[importing.CheckedRow]) -> list[PreviewRow]:
    keys = [row.number_key for row in checked if row.ok]
    existing = {page.number_key: page for page in LegalDocumentPage.objects.filter(number_key__in=keys)}
    rows = []
    for row in checked:
        if not row.ok:
            rows.append(PreviewRow(row.line, row.number_symbol, "refuse", row.errors))
            continue
        page = existing.get(row.number_key)
        if page is None:
            rows.append(PreviewRow(row.line, row.number_symbol, "create"))
        elif _differs(page, row.values):
            rows.append(PreviewRow(row.line, row.number_symbol, "update"))
        else:
            rows.append(PreviewRow(row.line, row.number_symbol, "unchanged"))
    return rows


def _value(page, name):
    value = getattr(page, name)
    return value.isoformat() if isinstance(value, dt.date) else value


def _differs(page, values: dict) -> bool:
    return any(_value(page, name) != values[name] for name in ROW_FIELDS) or not page.live


def preview_import(*, content: bytes, filename: str, user) -> ImportPreview:
    """Read and check the file; keep its accepted rows for `apply_import`. Nothing is written to the
    register. A file that cannot be read at all comes back with `refused_file` set."""
    index_page = register_index()
    if index_page is None or not _may_import(user, index_page):
        raise PermissionDenied
    try:
        checked = importing.check_rows(importing.read_table(content=content, filename=filename))
    except importing.FileRefused as error:
        return ImportPreview(upload=None, rows=[], refused_file=str(error))
    rows = _plan(checked)
    with transaction.atomic():
        RegisterImport.objects.filter(created_at__lt=_now() - ABANDONED_AFTER).delete()
        upload = RegisterImport.objects.create(
            created_by=user,
            filename=filename[:255],
            rows=[{"line": row.line, "key": row.number_key, **row.values} for row in checked if row.ok],
        )
    return ImportPreview(upload=upload, rows=rows)


def _now():
    from django.utils import timezone

    return timezone.now()


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@transaction.atomic
def apply_import(*, upload: RegisterImport, user) -> ImportResult:
    """Create or update (on the number and symbol) every accepted row, publishing each page, all in one
    transaction: an error on any row leaves the register as it was. Running it twice changes nothing."""
    index_page = register_index()
    if index_page is None or not _may_import(user, index_page):
        raise PermissionDenied
    upload = RegisterImport.objects.select_for_update().get(pk=upload.pk)
    result = ImportResult()
    keys = [row["key"] for row in upload.rows]
    existing = {page.number_key: page for page in LegalDocumentPage.objects.filter(number_key__in=keys)}
    for row in upload.rows:
        values = {name: row[name] for name in ROW_FIELDS}
        values["issued_on"] = dt.date.fromisoformat(values["issued_on"])
        if values["effective_on"]:
            values["effective_on"] = dt.date.fromisoformat(values["effective_on"])
        page = existing.get(row["key"])
        if page is None:
            page = LegalDocumentPage(
                title=document_title(values["kind"], values["number_symbol"]), slug=_free_slug(index_page, row["key"])
            )
            _set(page, values)
            index_page.add_child(instance=page)
            result.created += 1
        elif _differs(page, row):
            _set(page, values)
            result.updated += 1
        else:
            result.unchanged += 1
            continue
        page.full_clean()
        page.save_revision(user=user, log_action=True).publish(user=user)
    upload.delete()
    return result


def _set(page: LegalDocumentPage, values: dict) -> None:
    for name, value in values.items():
        setattr(page, name, value)
    page.number_key = ""  # recomputed from number_symbol by clean()/save()


def _free_slug(index_page, key: str) -> str:
    """'61-2018-nd-cp', or with a suffix when an entry typed by hand already took it."""
    base = slugify(key.replace("/", "-"))[:240] or "van-ban"
    taken = set(index_page.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def document_title(kind: str, number_symbol: str) -> str:
    """'Nghị định số 61/2018/NĐ-CP' (the type as Vietnamese readers name it)."""
    from django.utils.translation import override

    with override("vi"):
        label = str(DocumentKind(kind).label)
    return f"{label} số {number_symbol}"


# --- citations ---------------------------------------------------------------------------------


def _texts(obj, search_fields):
    """The text of a model's indexed fields (model fields only: properties such as folded copies
    repeat them), following related fields (a bulletin's items)."""
    for search_field in search_fields:
        if isinstance(search_field, index.RelatedFields):
            value = search_field.get_value(obj)
            items = value.all() if hasattr(value, "all") else ([value] if value is not None else [])
            for item in items:
                yield from _texts(item, search_field.fields)
            continue
        if not isinstance(search_field, index.SearchField):
            continue
        try:
            search_field.get_field(type(obj))
        except FieldDoesNotExist:  # a property (e.g. a folded copy): its text is in the fields
            continue
        value = search_field.get_value(obj)  # StreamField and rich text: already their searchable text
        for part in value if isinstance(value, (list, tuple)) else [value]:
            if part not in (None, ""):
                yield strip_tags(str(part))


@transaction.atomic
def record_citations(*, page) -> dict[str, int]:
    """Record the references `page` cites (key -> occurrences), replacing what it cited before."""
    specific = page.specific
    own_key = getattr(specific, "number_key", "")
    counts: Counter[str] = Counter()
    texts: dict[str, str] = {}
    for text in _texts(specific, type(specific).get_search_fields()):
        for ref in find_references(nfc(text)):
            if ref.key == own_key:
                continue
            counts[ref.key] += 1
            texts.setdefault(ref.key, ref.text[:200])
    Citation.objects.filter(page_id=page.pk).exclude(number_key__in=list(counts)).delete()
    for key, occurrences in counts.items():
        Citation.objects.update_or_create(
            page_id=page.pk, number_key=key, defaults={"text": texts[key], "occurrences": occurrences}
        )
    return dict(counts)


def record_all_citations() -> int:
    """Record the citations of every live page (after an upgrade, or when the parser learns a shape);
    returns how many pages cite at least one document."""
    from wagtail.models import Page

    citing = 0
    for page in Page.objects.live().specific().iterator(chunk_size=200):
        if record_citations(page=page):
            citing += 1
    return citing


# --- procedures ----------------------------------------------------------------------------------


@transaction.atomic
def import_procedures(*, content: bytes, filename: str, apply: bool) -> ImportPreview:
    """Check a procedure list and (with `apply`) create or update every accepted row on its code, in one
    transaction. Refused rows are reported and left out; `refused_file` explains a file not read at all."""
    from documents import procedure_import
    from documents.models import Procedure

    try:
        checked = procedure_import.check_rows(importing.read_table(content=content, filename=filename))
    except importing.FileRefused as error:
        return ImportPreview(upload=None, rows=[], refused_file=str(error))
    existing = {p.code: p for p in Procedure.objects.filter(code__in=[row.number_key for row in checked if row.ok])}
    rows = []
    for row in checked:
        if not row.ok:
            rows.append(PreviewRow(row.line, row.number_symbol, "refuse", row.errors))
            continue
        procedure = existing.get(row.number_key)
        if procedure is None:
            action = "create"
        elif any(getattr(procedure, name) != value for name, value in row.values.items()) or not procedure.is_active:
            action = "update"
        else:
            action = "unchanged"
        rows.append(PreviewRow(row.line, row.number_symbol, action))
        if apply and action != "unchanged":
            Procedure.objects.update_or_create(code=row.number_key, defaults={**row.values, "is_active": True})
    return ImportPreview(upload=None, rows=rows)
