"""Officer tools in the Wagtail admin: poll snippets, exports, comment moderation, kiosk tokens."""

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from campaign_site.access.roles import SCREEN_OPERATOR
from surveys.models import Ballot, CommentStatus, Kiosk, Poll, hash_token
from surveys.services import cast_ballot

pytestmark = pytest.mark.django_db
TOKEN = r'class="kiosk-url">http://testserver/kiosk/([^/<]+)/</code>'


@pytest.fixture
def voted(poll, units):
    choices = list(poll.choices.all())
    cast_ballot(poll=poll, choice=choices[0], channel="web", voter_key="a", ip="1.1.1.1", unit=units["ward_a"],
                comment="=HYPERLINK(\"http://x\")")  # fmt: skip
    cast_ballot(poll=poll, choice=choices[2], channel="web", voter_key="b", ip="1.1.1.1", unit=units["ward_b"])
    cast_ballot(poll=poll, choice=choices[1], channel="web", voter_key="c", ip="1.1.1.1")
    return poll


def export_url(poll, kind, fmt):
    return reverse("surveys_admin:export", args=[poll.pk, kind, fmt])


def assert_denied(response):
    """Wagtail turns PermissionDenied in admin views into a redirect to the dashboard with a message."""
    assert (response.status_code, response.get("Location")) in {(403, None), (302, "/admin/")}
    assert "Content-Disposition" not in response


