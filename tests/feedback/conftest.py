"""Citizens' feedback: the Hỏi đáp page, staff of ward A (Tây Hồ) and of the city, items in any state."""

import io

import pytest
from PIL import Image

from campaign_site.access.roles import APPROVER, INFORMATION_OFFICER, WARD_EDITOR
from feedback import services
from feedback.models import FeedbackIndexPage, Kind, ProcedureField, State

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def png_bytes(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (30, 30, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.FEEDBACK_PRIVATE_ROOT = tmp_path / "private"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings.FEEDBACK_PRIVATE_ROOT


@pytest.fixture
def mails_sent(django_capture_on_commit_callbacks):
    """with mails_sent(): ... runs the mails queued after commit (tests run inside a transaction)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def index_page(home):
    page = home.add_child(instance=FeedbackIndexPage(title="Hỏi đáp", slug="hoi-dap"))
    page.save_revision().publish()
    return page


@pytest.fixture
def staff(make_user, units, roles):
    """Every role the workflow needs, by name."""
    return {
        "officer": make_user(INFORMATION_OFFICER, units["city"], username="officer"),
        "editor_a": make_user(WARD_EDITOR, units["ward_a"], username="editor_a"),
        "editor_b": make_user(WARD_EDITOR, units["ward_b"], username="editor_b"),
        "approver_a": make_user(APPROVER, units["ward_a"], username="approver_a"),
        "approver_b": make_user(APPROVER, units["ward_b"], username="approver_b"),
        "approver_city": make_user(APPROVER, units["city"], username="approver_city"),
    }


@pytest.fixture
def make_item(units):
    counter = {"n": 0}

    def _make(*, kind=Kind.QUESTION, unit="ward_a", **fields):
        counter["n"] += 1
        values = {
            "kind": kind,
            "field": ProcedureField.CIVIL_STATUS,
            "unit": units[unit] if unit else None,
            "title": f"Hỏi về khai sinh số {counter['n']}",
            "content": "Xin hỏi thủ tục đăng ký khai sinh trực tuyến cần những giấy tờ gì ạ?",
            "name": "Nguyễn Văn An",
            "phone": "0912345678",
            "email": "an@example.vn",
            "case_code": "HS-2026-001",
            "wants_reply": True,
            "consent_contact": True,
            "consent_publish": True,
            "ip_hash": f"ip-{counter['n']}",
        }
        values.update(fields)
        item, created = services.submit_feedback(**values)
        assert created
        return item

    return _make


@pytest.fixture
def advance(staff, units):
    """advance(item, state): move an item through the real services up to `state`."""

    def _advance(item, state, *, unit="ward_a"):
        officer = staff["officer"]
        if state == State.RECEIVED:
            return item
        if state == State.SPAM:
            return services.mark_spam(item=item, user=officer)
        if state == State.DECLINED:
            return services.decline(item=item, reason="Không thuộc phạm vi thủ tục hành chính.", user=officer)
        item = services.assign(item=item, unit=units[unit], user=officer)
        if state == State.PROCESSING:
            return item
        item = services.save_answer(item=item, user=officer, answer="Câu trả lời của phường.", submit=True)
        if state == State.AWAITING_APPROVAL:
            return item
        return services.approve_answer(item=item, user=staff["approver_city"])

    return _advance
