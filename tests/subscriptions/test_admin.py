"""Officers' pages: counts, test send, preview, correction, bulk import with preview, export; and
nobody else sees addresses."""

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from campaign_site.access.roles import INFORMATION_OFFICER
from subscriptions.models import Subscriber
from subscriptions.models.subscribers import Origin, Status
from subscriptions.permissions import can_view_addresses

from .conftest import header

DAY = dt.date(2026, 12, 5)


@pytest.fixture
def ward_officer(make_user, units, roles):
    return make_user(INFORMATION_OFFICER, units["ward_a"], username="officer_ward")


def test_who_sees_addresses(officer, ward_officer, ward_editor, approver, screen_operator, make_user, db):
    assert can_view_addresses(officer)
    assert can_view_addresses(make_user(superuser=True))
    for user in (ward_officer, ward_editor, approver, screen_operator):
        assert not can_view_addresses(user)


ADMIN_PAGES = [
    "/admin/mail/",
    "/admin/mail/import/",
    "/admin/mail/export.csv",
    "/admin/snippets/subscriptions/subscriber/",
]


@pytest.mark.parametrize("who", ["ward_officer", "ward_editor", "approver", "screen_operator"])
def test_other_staff_are_refused_every_mail_page(client, request, who, make_bulletin, make_subscriber):
    make_subscriber("bimat@example.vn")
    bulletin = make_bulletin(DAY, publish=False)
    client.force_login(request.getfixturevalue(who))
    for url in [*ADMIN_PAGES, f"/admin/mail/issue/{bulletin.pk}/", f"/admin/mail/issue/{bulletin.pk}/preview/"]:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"bimat@example.vn" not in response.content
    assert client.post(f"/admin/mail/issue/{bulletin.pk}/", {"address": "x@example.vn"}).status_code in (302, 403)


