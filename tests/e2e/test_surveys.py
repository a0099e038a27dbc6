"""Voting in a real browser: the home page poll box (with JavaScript) and the counter kiosk."""

import re
import time

from playwright.sync_api import expect

from surveys.models import Ballot, Channel

from . import content
from .server import db_access
from .support import e2e_marks

pytestmark = e2e_marks


def test_vote_on_the_home_page_poll_then_see_the_results(site, page):
    poll = content.poll()
    page.goto("/")
    box = page.locator("form[data-poll-form]")
    expect(box.locator("legend")).to_have_text(poll.question)
    box.get_by_label("Hài lòng", exact=True).check()
    box.get_by_role("button", name="Gửi bình chọn").click()
    status = box.locator("[data-poll-status]")
    expect(status).to_contain_text("Cảm ơn, phiếu bình chọn của bạn đã được ghi nhận.")
    expect(box.get_by_role("button", name="Gửi bình chọn")).to_be_disabled()
    with db_access():
        assert list(Ballot.objects.filter(poll=poll).values_list("choice__label", "channel")) == [
            ("Hài lòng", Channel.WEB)
        ]

    status.get_by_role("link", name="Xem kết quả").click()
    expect(page.locator("h1")).to_have_text(poll.question)
    table = page.locator("table.results-table")
    row = table.locator("tbody tr").filter(has=page.get_by_role("rowheader", name="Hài lòng", exact=True))
    expect(row.locator("td").first).to_have_text("1")
    expect(row.locator("td").nth(1)).to_have_text("100%")
    expect(table.locator("tfoot td").first).to_have_text("1")
    # The chart is labelled for screen readers (rows of text that grow with the text size) and its
    # figures are in the table too.
    chart = page.get_by_role("list", name=poll.question)
    expect(chart).to_be_visible()
    satisfied = chart.locator(".bar-chart__row").filter(
        has=page.locator(".bar-chart__label", has_text=re.compile("^Hài lòng$"))
    )
    expect(satisfied).to_contain_text("100%")


def ballots_arrive(poll, count: int, *, seconds: float = 15) -> list[tuple[str, str]]:
    """The poll's ballots (label, channel) once `count` have arrived; waits on the condition."""
    deadline = time.monotonic() + seconds
    while True:
        with db_access():
            rows = list(Ballot.objects.filter(poll=poll).order_by("pk").values_list("choice__label", "channel"))
        if len(rows) >= count or time.monotonic() > deadline:
            return rows
        time.sleep(0.1)


def test_vote_on_a_kiosk_confirm_thank_and_reset_for_the_next_citizen(site, page, monkeypatch):
    from surveys.views import kiosk as kiosk_views

    monkeypatch.setattr(kiosk_views, "THANK_YOU_SECONDS", 2)  # the tablet's reset delay, shortened for the test
    poll = content.poll(unit=site.units["ward_a"])
    _kiosk, token = content.kiosk(poll, site.units["ward_a"], min_interval_seconds=0)
    page.goto(f"/kiosk/{token}/")
    body = page.locator("body")
    expect(body).to_have_attribute("data-kiosk-step", "choose")
    expect(page.locator("h1")).to_have_text(poll.question)

    page.get_by_role("button", name="Rất hài lòng").click()
    expect(body).to_have_attribute("data-kiosk-step", "confirm")
    expect(page.locator("h1")).to_have_text("Lựa chọn của bạn: Rất hài lòng")
    with db_access():
        assert not Ballot.objects.filter(poll=poll).exists()  # nothing counted before the confirmation

    page.get_by_role("button", name="Xác nhận").click()
    expect(body).to_have_attribute("data-kiosk-step", "thanks")
    expect(page.locator("h1")).to_have_text("Cảm ơn ông/bà đã đánh giá!")
    # The tablet thanks at once and sends the answer in the background (it keeps counting offline).
    assert ballots_arrive(poll, 1) == [("Rất hài lòng", Channel.KIOSK)]

    # Back to the start on its own, ready for the next citizen.
    expect(body).to_have_attribute("data-kiosk-step", "choose", timeout=6_000)
    assert re.search(rf"/kiosk/{re.escape(token)}/$", page.url)
    page.get_by_role("button", name="Không hài lòng").click()
    page.get_by_role("button", name="Xác nhận").click()
    expect(body).to_have_attribute("data-kiosk-step", "thanks")
    assert len(ballots_arrive(poll, 2)) == 2
    assert {channel for _label, channel in ballots_arrive(poll, 2)} == {Channel.KIOSK}
