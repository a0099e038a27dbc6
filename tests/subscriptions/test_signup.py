"""Double opt-in through the public pages, with the confirmation mail delivered by a real SMTP server."""

import pytest
from django.test import Client

from subscriptions import tokens
from subscriptions.models import Subscriber
from subscriptions.models.subscribers import Status

from .conftest import links_in

SUBSCRIBE = "/nhan-tin/"


def sign_up(client, capture, email="ban.doc@example.vn", **extra):
    data = {"email": email, "wants_bulletin": "on", "digest": "", **extra}
    with capture(execute=True):
        return client.post(SUBSCRIBE, data)


def test_sign_up_sends_a_confirmation_link_and_nothing_else(
    client, smtp_server, home, django_capture_on_commit_callbacks
):
    response = sign_up(client, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "Kiểm tra hộp thư" in response.content.decode()
    subscriber = Subscriber.objects.get(email="ban.doc@example.vn")
    assert subscriber.status == Status.PENDING
    [message] = smtp_server.to("ban.doc@example.vn")
    assert message["Subject"].strip() == "Vui lòng xác nhận đăng ký nhận tin"
    assert message.get_body(preferencelist=("html",)) is not None
    [confirm_link] = [link for link in links_in(message) if "/xac-nhan/" in link]

    # Opening the link (a mail scanner would) only shows a button.
    path = confirm_link.split("testserver", 1)[1]
    assert client.get(path).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Status.PENDING
    response = Client(enforce_csrf_checks=False).post(path)
    assert response.status_code == 200
    assert "Đã xác nhận đăng ký" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Status.ACTIVE and subscriber.confirmed_at


def test_an_active_address_keeps_its_choices_and_gets_its_manage_link(
    client, smtp_server, home, make_subscriber, django_capture_on_commit_callbacks
):
    subscriber = make_subscriber("da.dang.ky@example.vn", wants_bulletin=True)
    response = sign_up(
        client, django_capture_on_commit_callbacks, email="Da.Dang.Ky@Example.VN", wants_bulletin="", digest="weekly"
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.wants_bulletin is True and subscriber.digest == ""  # unchanged without the link
    [message] = smtp_server.to("da.dang.ky@example.vn")
    assert any("/quan-ly/" in link for link in links_in(message))


BAD_ADDRESSES = [
    "",
    "   ",
    "khong-phai-dia-chi",
    "a@",
    "@example.vn",
    "a@b",
    "hai@example.vn,ba@example.vn",
    "hai@example.vn; ba@example.vn",
    "Nguyễn Văn A <a@example.vn>",
    "a@example.vn\r\nBcc: nan.nhan@example.vn",
    "a@example.vn\nSubject: spam",
    "a@example.vn\x00",
    "a\u2028@example.vn",
    "x" * 250 + "@example.vn",
    '"a b"@example.vn',
]


@pytest.mark.parametrize("address", BAD_ADDRESSES)
def test_bad_addresses_are_refused_in_vietnamese_and_nothing_is_stored(
    client, smtp_server, home, address, django_capture_on_commit_callbacks
):
    response = sign_up(client, django_capture_on_commit_callbacks, email=address)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'role="alert"' in body
    assert any(word in body for word in ("địa chỉ", "Địa chỉ", "thư điện tử"))
    assert Subscriber.objects.count() == 0
    assert smtp_server.messages == []


def test_choosing_nothing_is_refused(client, smtp_server, home, django_capture_on_commit_callbacks):
    response = sign_up(client, django_capture_on_commit_callbacks, wants_bulletin="", digest="")
    assert response.status_code == 400
    assert Subscriber.objects.count() == 0


@pytest.mark.parametrize("digest", ["monthly", "<script>", "daily\r\n"])
def test_unknown_digest_is_refused(client, smtp_server, home, digest, django_capture_on_commit_callbacks):
    assert sign_up(client, django_capture_on_commit_callbacks, digest=digest).status_code == 400
    assert Subscriber.objects.count() == 0


def test_the_honeypot_field_stores_nothing(client, smtp_server, home, django_capture_on_commit_callbacks):
    response = sign_up(client, django_capture_on_commit_callbacks, website="http://spam.example")
    assert response.status_code == 200
    assert Subscriber.objects.count() == 0 and smtp_server.messages == []


def test_confirmation_mails_are_capped_per_address_per_day(
    client, smtp_server, home, settings, django_capture_on_commit_callbacks
):
    settings.SUBSCRIPTIONS_CONFIRMATIONS_PER_DAY = 3
    statuses = [sign_up(client, django_capture_on_commit_callbacks).status_code for _ in range(6)]
    assert statuses == [200, 200, 200, 429, 429, 429]
    assert len(smtp_server.to("ban.doc@example.vn")) == 3
    assert "ngày mai" in sign_up(client, django_capture_on_commit_callbacks).content.decode()


def test_a_flood_from_one_ip_is_refused(client, smtp_server, home, settings, django_capture_on_commit_callbacks):
    settings.SUBSCRIPTIONS_SIGNUPS_PER_IP_HOUR = 5
    statuses = [
        sign_up(client, django_capture_on_commit_callbacks, email=f"nguoi{n}@example.vn").status_code for n in range(9)
    ]
    assert statuses == [200] * 5 + [429] * 4
    assert Subscriber.objects.count() == 5
    assert len(smtp_server.messages) == 5
    # Another address (another client) is not affected.
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert sign_up(other, django_capture_on_commit_callbacks, email="khac@example.vn").status_code == 200


def test_sign_up_with_the_mail_server_down_still_answers(client, smtp_down, home, django_capture_on_commit_callbacks):
    response = sign_up(client, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert Subscriber.objects.filter(email="ban.doc@example.vn", status=Status.PENDING).exists()


def test_the_subscribe_page_works_without_javascript(client, home):
    response = client.get(SUBSCRIBE)
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        'method="post"' in html
        and 'name="email"' in html
        and "<script" not in html.split("<main", 1)[1].split("</main>")[0]
    )
    assert response["Cache-Control"].startswith("max-age=0")


def tamper(token: str) -> list[str]:
    return [
        token[:-1] + ("A" if token[-1] != "A" else "B"),
        "A" + token[1:],
        token.split(":")[0],
        "khong-hop-le",
        token + "x",
    ]


@pytest.mark.parametrize(
    "route,purpose", [("xac-nhan", tokens.CONFIRM), ("quan-ly", tokens.MANAGE), ("huy", tokens.MANAGE)]
)
def test_tampered_links_are_refused(client, home, make_subscriber, route, purpose):
    subscriber = make_subscriber(status=Status.PENDING if purpose == tokens.CONFIRM else Status.ACTIVE)
    good = tokens.make_token(subscriber, purpose)
    for bad in tamper(good):
        for method in (client.get, client.post):
            response = method(f"/nhan-tin/{route}/{bad}/")
            assert response.status_code in (400, 404), bad
            if response.status_code == 400:
                assert "liên kết" in response.content.decode().lower()
    subscriber.refresh_from_db()
    assert subscriber.status in (Status.PENDING, Status.ACTIVE)


def test_a_link_for_one_purpose_does_not_work_for_another(client, home, make_subscriber):
    subscriber = make_subscriber(status=Status.PENDING)
    confirm_token = tokens.make_token(subscriber, tokens.CONFIRM)
    assert client.post(f"/nhan-tin/huy/{confirm_token}/").status_code == 400
    manage_token = tokens.make_token(subscriber, tokens.MANAGE)
    assert client.post(f"/nhan-tin/xac-nhan/{manage_token}/").status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Status.PENDING


@pytest.mark.parametrize(
    "route,purpose,setting",
    [
        ("xac-nhan", tokens.CONFIRM, "SUBSCRIPTIONS_CONFIRM_MAX_AGE"),
        ("quan-ly", tokens.MANAGE, "SUBSCRIPTIONS_LINK_MAX_AGE"),
        ("huy", tokens.MANAGE, "SUBSCRIPTIONS_LINK_MAX_AGE"),
    ],
)
def test_expired_links_are_refused(client, home, make_subscriber, settings, route, purpose, setting):
    subscriber = make_subscriber(status=Status.PENDING)
    token = tokens.make_token(subscriber, purpose)
    setattr(settings, setting, -1)  # every signature is older than -1 seconds
    response = client.post(f"/nhan-tin/{route}/{token}/")
    assert response.status_code == 400
    assert "hết hạn" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Status.PENDING


def test_links_from_before_an_unsubscribe_die_on_resubscribing(
    client, smtp_server, home, make_subscriber, django_capture_on_commit_callbacks
):
    subscriber = make_subscriber("quay.lai@example.vn", status=Status.UNSUBSCRIBED)
    old = tokens.make_token(subscriber, tokens.MANAGE)
    sign_up(client, django_capture_on_commit_callbacks, email="quay.lai@example.vn")
    assert client.get(f"/nhan-tin/quan-ly/{old}/").status_code == 400
