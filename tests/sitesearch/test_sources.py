"""Press items of published bulletins and the text of attached documents are searchable."""

import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from docx import Document as DocxDocument
from wagtail.documents import get_document_model

from documents.models import DocumentFile
from sitesearch.extraction import read_text
from sitesearch.models import DocumentText
from tests.bulletins.test_pages import make_bulletin

ITEMS = [
    ("local", "Phường Hàng Bạc số hóa hồ sơ hộ tịch", "Kinhtedothi.vn", dt.date(2024, 3, 21), "", ""),
    ("field", "Kiosk tra cứu thủ tục đặt tại nhà văn hóa", "Hanoimoi.com.vn", dt.date(2024, 3, 22), "", ""),
]


def test_a_press_item_of_a_published_bulletin_is_found_at_its_anchor(client, bulletin_index, sections):
    page = make_bulletin(bulletin_index, sections, items=ITEMS)
    make_bulletin(bulletin_index, sections, day=dt.date(2024, 3, 25), publish=False, items=ITEMS)
    response = client.get("/search/", {"q": "kiosk tra cuu"})
    hits = response.context["results"].object_list
    assert [hit.page.pk for hit in hits] == [page.pk]  # the unpublished bulletin is not listed
    assert hits[0].kind == "Bản tin"
    assert hits[0].url.endswith(f"{page.url}#tin-2")  # the second item, numbered as the page does
    assert hits[0].date == dt.date(2024, 3, 22)
    assert "<mark>Kiosk</mark> <mark>tra</mark> <mark>cứu</mark>" in response.content.decode()
    assert client.get("/search/", {"q": "ho tich"}).context["results"].object_list[0].url.endswith("#tin-1")


def _pdf(text: str) -> bytes:
    """A one-page PDF whose page shows `text` (ASCII) in Helvetica."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _docx(text: str) -> bytes:
    document = DocxDocument()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _attach(page, name: str, content: bytes):
    document = get_document_model().objects.create(title=name, file=ContentFile(content, name=name))
    page.files.add(DocumentFile(document=document))
    page.save_revision().publish()
    return document


@pytest.fixture
def legal(make_document):
    return make_document("15/2025/QĐ-UBND", summary="Quy định về tiếp công dân")


def test_the_text_of_an_attached_pdf_is_found(client, legal):
    _attach(legal, "toan-van.pdf", _pdf("Dieu 4. Lich tiep dan dinh ky vao thu Nam hang tuan"))
    response = client.get("/search/", {"q": "lịch tiếp dân định kỳ"})
    hits = response.context["results"].object_list
    assert [hit.page.pk for hit in hits] == [legal.pk]
    assert hits[0].kind == "Văn bản" and hits[0].date == dt.date(2018, 4, 23)


def test_the_text_of_an_attached_docx_is_found(client, legal):
    _attach(legal, "phu-luc.docx", _docx("Phụ lục: mẫu phiếu đánh giá mức độ hài lòng"))
    found = client.get("/search/", {"q": "phieu danh gia muc do hai long"}).context["results"].object_list
    assert [hit.page.pk for hit in found] == [legal.pk]


@pytest.mark.parametrize(
    "name, content",
    [
        ("hong.pdf", b"%PDF-1.4 not really a pdf"),
        ("hong.docx", b"PK\x03\x04 broken"),
        ("scan.pdf", b""),
        ("bang.xlsx", b"x"),
    ],
)
def test_an_unreadable_file_leaves_the_page_found_by_its_title(client, legal, name, content):
    document = _attach(legal, name, content)
    assert read_text(document) == ""
    assert DocumentText.objects.get(document=document).text == ""
    found = client.get("/search/", {"q": "tiep cong dan"}).context["results"].object_list
    assert [hit.page.pk for hit in found] == [legal.pk]
