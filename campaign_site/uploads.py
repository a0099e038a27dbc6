"""Documents must be what their extension says.

Wagtail already refuses extensions outside WAGTAILDOCS_EXTENSIONS and files over
WAGTAILDOCS_MAX_UPLOAD_SIZE (and checks images with Pillow against their extension). This form,
installed as WAGTAILDOCS_DOCUMENT_FORM_BASE, also reads the first bytes of each document and refuses
a file whose content does not match its extension: an HTML page or a program renamed `.pdf`, a ZIP
renamed `.docx`, a macro-enabled Office file renamed `.docx`/`.xlsx`.
"""

import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc / .xls
ZIP_MAGIC = b"PK\x03\x04"
SNIFF_BYTES = 64 * 1024
MARKUP_STARTS = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml", b"<body", b"<iframe")
OPENDOCUMENT_TYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
OOXML_FOLDERS = {"docx": "word/", "xlsx": "xl/"}


def _zip_names(file) -> list[str] | None:
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _zip_member(file, name: str, limit: int = 256) -> bytes:
    file.seek(0)
    with zipfile.ZipFile(file) as archive, archive.open(name) as member:
        return member.read(limit)


def content_matches_extension(file, extension: str) -> bool:
    """Does the file's content look like a `extension` file? Unknown extensions pass (Wagtail's
    extension list decides which are allowed at all)."""
    extension = extension.lower().lstrip(".")
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    file.seek(0)
    if extension == "pdf":
        return b"%PDF-" in head[:1024]
    if extension in {"doc", "xls"}:
        return head.startswith(OLE2_MAGIC)
    if extension in OOXML_FOLDERS:
        names = _zip_names(file) if head.startswith(ZIP_MAGIC) else None
        if not names or "[Content_Types].xml" not in names:
            return False
        folder = OOXML_FOLDERS[extension]
        has_macros = any(name.lower().endswith("vbaproject.bin") for name in names)
        return any(name.startswith(folder) for name in names) and not has_macros
    if extension in OPENDOCUMENT_TYPES:
        names = _zip_names(file) if head.startswith(ZIP_MAGIC) else None
        if not names or "mimetype" not in names:
            return False
        return _zip_member(file, "mimetype").strip() == OPENDOCUMENT_TYPES[extension]
    if extension in {"txt", "csv"}:
        if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):  # binary, unless UTF-16
            return False
        return not head.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(MARKUP_STARTS)
    return True


class SafeDocumentForm(BaseDocumentForm):
    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and "file" in self.changed_data:
            extension = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
            if not content_matches_extension(file, extension):
                raise ValidationError(
                    _("The content of this file does not match its extension .%(extension)s."),
                    code="content_mismatch",
                    params={"extension": extension},
                )
        return file
