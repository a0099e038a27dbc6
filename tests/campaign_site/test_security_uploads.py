"""Uploads: documents and images of allowed types and sizes only, content matching the extension."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form
from wagtail.models import Collection

from campaign_site.uploads import SafeDocumentForm, content_matches_extension

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
DOCM = zip_bytes(
    {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>", "word/vbaProject.bin": b"\x00macro"}
)
ODT = zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})
HTML = b"<!DOCTYPE html><html><script>alert(1)</script></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100


def png_bytes(size=(20, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "PNG")
    return buffer.getvalue()


def document_form(name: str, data: bytes):
    form_class = get_document_form(get_document_model())
    return form_class(
        data={"title": "Kế hoạch", "collection": Collection.get_first_root_node().pk},
        files={"file": SimpleUploadedFile(name, data)},
    )


def test_wagtail_uses_the_safe_document_form(db):
    assert issubclass(get_document_form(get_document_model()), SafeDocumentForm)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("ke-hoach.pdf", PDF),
        ("bao-cao.docx", DOCX),
        ("so-lieu.xlsx", XLSX),
        ("van-ban.odt", ODT),
        ("cu.doc", OLE2),
        ("danh-sach.csv", "Phường,Số lượt\nTây Hồ,12\n".encode()),
        ("ghi-chu.txt", "Cải cách hành chính".encode()),
    ],
)
def test_genuine_documents_are_accepted(db, name, data):
    form = document_form(name, data)
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("ke-hoach.pdf", HTML),  # a web page renamed .pdf
        ("ke-hoach.pdf", EXE),
        ("bao-cao.docx", zip_bytes({"readme.txt": b"hi"})),  # any ZIP renamed .docx
        ("bao-cao.docx", DOCM),  # macros
        ("so-lieu.xlsx", DOCX),  # a Word file named .xlsx
        ("van-ban.odt", zip_bytes({"mimetype": b"application/zip"})),
        ("cu.doc", PDF),
        ("ghi-chu.txt", EXE),
        ("ghi-chu.txt", HTML),
    ],
)
def test_content_that_does_not_match_the_extension_is_refused(db, name, data):
    form = document_form(name, data)
    assert not form.is_valid()
    assert "không khớp với phần mở rộng" in str(form.errors["file"])


@pytest.mark.parametrize("name", ["script.html", "trang.svg", "chuong-trinh.exe", "tai-lieu.docm", "khong-duoi"])
def test_disallowed_extensions_are_refused(db, name):
    form = document_form(name, PDF)
    assert not form.is_valid()
    assert "file" in form.errors


def test_oversized_document_is_refused(db, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    form = document_form("lon.pdf", PDF + b"0" * 2048)
    assert not form.is_valid()
    assert "file" in form.errors


def test_admin_upload_view_refuses_a_disguised_file(client, make_user):
    client.force_login(make_user(superuser=True))
    response = client.post(
        "/admin/documents/add/",
        {
            "title": "Giả mạo",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile("gia.pdf", HTML),
        },
    )
    assert response.status_code == 200  # the form again, with the error
    assert "không khớp với phần mở rộng" in response.content.decode()
    assert not get_document_model().objects.exists()


def test_sniffing_leaves_the_file_readable_from_the_start():
    upload = SimpleUploadedFile("bao-cao.docx", DOCX)
    assert content_matches_extension(upload, "docx")
    assert upload.read(2) == b"PK"


# --- images: Wagtail checks them with Pillow; our settings set the types and sizes ---------------------


def image_form(name: str, data: bytes):
    form_class = get_image_form(get_image_model())
    return form_class(
        data={"title": "Ảnh", "collection": Collection.get_first_root_node().pk},
        files={"file": SimpleUploadedFile(name, data)},
    )


def test_genuine_image_is_accepted(db):
    form = image_form("anh.png", png_bytes())
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("anh.png", HTML),  # not an image at all
        ("anh.jpg", png_bytes()),  # a PNG named .jpg
        ("anh.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"),
        ("anh.bmp", png_bytes()),
    ],
)
def test_bad_images_are_refused(db, name, data):
    form = image_form(name, data)
    assert not form.is_valid()
    assert "file" in form.errors


def test_oversized_image_is_refused(db, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100
    form = image_form("anh.png", png_bytes((200, 200)))
    assert not form.is_valid()
    assert "file" in form.errors
