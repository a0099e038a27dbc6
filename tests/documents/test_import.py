"""Importing the register from CSV and XLSX: the preview (created, updated, unchanged, refused rows
with reasons), one transaction, idempotent on the number and symbol, and every bad input."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from documents import importing, services
from documents.models import LegalDocumentPage, RegisterImport

pytestmark = pytest.mark.django_db

HEADER = "Số ký hiệu,Loại,Cơ quan ban hành,Ngày ban hành,Ngày hiệu lực,Tình trạng,Lĩnh vực,Trích yếu\n"
GOOD = (
    HEADER
    + "61/2018/NĐ-CP,Nghị định,Chính phủ,23/4/2018,21/6/2018,Còn hiệu lực,Cải cách hành chính,Về cơ chế một cửa\n"
    + "06/QĐ-TTg,Quyết định,Thủ tướng Chính phủ,06/01/2022,,,Chuyển đổi số,Phê duyệt Đề án 06\n"
)


def csv_bytes(text: str) -> bytes:
    return text.encode("utf-8")


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def importer(officer, register, fields):
    return officer


def test_preview_writes_nothing_then_apply_creates_published_pages(importer):
    preview = services.preview_import(content=csv_bytes(GOOD), filename="van-ban.csv", user=importer)
    assert preview.counts == {"create": 2, "update": 0, "unchanged": 0, "refuse": 0}
    assert LegalDocumentPage.objects.count() == 0
    result = services.apply_import(upload=preview.upload, user=importer)
    assert (result.created, result.updated) == (2, 0)
    decree = LegalDocumentPage.objects.get(number_key="61/2018/nd-cp")
    assert decree.live and decree.title == "Nghị định số 61/2018/NĐ-CP"
    assert decree.effective_on == dt.date(2018, 6, 21) and decree.field.slug == "cai-cach-hanh-chinh"
    assert not RegisterImport.objects.exists()


def test_import_is_idempotent_and_updates_on_number(importer):
    services.apply_import(
        upload=services.preview_import(content=csv_bytes(GOOD), filename="a.csv", user=importer).upload, user=importer
    )
    again = services.preview_import(content=csv_bytes(GOOD), filename="a.csv", user=importer)
    assert again.counts == {"create": 0, "update": 0, "unchanged": 2, "refuse": 0}
    assert not again.can_apply
    changed = GOOD.replace("Còn hiệu lực", "Hết hiệu lực").replace("61/2018/NĐ-CP", "số 61/2018/nd-cp")
    preview = services.preview_import(content=csv_bytes(changed), filename="a.csv", user=importer)
    assert preview.counts["update"] == 1
    services.apply_import(upload=preview.upload, user=importer)
    assert LegalDocumentPage.objects.count() == 2
    assert LegalDocumentPage.objects.get(number_key="61/2018/nd-cp").status == "expired"


def test_xlsx_import_reads_values_and_dates(importer):
    content = xlsx_bytes(
        [
            ["Số ký hiệu", "Loại", "Cơ quan ban hành", "Ngày ban hành", "Trích yếu"],
            ["61/2018/NĐ-CP", "Nghị định", "Chính phủ", dt.datetime(2018, 4, 23), "Về cơ chế một cửa"],
        ]
    )
    preview = services.preview_import(content=content, filename="VAN-BAN.XLSX", user=importer)
    assert preview.counts["create"] == 1
    services.apply_import(upload=preview.upload, user=importer)
    assert LegalDocumentPage.objects.get().issued_on == dt.date(2018, 4, 23)


BAD_ROWS = [
    ("61/2018,Nghị định,Chính phủ,23/4/2018,,,,Trích yếu", "không đúng dạng"),
    ("61/2018/NĐ-CP,Sắc lệnh,Chính phủ,23/4/2018,,,,Trích yếu", "Loại văn bản"),
    ("61/2018/NĐ-CP,Nghị định,Chính phủ,31/2/2018,,,,Trích yếu", "Ngày ban hành"),
    ("61/2018/NĐ-CP,Nghị định,Chính phủ,hôm qua,,,,Trích yếu", "Ngày ban hành"),
    ("61/2018/NĐ-CP,Nghị định,Chính phủ,23/4/2018,1/1/2018,,,Trích yếu", "trước ngày ban hành"),
    ("61/2018/NĐ-CP,Nghị định,Chính phủ,23/4/2018,32/13/2018,,,Trích yếu", "Ngày hiệu lực"),
    ("61/2018/NĐ-CP,Nghị định,Chính phủ,23/4/2018,,Tạm dừng,,Trích yếu", "Tình trạng"),
    ("61/2018/NĐ-CP,Nghị định,Chính phủ,23/4/2018,,,Thiên văn,Trích yếu", "Lĩnh vực"),
    ("61/2018/NĐ-CP,Nghị định,,23/4/2018,,,,Trích yếu", "cơ quan ban hành"),
    ("61/2018/NĐ-CP,Nghị định,Chính phủ,23/4/2018,,,,", "trích yếu"),
    ('61/2018/NĐ-CP,Nghị định,Chính phủ,23/4/2018,,,,=HYPERLINK("http://x")', "công thức"),
    ("61/2018/NĐ-CP,Nghị định,Chính phủ,23/4/2018,,,,+1+1", "công thức"),
    ("61/2018/NĐ-CP,Nghị định,Chính phủ,23/4/2018,,,,-2+3", "công thức"),
    ("61/2018/NĐ-CP,Nghị định,@SUM(A1),23/4/2018,,,,Trích yếu", "công thức"),
    ("61/2018/NĐ-CP,Nghị định,Chính phủ,23/4/2018,,,," + "x" * 3000, "quá dài"),
]


@pytest.mark.parametrize(("row", "reason"), BAD_ROWS)
def test_bad_row_is_refused_with_a_vietnamese_reason_and_good_rows_still_import(importer, row, reason):
    text = HEADER + row + "\n" + "06/QĐ-TTg,Quyết định,Thủ tướng Chính phủ,6/1/2022,,,,Đề án 06\n"
    preview = services.preview_import(content=csv_bytes(text), filename="a.csv", user=importer)
    refused = [r for r in preview.rows if r.action == "refuse"]
    assert [r.line for r in refused] == [2]
    assert reason.lower() in " ".join(refused[0].reasons).lower()
    services.apply_import(upload=preview.upload, user=importer)
    assert list(LegalDocumentPage.objects.values_list("number_key", flat=True)) == ["6/qd-ttg"]


def test_duplicate_numbers_in_one_file_in_any_spelling(importer):
    text = (
        HEADER
        + "61/2018/NĐ-CP,Nghị định,Chính phủ,23/4/2018,,,,A\n"
        + "số 61/2018/nd-cp,Nghị định,Chính phủ,23/4/2018,,,,B\n"
    )
    preview = services.preview_import(content=csv_bytes(text), filename="a.csv", user=importer)
    assert [row.action for row in preview.rows] == ["create", "refuse"]
    assert "dòng 2" in preview.rows[1].reasons[0]


def test_xlsx_formulas_are_never_evaluated(importer):
    content = xlsx_bytes(
        [
            ["Số ký hiệu", "Loại", "Cơ quan ban hành", "Ngày ban hành", "Trích yếu"],
            ["61/2018/NĐ-CP", "Nghị định", "Chính phủ", "23/4/2018", '=WEBSERVICE("http://127.0.0.1/")'],
            ["06/QĐ-TTg", "Quyết định", "Thủ tướng", "=TODAY()", "Đề án 06"],
        ]
    )
    preview = services.preview_import(content=content, filename="a.xlsx", user=importer)
    assert [row.action for row in preview.rows] == ["refuse", "refuse"]
    assert all("công thức" in row.reasons[0] for row in preview.rows)


@pytest.mark.parametrize(
    ("content", "filename", "reason"),
    [
        (b"", "a.csv", "trống"),
        (csv_bytes("Tên,Ngày\nA,B\n"), "a.csv", "thiếu các cột"),
        (csv_bytes(HEADER.replace("Trích yếu", "Ghi chú")), "a.csv", "thiếu các cột"),
        (csv_bytes(HEADER.strip() + ",Ghi chú\n"), "a.csv", "không được hỗ trợ"),
        (csv_bytes("Số ký hiệu,Số ký hiệu,Loại,Cơ quan ban hành,Ngày ban hành,Trích yếu\n"), "a.csv", "hai lần"),
        (csv_bytes(HEADER), "a.csv", "không có dữ liệu"),
        ("Sô ký hiêu,Loài\n".encode("latin-1"), "a.csv", "UTF-8"),  # a legacy 8-bit file
        (b"\x00\x01not a zip", "a.xlsx", "Không đọc được bảng tính"),
        (b"%PDF-1.4", "a.pdf", ".csv hoặc .xlsx"),
        (b"x" * (importing.MAX_BYTES + 1), "a.csv", "lớn hơn"),
        (
            csv_bytes(HEADER + "61/2018/NĐ-CP,Nghị định,Chính phủ,23/4/2018,,,,A\n" * (importing.MAX_ROWS + 1)),
            "a.csv",
            "nhiều hơn",
        ),
    ],
)
def test_unreadable_files_are_refused_whole(importer, content, filename, reason):
    preview = services.preview_import(content=content, filename=filename, user=importer)
    assert preview.upload is None and not preview.rows
    assert reason.lower() in preview.refused_file.lower()
    assert not RegisterImport.objects.exists()


def test_zip_bomb_is_refused(importer):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (importing.MAX_UNZIPPED_BYTES + 1))
    preview = services.preview_import(content=buffer.getvalue(), filename="a.xlsx", user=importer)
    assert "giải nén" in preview.refused_file


def test_nothing_is_half_imported_when_a_row_fails_at_apply(importer, make_document):
    preview = services.preview_import(content=csv_bytes(GOOD), filename="a.csv", user=importer)
    # Between preview and confirmation the stored rows go bad (a date the database refuses).
    upload = preview.upload
    upload.rows[1]["effective_on"] = "2000-01-01"
    upload.save()
    with pytest.raises(Exception):  # noqa: B017 - the admin view turns it into a message
        services.apply_import(upload=upload, user=importer)
    assert LegalDocumentPage.objects.count() == 0


def test_ward_editor_may_not_import(ward_editor, register):
    with pytest.raises(services.PermissionDenied):
        services.preview_import(content=csv_bytes(GOOD), filename="a.csv", user=ward_editor)


def test_admin_upload_preview_and_confirm(client, importer):
    client.force_login(importer)
    url = reverse("documents_import")
    assert client.get(url).status_code == 200
    response = client.post(url, {"file": SimpleUploadedFile("a.csv", csv_bytes(GOOD + "x,y,z,1/1/2020,,,,t\n"))})
    html = response.content.decode()
    assert response.status_code == 200
    assert "sẽ tạo mới" in html and "bị từ chối" in html and "Loại văn bản" in html
    upload = RegisterImport.objects.get()
    response = client.post(reverse("documents_import_apply", args=[upload.pk]))
    assert response.status_code == 302
    assert LegalDocumentPage.objects.count() == 2
    # Applying the same upload twice: it is gone, nothing happens.
    assert client.post(reverse("documents_import_apply", args=[upload.pk])).status_code == 404


def test_admin_bad_file_is_explained(client, importer):
    client.force_login(importer)
    response = client.post(reverse("documents_import"), {"file": SimpleUploadedFile("a.txt", b"hello")})
    assert response.status_code == 200
    assert "Hãy tải lên tệp .csv hoặc .xlsx." in response.content.decode()


def test_admin_apply_of_an_upload_that_went_bad_shows_a_message(client, importer):
    preview = services.preview_import(content=csv_bytes(GOOD), filename="a.csv", user=importer)
    preview.upload.rows[0]["effective_on"] = "2000-01-01"
    preview.upload.save()
    client.force_login(importer)
    response = client.post(reverse("documents_import_apply", args=[preview.upload.pk]), follow=True)
    assert "Chưa có dòng nào được nhập" in response.content.decode()
    assert LegalDocumentPage.objects.count() == 0


def test_import_takes_a_free_slug_when_one_is_taken(importer, make_document):
    make_document("61/2018/TT-BTC", kind="thong-tu", slug="61-2018-nd-cp")  # typed by hand with that slug
    preview = services.preview_import(content=csv_bytes(GOOD), filename="a.csv", user=importer)
    services.apply_import(upload=preview.upload, user=importer)
    assert LegalDocumentPage.objects.get(number_key="61/2018/nd-cp").slug == "61-2018-nd-cp-2"
