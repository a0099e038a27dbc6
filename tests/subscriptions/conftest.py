"""A real SMTP server (aiosmtpd) on 127.0.0.1 that records what it accepts and can refuse chosen
recipients, plus bulletins, subscribers and a closed port for "server down"."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import socket
import threading

import pytest
from aiosmtpd.controller import Controller

from bulletins.models import BulletinIndexPage, BulletinItem, BulletinPage, BulletinSection
from subscriptions.models import Subscriber
from subscriptions.models.subscribers import Digest, Status


class LoopbackController(Controller):
    """aiosmtpd's controller on port 0: the system picks a free port, read back before the self-check."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class Recorder:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.refuse: dict[str, str] = {}  # recipient -> SMTP reply, e.g. "550 5.1.1 No such user"
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self.messages.append(email.message_from_bytes(envelope.original_content, policy=email.policy.default))
        return "250 OK"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages if address in str(m["To"])]


@pytest.fixture
def smtp_server(settings):
    """Start aiosmtpd on 127.0.0.1:0 and point Django's SMTP backend at it; stopped after the test."""
    recorder = Recorder()
    controller = LoopbackController(recorder, hostname="127.0.0.1", port=0)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "bantin@cchc.example.vn"
    settings.SUBSCRIPTIONS_SEND_RATE = 0
    recorder.controller = controller
    yield recorder
    controller.stop()


@pytest.fixture
def closed_port() -> int:
    """A loopback port where nothing listens (connection refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_down(settings, closed_port):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port
    settings.EMAIL_TIMEOUT = 2
    settings.DEFAULT_FROM_EMAIL = "bantin@cchc.example.vn"
    settings.SUBSCRIPTIONS_SEND_RATE = 0
    return closed_port


@pytest.fixture
def bulletin_index(home) -> BulletinIndexPage:
    index = home.add_child(instance=BulletinIndexPage(title="Bản tin CCHC", slug="ban-tin"))
    index.save_revision().publish()
    return BulletinIndexPage.objects.get(pk=index.pk)


@pytest.fixture
def section(db) -> BulletinSection:
    return BulletinSection.objects.create(name="CẢI CÁCH ĐỊA PHƯƠNG", sort_order=10)


@pytest.fixture
def make_bulletin(bulletin_index, section, django_capture_on_commit_callbacks):
    """make_bulletin(day, publish=True): a bulletin with two items, published with its on-commit
    work (the mail scheduling) run as after a real commit."""

    def _make(day=dt.date(2026, 12, 5), *, publish=True) -> BulletinPage:
        page = BulletinPage(date=day, title="", slug="", live=False)
        page.items.add(
            BulletinItem(
                section=section,
                heading="Phường Tây Hồ rút ngắn thời gian giải quyết hồ sơ",
                summary="Tỷ lệ hồ sơ đúng hạn đạt 84,57%.\n\nNgười dân hài lòng hơn.",
                credit="Kinhtedothi.vn",
                original_date=day - dt.timedelta(days=1),
                source_url="https://kinhtedothi.vn/tin-1.html",
                sort_order=1,
            )
        )
        page.items.add(
            BulletinItem(
                section=None,
                heading="Đề án 06: 87,05% hồ sơ cư trú nộp trực tuyến",
                summary="8.429 trên 9.682 hồ sơ đăng ký cư trú được nộp trực tuyến.",
                credit="Baogialai.com.vn",
                original_date=day,
                author="Vĩnh Hoàng",
                sort_order=2,
            )
        )
        bulletin_index.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            with django_capture_on_commit_callbacks(execute=True):
                revision.publish()
        return BulletinPage.objects.get(pk=page.pk)

    return _make


@pytest.fixture
def make_subscriber(db):
    counter = {"n": 0}

    def _make(email=None, *, status=Status.ACTIVE, wants_bulletin=True, digest=Digest.NONE, **fields) -> Subscriber:
        counter["n"] += 1
        return Subscriber.objects.create(
            email=email or f"nguoi{counter['n']}@example.vn",
            status=status,
            wants_bulletin=wants_bulletin,
            digest=digest,
            **fields,
        )

    return _make


def links_in(message) -> list[str]:
    import re

    text = message.get_body(preferencelist=("plain",)).get_content()
    return re.findall(r"https?://\S+", text)


def header(message, name: str) -> str:
    """A header's decoded value (the parser keeps the space after the colon of a folded header)."""
    return str(message[name] or "").strip()