def test_issue_page_counts_test_send_and_preview(client, officer, smtp_server, make_bulletin, make_subscriber):
    make_subscriber("a@example.vn")
    smtp_server.refuse["b@example.vn"] = "550 5.1.1 No such user"
    make_subscriber("b@example.vn")
    bulletin = make_bulletin(DAY)
    client.force_login(officer)
    listing = client.get("/admin/mail/")
    assert listing.status_code == 200 and bulletin.title in listing.content.decode()
    page = client.get(f"/admin/mail/issue/{bulletin.pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and "b@example.vn" in html and "550" in html
    assert page.context["counts"]["bulletin"] == {"sent": 1, "failed": 1}
    before = len(smtp_server.messages)
    response = client.post(f"/admin/mail/issue/{bulletin.pk}/", {"address": "thu@example.vn"})
    assert response.status_code == 302
    [test_mail] = smtp_server.to("thu@example.vn")
    assert header(test_mail, "Subject") == "[Thử] Bản tin CCHC ngày 5/12/2026"
    assert len(smtp_server.messages) == before + 1
    assert not Subscriber.objects.filter(email="thu@example.vn").exists()
    for bad in ["khong-hop-le", "a@example.vn\r\nBcc: x@example.vn"]:
        response = client.post(f"/admin/mail/issue/{bulletin.pk}/", {"address": bad})
        assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    preview = client.get(f"/admin/mail/issue/{bulletin.pk}/preview/")
    assert preview.status_code == 200 and "Phường Tây Hồ" in preview.content.decode()
    text = client.get(f"/admin/mail/issue/{bulletin.pk}/preview/?format=text")
    assert text["Content-Type"].startswith("text/plain") and "BẢN TIN" in text.content.decode()


def test_test_send_with_the_server_down_is_a_message_not_a_500(client, officer, smtp_down, make_bulletin):
    bulletin = make_bulletin(DAY, publish=False)
    client.force_login(officer)
    response = client.post(f"/admin/mail/issue/{bulletin.pk}/", {"address": "thu@example.vn"}, follow=True)
    assert response.status_code == 200
    assert "Không gửi được thư thử" in response.content.decode()


def test_correction_button_sends_once(client, officer, smtp_server, make_bulletin, make_subscriber):
    make_subscriber("a@example.vn")
    bulletin = make_bulletin(DAY)
    client.force_login(officer)
    client.post(f"/admin/mail/issue/{bulletin.pk}/correction/")
    client.post(f"/admin/mail/issue/{bulletin.pk}/correction/")
    subjects = [header(m, "Subject") for m in smtp_server.to("a@example.vn")]
    assert subjects == ["Bản tin CCHC ngày 5/12/2026", "[Đính chính] Bản tin CCHC ngày 5/12/2026"]


def test_bulk_import_previews_then_adds(client, officer, make_subscriber):
    make_subscriber("dacoroi@example.vn", origin=Origin.PUBLIC)
    client.force_login(officer)
    pasted = "\n".join(
        [
            "LanhDao.VanPhong@HaNoi.gov.vn",
            "lanhdao.vanphong@hanoi.gov.vn",
            "dacoroi@example.vn",
            "khong-phai-dia-chi",
            "a@example.vn\tb@example.vn",
            "",
            "pho.giamdoc@sonoivu.hanoi.gov.vn",
        ]
    )
    response = client.post("/admin/mail/import/", {"list_name": "Lãnh đạo", "addresses": pasted})
    preview = response.context["preview"]
    assert preview.valid == ["lanhdao.vanphong@hanoi.gov.vn", "pho.giamdoc@sonoivu.hanoi.gov.vn"]
    assert sorted(preview.duplicates) == ["dacoroi@example.vn", "lanhdao.vanphong@hanoi.gov.vn"]
    assert [line for line, _text, _reason in preview.invalid] == [4, 5]
    assert Subscriber.objects.count() == 1  # a preview writes nothing
    response = client.post(
        "/admin/mail/import/", {"step": "confirm", "list_name": "Lãnh đạo", "valid": " ".join(preview.valid)}
    )
    assert response.status_code == 302
    added = Subscriber.objects.filter(origin=Origin.INTERNAL)
    assert (
        added.count() == 2
        and {s.status for s in added} == {Status.ACTIVE}
        and {s.list_name for s in added} == {"Lãnh đạo"}
    )
    # A tampered confirm step with a bad address adds nothing.
    response = client.post(
        "/admin/mail/import/", {"step": "confirm", "list_name": "X", "valid": "ok@example.vn bad\r\n"}
    )
    assert Subscriber.objects.filter(email="ok@example.vn").count() == 0
    counts = client.get("/admin/mail/").context
    assert {"label": "Lãnh đạo", "count": 2} in counts["internal"]


def test_csv_upload_and_bad_files(client, officer):
    client.force_login(officer)
    csv_file = SimpleUploadedFile(
        "ds.csv", "Họ tên,Email\nNguyễn Văn A,a@so.hanoi.gov.vn\nTrần B,b@so\n".encode("utf-8-sig")
    )
    preview = client.post("/admin/mail/import/", {"list_name": "Sở", "csv_file": csv_file}).context["preview"]
    assert preview.valid == ["a@so.hanoi.gov.vn"] and len(preview.invalid) == 1
    latin = SimpleUploadedFile("ds.csv", "Nguyễn,a@x.vn".encode("utf-16"))
    response = client.post("/admin/mail/import/", {"list_name": "Sở", "csv_file": latin})
    assert response.status_code == 200 and "UTF-8" in response.content.decode()
    empty = client.post("/admin/mail/import/", {"list_name": "Sở", "addresses": "   "})
    assert empty.context["preview"] is None


def test_export_lists_every_address_for_officers(client, officer, make_subscriber):
    make_subscriber("a@example.vn")
    make_subscriber("b@example.vn", status=Status.UNSUBSCRIBED)
    client.force_login(officer)
    response = client.get("/admin/mail/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:2] == ["Thư điện tử", "Trạng thái"]
    assert {row[0] for row in rows[1:]} == {"a@example.vn", "b@example.vn"}
    assert "Đã huỷ đăng ký" in {row[1] for row in rows}


def test_export_never_hands_a_formula_to_a_spreadsheet(client, officer, make_subscriber):
    """An address or list name that starts like a formula is written as text (CSV injection)."""
    make_subscriber("=cmd@example.vn", list_name="+Sở Nội vụ")
    client.force_login(officer)
    rows = list(csv.reader(io.StringIO(b"".join(client.get("/admin/mail/export.csv").streaming_content).decode())))
    assert rows[1][0] == "'=cmd@example.vn" and rows[1][3] == "'+Sở Nội vụ"


def test_purge_removes_unsubscribed_after_the_grace_period(make_subscriber, settings):
    from django.utils import timezone

    from subscriptions.services import purge_unsubscribed

    settings.SUBSCRIPTIONS_PURGE_GRACE_DAYS = 30
    now = timezone.now()
    old = make_subscriber("cu@example.vn", status=Status.UNSUBSCRIBED, unsubscribed_at=now - dt.timedelta(days=31))
    recent = make_subscriber("moi@example.vn", status=Status.UNSUBSCRIBED, unsubscribed_at=now - dt.timedelta(days=2))
    active = make_subscriber("con@example.vn")
    assert purge_unsubscribed(now=now) == 1
    assert not Subscriber.objects.filter(pk=old.pk).exists()
    assert Subscriber.objects.filter(pk__in=[recent.pk, active.pk]).count() == 2


def test_the_bulletin_editor_links_to_its_mailing_for_officers_only(client, officer, ward_editor, make_bulletin):
    bulletin = make_bulletin(DAY, publish=False)
    link = f"/admin/mail/issue/{bulletin.pk}/"
    client.force_login(officer)
    assert link in client.get(f"/admin/pages/{bulletin.pk}/edit/").content.decode()
    client.force_login(ward_editor)
    assert link not in client.get(f"/admin/pages/{bulletin.pk}/edit/").content.decode()
