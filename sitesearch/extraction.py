"""Text of uploaded documents (PDF with pypdf, DOCX with python-docx), for search.

A file that cannot be read (scanned PDF, damaged or encrypted file, another format) gives "" and
its page is found by title and metadata only: reading never raises. The text is kept per document
and file hash (DocumentText), so a page is reindexed without reading its file again.
"""

from __future__ import annotations

import logging
import os

from .models import DocumentText

logger = logging.getLogger(__name__)
MAX_CHARS = 200_000
MAX_PAGES = 200


def _pdf(handle) -> str:
    from pypdf import PdfReader

    reader = PdfReader(handle)
    if reader.is_encrypted:
        return ""
    parts, size = [], 0
    for page in reader.pages[:MAX_PAGES]:
        text = page.extract_text() or ""
        parts.append(text)
        size += len(text)
        if size > MAX_CHARS:
            break
    return " ".join(parts)


def _docx(handle) -> str:
    from docx import Document

    document = Document(handle)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return " ".join(parts)


READERS = {".pdf": _pdf, ".docx": _docx}


def read_text(document) -> str:
    """The document's text, at most MAX_CHARS, "" when it cannot be read."""
    reader = READERS.get(os.path.splitext(document.file.name or "")[1].lower())
    if reader is None:
        return ""
    try:
        with document.open_file() as handle:
            return " ".join(reader(handle).split())[:MAX_CHARS]
    except Exception:
        logger.info("search: could not read the text of document %s", document.pk, exc_info=True)
        return ""


def document_text(document) -> str:
    """The kept text of `document`, read again only when its file changed."""
    try:
        file_hash = document.get_file_hash() if document.file else ""
    except OSError:  # the file is gone from storage: title only
        return ""
    kept = DocumentText.objects.filter(document=document).first()
    if kept is not None and kept.file_hash == file_hash:
        return kept.text
    text = read_text(document)
    DocumentText.objects.update_or_create(document=document, defaults={"file_hash": file_hash, "text": text})
    return text
