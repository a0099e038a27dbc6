"""A citizen on a phone subscribes from the footer, confirms from the e-mail (delivered by a real
SMTP server on loopback), and receives the next bulletin; a city officer sees the issue's mailing."""

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from wagtail.models import Site

from campaign_site.access.roles import INFORMATION_OFFICER
from subscriptions.models import MailSettings, Subscriber
from subscriptions.models.subscribers import Status
from tests.subscriptions.conftest import LoopbackController, Recorder, header

from . import content
from .server import db_access
from .support import admin_login, assert_accessible, e2e_marks

pytestmark = e2e_marks
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
SHOTS = Path("/tmp/e2e-shots/subscriptions")


@pytest.fixture
def smtp(settings):
    recorder = Recorder()
    controller = LoopbackController(recorder, hostname="127.0.0.1", port=0)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.SUBSCRIPTIONS_SEND_RATE = 0
    yield recorder
    controller.stop()


def test_citizen_subscribes_on_a_phone_confirms_and_receives_the_bulletin(site, smtp, new_page, make_user, live_server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = new_page(**PHONE)
    page.goto("/")
    footer = page.locator("footer")
    footer.get_by_label("Địa chỉ thư điện tử của bạn").fill("nguoidan.tayho@example.vn")
    footer.screenshot(path=str(SHOTS / "footer-form.png"))
    footer.get_by_role("button", name="Đăng ký").click()
    expect(page.get_by_role("heading", name="Kiểm tra hộp thư")).to_be_visible()
    page.screenshot(path=str(SHOTS / "check-mailbox.png"), full_page=True)
    # axe-core is injected as a script: its own page lets the CSP stand on the one above.
    audit = new_page(**PHONE, bypass_csp=True)
    audit.goto("/nhan-tin/")
    audit.screenshot(path=str(SHOTS / "subscribe-page.png"), full_page=True)
    assert_accessible(audit, "the subscribe page")

    [mail] = smtp.to("nguoidan.tayho@example.vn")
    text = mail.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"http://\S+/nhan-tin/xac-nhan/\S+/", text).group(0)
    page.goto("/nhan-tin/" + link.split("/nhan-tin/", 1)[1])
    page.screenshot(path=str(SHOTS / "confirm.png"), full_page=True)
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_role("heading", name="Đã xác nhận đăng ký")).to_be_visible()
    with db_access():
        assert Subscriber.objects.get(email="nguoidan.tayho@example.vn").status == Status.ACTIVE

    with db_access():
        # Sent as soon as it is published (the default 07:30 would hold it back before dawn).
        mail_settings = MailSettings.for_site(Site.objects.get(is_default_site=True))
        mail_settings.bulletin_send_time = dt.time(0, 0)
        mail_settings.save()
        bulletin = content.published_bulletin(
            site.home, [("Hà Nội cắt giảm 30% thủ tục hành chính cấp phường", "Tóm tắt.")]
        )
    # Published outside a request here: the mail goes out in the periodic round.
    from subscriptions.delivery import send_due_mail

    with db_access():
        send_due_mail()
    issues = [m for m in smtp.to("nguoidan.tayho@example.vn") if header(m, "Subject").startswith("Bản tin CCHC")]
    assert len(issues) == 1
    html = issues[0].get_body(preferencelist=("html",)).get_content()
    mail_page = new_page(**PHONE)
    mail_page.set_content(html)
    mail_page.screenshot(path=str(SHOTS / "bulletin-mail-phone.png"), full_page=True)

    # The manage page from the mail, then the officer's view of the issue.
    manage = re.search(r"/nhan-tin/quan-ly/\S+/", issues[0].get_body(preferencelist=("plain",)).get_content()).group(0)
    page.goto(manage)
    page.screenshot(path=str(SHOTS / "manage.png"), full_page=True)
    audit.goto(manage)
    assert_accessible(audit, "the manage page")

    officer = make_user(INFORMATION_OFFICER, site.units["city"], username="canbo.thongtin")
    admin = new_page(viewport={"width": 1280, "height": 900})
    admin_login(admin, officer.username)
    admin.goto(f"/admin/mail/issue/{bulletin.pk}/")
    expect(admin.get_by_role("button", name="Gửi thử")).to_be_visible()
    admin.screenshot(path=str(SHOTS / "admin-issue.png"), full_page=True)