def read_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_officer_exports_ballots_as_csv(client, officer, voted):
    client.force_login(officer)
    response = client.get(export_url(voted, "ballots", "csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = read_csv(response)
    assert rows[0][:3] == ["Phiếu", "Thời gian", "Câu trả lời"]
    assert len(rows) == 4
    assert {row[5] for row in rows[1:]} == {"Phường Tây Hồ", "Phường Ba Đình", ""}
    assert rows[1][7] == '\'=HYPERLINK("http://x")'  # no formula runs in a spreadsheet
    body = "".join(",".join(row) for row in rows)
    for ballot in Ballot.objects.all():
        assert ballot.voter_hash not in body and ballot.ip_hash not in body


def test_officer_exports_ballots_and_counts_as_xlsx(client, officer, voted):
    client.force_login(officer)
    for kind, expected_rows in (("ballots", 4), ("counts", 4)):
        response = client.get(export_url(voted, kind, "xlsx"))
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert len(rows) == expected_rows
    assert rows[0] == ("Ngày", "Câu trả lời", "Tính là hài lòng", "Kênh", "Đơn vị", "Số phiếu")
    assert sum(row[5] for row in rows[1:]) == 3


def test_xlsx_cells_are_real_dates_and_numbers_in_vietnamese_formats(client, officer, voted):
    import datetime as dt

    client.force_login(officer)
    ballots = load_workbook(io.BytesIO(client.get(export_url(voted, "ballots", "xlsx")).content)).active
    first = ballots[2]
    ballot = Ballot.objects.order_by("pk").first()
    assert first[0].value == ballot.pk and first[0].data_type == "n" and first[0].number_format == "#,##0"
    local = timezone.localtime(ballot.created_at).replace(tzinfo=None)
    assert isinstance(first[1].value, dt.datetime) and first[1].data_type == "d"
    assert abs(first[1].value - local) < dt.timedelta(milliseconds=1)  # local wall-clock time, not UTC
    assert first[1].number_format == "hh:mm d/m/yyyy"
    assert ballots["A1"].font.bold and ballots.freeze_panes == "A2"
    assert first[7].value == '\'=HYPERLINK("http://x")'  # text stays text, and never a formula
    counts = load_workbook(io.BytesIO(client.get(export_url(voted, "counts", "xlsx")).content)).active
    day_cell, votes_cell = counts[2][0], counts[2][5]
    assert day_cell.value == dt.datetime.combine(timezone.localdate(), dt.time.min)  # a date cell (midnight)
    assert day_cell.data_type == "d" and day_cell.number_format == "d/m/yyyy"
    assert isinstance(votes_cell.value, int) and votes_cell.number_format == "#,##0"


def test_csv_writes_dates_in_the_site_style(client, officer, voted):
    client.force_login(officer)
    ballots = read_csv(client.get(export_url(voted, "ballots", "csv")))
    local = timezone.localtime(Ballot.objects.order_by("pk").first().created_at)
    assert ballots[1][1] == f"{local:%H:%M} {local.day}/{local.month}/{local.year}"
    counts = read_csv(client.get(export_url(voted, "counts", "csv")))
    today = timezone.localdate()
    assert counts[1][0] == f"{today.day}/{today.month}/{today.year}"


def test_counts_csv(client, officer, voted):
    client.force_login(officer)
    rows = read_csv(client.get(export_url(voted, "counts", "csv")))
    assert sum(int(row[5]) for row in rows[1:]) == 3


def test_exports_are_permission_checked(client, make_user, voted, roles):
    assert client.get(export_url(voted, "ballots", "csv")).status_code == 302  # to the login page
    client.force_login(make_user(SCREEN_OPERATOR))
    assert_denied(client.get(export_url(voted, "ballots", "csv")))
    assert_denied(client.get(export_url(voted, "counts", "xlsx")))


def test_ward_editor_exports_only_their_unit(client, ward_editor, voted):
    client.force_login(ward_editor)
    rows = read_csv(client.get(export_url(voted, "ballots", "csv")))
    assert [row[5] for row in rows[1:]] == ["Phường Tây Hồ"]


def test_unknown_export_kind_is_404(client, officer, voted):
    client.force_login(officer)
    assert client.get(export_url(voted, "voters", "csv")).status_code == 404
    assert client.get(export_url(voted, "ballots", "pdf")).status_code == 404


def test_comment_moderation(client, approver, voted, make_user):
    url = reverse("surveys_admin:comments")
    ballot = Ballot.objects.exclude(comment="").get()
    client.force_login(make_user(SCREEN_OPERATOR))
    assert_denied(client.get(url))
    assert_denied(client.post(url, {"ballot": ballot.pk, "action": "approve"}))
    ballot.refresh_from_db()
    assert ballot.comment_status == CommentStatus.PENDING
    client.force_login(approver)
    assert "HYPERLINK" in client.get(url).content.decode()
    assert client.post(url, {"ballot": ballot.pk, "action": "approve"}).status_code == 302
    ballot.refresh_from_db()
    assert ballot.comment_status == CommentStatus.APPROVED
    assert "HYPERLINK" not in client.get(url).content.decode()
    assert client.post(url, {"ballot": ballot.pk, "action": "delete"}).status_code == 404
    client.post(url, {"ballot": ballot.pk, "action": "reject"})
    ballot.refresh_from_db()
    assert ballot.comment_status == CommentStatus.REJECTED


def test_poll_snippet_with_ordered_choices(client, officer, units):
    client.force_login(officer)
    now = timezone.localtime()
    data = {
        "question": "Đánh giá thái độ phục vụ",
        "description": "",
        "unit": units["ward_a"].pk,
        "opens_at": now.strftime("%Y-%m-%d %H:%M"),
        "closes_at": "",
        "results_visibility": "after_vote",
        "allow_comment": "on",
        "plan_task": "",
        "choices-TOTAL_FORMS": "3",
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "2",
        "choices-MAX_NUM_FORMS": "1000",
    }
    for i, (label, positive) in enumerate((("Rất hài lòng", True), ("Hài lòng", True), ("Không hài lòng", False))):
        data.update({f"choices-{i}-label": label, f"choices-{i}-ORDER": str(i + 1), f"choices-{i}-id": "",
                     f"choices-{i}-DELETE": ""})  # fmt: skip
        if positive:
            data[f"choices-{i}-is_positive"] = "on"
    response = client.post(reverse("wagtailsnippets_surveys_poll:add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    poll = Poll.objects.get()
    assert [(c.label, c.is_positive) for c in poll.choices.all()] == [
        ("Rất hài lòng", True), ("Hài lòng", True), ("Không hài lòng", False)]  # fmt: skip
    listing = client.get(reverse("wagtailsnippets_surveys_poll:list")).content.decode()
    assert export_url(poll, "ballots", "xlsx") in listing


def test_new_kiosk_shows_its_address_once(client, officer, poll, units):
    client.force_login(officer)
    response = client.post(
        reverse("wagtailsnippets_surveys_kiosk:add"),
        {"name": "Quầy 2", "unit": units["ward_a"].pk, "poll": poll.pk, "min_interval_seconds": 10, "idle_seconds": 60},
    )
    assert response.status_code == 200
    token = re.search(TOKEN, response.content.decode()).group(1)
    kiosk = Kiosk.objects.get()
    assert kiosk.token_hash == hash_token(token)
    assert client.get(reverse("surveys:kiosk", args=[token])).status_code == 200
    # The token page does not show it again; it offers a new one and revocation.
    page = client.get(reverse("surveys_admin:kiosk_token", args=[kiosk.pk])).content.decode()
    assert token not in page
    new = client.post(reverse("surveys_admin:kiosk_token", args=[kiosk.pk])).content.decode()
    new_token = re.search(TOKEN, new).group(1)
    assert client.get(reverse("surveys:kiosk", args=[token])).status_code == 404
    client.post(reverse("surveys_admin:kiosk_revoke", args=[kiosk.pk]))
    assert client.get(reverse("surveys:kiosk", args=[new_token])).status_code == 403


def test_kiosk_token_views_need_permission(client, make_user, poll, units, roles):
    kiosk = Kiosk.objects.create(name="Quầy 3", unit=units["ward_a"], poll=poll)
    client.force_login(make_user(SCREEN_OPERATOR))
    assert_denied(client.post(reverse("surveys_admin:kiosk_token", args=[kiosk.pk])))
    assert_denied(client.post(reverse("surveys_admin:kiosk_revoke", args=[kiosk.pk])))
    kiosk.refresh_from_db()
    assert kiosk.token_hash is None and kiosk.revoked_at is None


def test_a_choice_with_votes_cannot_be_removed_in_the_editor(client, officer, voted):
    client.force_login(officer)
    choices = list(voted.choices.all())
    now = timezone.localtime(voted.opens_at)
    data = {
        "question": voted.question,
        "description": "",
        "unit": "",
        "opens_at": now.strftime("%Y-%m-%d %H:%M"),
        "closes_at": "",
        "results_visibility": voted.results_visibility,
        "allow_comment": "on",
        "plan_task": "",
        "choices-TOTAL_FORMS": "3",
        "choices-INITIAL_FORMS": "3",
        "choices-MIN_NUM_FORMS": "2",
        "choices-MAX_NUM_FORMS": "1000",
    }
    for i, choice in enumerate(choices):
        data.update({f"choices-{i}-label": choice.label, f"choices-{i}-ORDER": str(i + 1),
                     f"choices-{i}-id": str(choice.pk), f"choices-{i}-DELETE": "on" if i == 2 else ""})  # fmt: skip
    response = client.post(reverse("wagtailsnippets_surveys_poll:edit", args=[voted.pk]), data)
    assert response.status_code == 200
    assert "Không thể xóa lựa chọn đã có phiếu" in response.content.decode()
    assert voted.choices.count() == 3 and Ballot.objects.filter(poll=voted).count() == 3
