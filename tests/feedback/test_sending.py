"""A citizen sends a question, feedback or idea through /y-kien/: what is stored, and every bad input
refused in Vietnamese with nothing half-stored."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from feedback.models import FeedbackAttachment, FeedbackEvent, FeedbackItem, Kind, State
from tests.feedback.conftest import PDF, jpeg_bytes, png_bytes

SEND = "/y-kien/"


def form_data(units, **overrides):
    data = {
        "kind": Kind.QUESTION,
        "unit": units["ward_a"].pk,
        "field": "civil_status",
        "title": "Đăng ký khai sinh trực tuyến",
        "content": "Tôi muốn đăng ký khai sinh cho con qua mạng, cần chuẩn bị những giấy tờ gì?",
        "name": "Nguyễn Văn An",
        "phone": "0912 345 678",
        "email": "an@example.vn",
        "case_code": "",
        "wants_reply": "on",
        "consent_contact": "on",
        "consent_publish": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def stored_nothing():
    return not FeedbackItem.objects.exists() and not FeedbackAttachment.objects.exists()


@pytest.mark.django_db
def test_the_form_is_in_vietnamese_and_works_without_javascript(client, home, units):
    response = client.get(SEND)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in body and 'method="post"' in body
    assert "Nghị định 13/2023/NĐ-CP" in body  # the consent text
    assert "<script" not in body.split("</header>")[-1].split("<footer")[0]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_sending_with_attachments_gives_a_tracking_code(client, home, units, _private_root, mails_sent):
    files = {
        "attachment_1": SimpleUploadedFile("giay-chung-sinh.pdf", PDF, content_type="application/pdf"),
        "attachment_2": SimpleUploadedFile("anh.png", png_bytes(), content_type="image/png"),
        "attachment_3": SimpleUploadedFile("anh2.JPG", jpeg_bytes(), content_type="image/jpeg"),
    }
    with mails_sent():
        response = client.post(SEND, {**form_data(units), **files})
    assert response.status_code == 302
    item = FeedbackItem.objects.get()
    assert response["Location"] == f"/y-kien/{item.code}/?moi=1"
    assert re.fullmatch(r"[A-Z2-9]{12}", item.code)
    assert item.state == State.RECEIVED and item.phone == "0912345678" and item.unit == units["ward_a"]
    assert item.ip_hash and "127.0.0.1" not in item.ip_hash
    assert sorted(a.original_name for a in item.attachments.all()) == ["anh.png", "anh2.JPG", "giay-chung-sinh.pdf"]
    for attachment in item.attachments.all():
        path = _private_root / attachment.file.name
        assert path.exists() and "giay" not in path.name  # stored outside MEDIA_ROOT under a random name
    assert list(FeedbackEvent.objects.values_list("action", flat=True)) == ["received"]
    # The acknowledgement went to the e-mail given, with the code.
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["an@example.vn"]
    assert item.code in mail.outbox[0].body and item.code in mail.outbox[0].subject
    page = client.get(response["Location"]).content.decode()
    assert item.code in page and "Đã tiếp nhận" in page


@pytest.mark.django_db
def test_codes_are_random_and_distinct(make_item):
    codes = {make_item().code for _ in range(30)}
    assert len(codes) == 30 and all(re.fullmatch(r"[A-Z2-9]{12}", code) for code in codes)


@pytest.mark.django_db
def test_an_idea_needs_no_unit_and_an_anonymous_sender_no_consent(client, home, units):
    data = form_data(units, kind=Kind.IDEA, unit="", name="", phone="", email="", wants_reply=None,
                     consent_contact=None, consent_publish=None)  # fmt: skip
    assert client.post(SEND, data).status_code == 302
    item = FeedbackItem.objects.get()
    assert item.unit is None and not (item.name or item.phone or item.email or item.case_code) and not mail.outbox


@pytest.mark.django_db
def test_a_double_submit_is_one_item(client, home, units, mails_sent):
    with mails_sent():
        first = client.post(SEND, form_data(units))
        second = client.post(SEND, form_data(units))
    assert FeedbackItem.objects.count() == 1
    code = FeedbackItem.objects.get().code
    assert first["Location"].startswith(f"/y-kien/{code}/") and second["Location"] == f"/y-kien/{code}/?lai=1"
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_burst_from_one_address_is_refused_and_keeps_the_text(client, home, units, settings):
    settings.FEEDBACK_SEND_LIMIT = 3
    for n in range(3):
        assert client.post(SEND, form_data(units, title=f"Câu hỏi số {n}")).status_code == 302
    response = client.post(SEND, form_data(units, title="Câu hỏi thứ tư"))
    assert response.status_code == 429 and response["Retry-After"]
    body = response.content.decode()
    assert "Quá nhiều yêu cầu" in body and "Câu hỏi thứ tư" in body  # nothing typed is lost
    assert FeedbackItem.objects.count() == 3
    # Another address is not affected.
    assert client.post(SEND, form_data(units, title="Từ nơi khác"), REMOTE_ADDR="10.0.0.9").status_code == 302


def _big_pdf(settings):
    settings.FEEDBACK_MAX_ATTACHMENT_BYTES = 1024
    return {"attachment_1": SimpleUploadedFile("to.pdf", PDF + b"0" * 2048, content_type="application/pdf")}


BAD_INPUTS = {
    # name: (form overrides or a callable(settings) -> files, field with the error, Vietnamese words expected)
    "empty title": ({"title": ""}, "title", "bắt buộc"),
    "blank title": ({"title": "   "}, "title", "bắt buộc"),
    "too long title": ({"title": "Đ" * 201}, "title", "200"),
    "empty content": ({"content": ""}, "content", "bắt buộc"),
    "too short content": ({"content": "Ngắn quá"}, "content", "ít nhất"),
    "too long content": ({"content": "Nội dung " * 600}, "content", "5000"),
    "script in content": ({"content": "Xin chào <script>alert(1)</script> cán bộ phường"}, "content", "HTML"),
    "tag in title": ({"title": "<b>Khẩn</b> cấp"}, "title", "HTML"),
    "entity in content": ({"content": "Nội dung có &lt;script&gt; được mã hóa sẵn"}, "content", "HTML"),
    "no kind": ({"kind": ""}, "kind", "bắt buộc"),
    "unknown kind": ({"kind": "rumour"}, "kind", "hợp lệ"),
    "unknown field": ({"field": "weather"}, "field", "hợp lệ"),
    "question without unit": ({"unit": ""}, "unit", "đơn vị"),
    "unknown unit": ({"unit": "999999"}, "unit", "hợp lệ"),
    "reply without contact": ({"phone": "", "email": ""}, "email", "số điện thoại hoặc"),
    "bad e-mail": ({"email": "an@"}, "email", "email"),
    "bad phone": ({"phone": "12ab"}, "phone", "số điện thoại"),
    "personal data without consent": ({"consent_contact": None}, "consent_contact", "đồng ý"),
    "bad case code": ({"case_code": "<HS>"}, "case_code", "mã hồ sơ"),
    "robot trap filled": ({"website": "http://spam.example"}, None, "không gửi được"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input_is_refused_in_vietnamese_and_nothing_is_stored(client, home, units, case):
    overrides, field, words = BAD_INPUTS[case]
    response = client.post(SEND, form_data(units, **overrides))
    assert response.status_code == 400
    form = response.context["form"]
    errors = form.errors.get(field) if field else form.non_field_errors()
    assert errors, form.errors
    assert any(words.casefold() in str(error).casefold() for error in errors), errors
    assert "Chưa gửi được" in response.content.decode()
    assert stored_nothing() and not mail.outbox


ATTACHMENTS = {
    "an executable": ("setup.exe", b"MZ\x90\x00" + b"\x00" * 100, "chỉ"),
    "a GIF": ("anh.gif", b"GIF89a" + b"\x00" * 20, "chỉ"),
    "no extension": ("giayto", PDF, "chỉ"),
    "HTML renamed .pdf": ("don.pdf", b"<html><script>alert(1)</script></html>", "không khớp"),
    "JPEG renamed .png": ("anh.png", None, "không khớp"),
    "text renamed .jpg": ("anh.jpg", b"hello world, not an image", "không khớp"),
    "truncated PNG": ("anh.png", png_bytes()[:30], "không khớp"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", ATTACHMENTS, ids=list(ATTACHMENTS))
def test_wrong_attachments_are_refused(client, home, units, case, _private_root):
    name, content, words = ATTACHMENTS[case]
    content = jpeg_bytes() if content is None else content
    files = {"attachment_2": SimpleUploadedFile(name, content)}
    response = client.post(SEND, {**form_data(units), **files})
    assert response.status_code == 400
    errors = response.context["form"].errors["attachment_2"]
    assert any(words in str(error) for error in errors), errors
    assert stored_nothing()
    assert not _private_root.exists() or not any(p.is_file() for p in _private_root.rglob("*"))


@pytest.mark.django_db
def test_an_oversized_attachment_is_refused(client, home, units, settings):
    response = client.post(SEND, {**form_data(units), **_big_pdf(settings)})
    assert response.status_code == 400
    assert "lớn hơn" in str(response.context["form"].errors["attachment_1"])
    assert stored_nothing()


@pytest.mark.django_db
def test_a_mail_failure_never_fails_the_citizen(client, home, units, settings, mails_sent):
    settings.EMAIL_BACKEND = "tests.feedback.failing_mail.Backend"
    with mails_sent() as callbacks:
        response = client.post(SEND, form_data(units))
    assert len(callbacks) == 1  # the mail was attempted, and failed
    assert response.status_code == 302 and FeedbackItem.objects.count() == 1


@pytest.mark.django_db
def test_a_storage_failure_leaves_nothing_half_stored(client, home, units, monkeypatch, _private_root):
    from feedback.models import FeedbackEvent as Event

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Event.objects, "create", broken)
    files = {"attachment_1": SimpleUploadedFile("a.pdf", PDF)}
    with pytest.raises(RuntimeError):
        client.post(SEND, {**form_data(units), **files})
    assert stored_nothing()
    assert not any(p.is_file() for p in _private_root.rglob("*"))


@pytest.mark.django_db
def test_text_is_stored_as_typed_in_nfc_and_escaped_on_output(client, home, units):
    decomposed = "Ca\u0309i ca\u0301ch tha\u0309o lu\u1eadn a < b & c > d"  # NFD accents, harmless symbols
    data = form_data(units, title="Cải cách & một cửa", content=decomposed + " cho đủ độ dài.")
    assert client.post(SEND, data).status_code == 302
    item = FeedbackItem.objects.get()
    assert item.content.startswith("Cải cách thảo luận a < b & c > d")
    body = client.get(f"/y-kien/{item.code}/").content.decode()
    assert "Cải cách &amp; một cửa" in body and "a &lt; b &amp; c &gt; d" in body
