"""Receipt QR links: signed and expiring, they open the kiosk's question on the citizen's phone bound to
the case; one answer per case, whichever channel (the kiosk or the phone) comes first."""

import json
import re
import uuid

import pytest
from django.core import signing
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from surveys.kiosk.receipts import SALT, read_receipt, sign_receipt
from surveys.models import Ballot, Channel, SurveySubmission
from surveys.services import Refused

from .conftest import stored

pytestmark = pytest.mark.django_db


@pytest.fixture
def poll_kiosk(make_kiosk, poll):
    return make_kiosk(poll=poll, ask_case_code=True)


def link(kiosk, code="HS-2026/0042"):
    return reverse("surveys:receipt", args=[sign_receipt(kiosk=kiosk, case_code=code)])


def form_fields(html):
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def test_a_receipt_is_answered_once_on_the_phone(poll_kiosk, poll):
    kiosk, _token = poll_kiosk
    phone = Client()
    url = link(kiosk)
    page = phone.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and "HS-2026/0042" in html and poll.question in html
    assert page["Referrer-Policy"] == "same-origin"
    choice = poll.choices.first()
    fields = {"client_id": form_fields(html)["client_id"], "choice": choice.pk}
    sent = phone.post(url, fields)
    assert sent.status_code == 303
    assert "Đã ghi nhận" in phone.get(sent["Location"]).content.decode()
    ballot = Ballot.objects.get()
    assert (ballot.case_code, ballot.channel, ballot.kiosk, ballot.counter) == (
        "HS-2026/0042",
        Channel.WEB,
        kiosk,
        kiosk.counter,
    )
    # The same form again (a double tap) and a new visit: still one ballot.
    phone.post(url, fields)
    again = Client().get(url)
    assert again.status_code == 409 and "đã được đánh giá" in again.content.decode()
    assert Client().post(url, {"client_id": str(uuid.uuid4()), "choice": choice.pk}).status_code == 409
    assert stored(poll) == (1, 1)


def test_the_kiosk_then_refuses_the_same_case(poll_kiosk, poll):
    kiosk, token = poll_kiosk
    Client().post(link(kiosk), {"client_id": str(uuid.uuid4()), "choice": poll.choices.first().pk})
    entry = {
        "id": str(uuid.uuid4()),
        "answered_at": timezone.now().isoformat(),
        "choice": str(poll.choices.last().pk),
        "case_code": "hs-2026/0042",
    }
    response = Client().post(
        "/kiosk/api/sync",
        json.dumps({"answers": [entry]}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.json()["results"][0]["code"] == "case_code_used"
    assert stored(poll) == (1, 1)


def test_the_phone_after_the_kiosk_is_refused(poll_kiosk, poll):
    kiosk, token = poll_kiosk
    Client().post(
        reverse("surveys:kiosk", args=[token]), {"step": "vote", "choice": poll.choices.first().pk, "case_code": "X-1"}
    )
    assert Client().get(link(kiosk, "X-1")).status_code == 409
    assert stored(poll) == (1, 1)


def test_a_survey_receipt(make_kiosk, sipas):
    kiosk, _token = make_kiosk(survey_page=sipas)
    q = list(sipas.questions.all())
    url = link(kiosk, "HS-9")
    html = Client().get(url).content.decode()
    assert all(question.text in html for question in q)
    incomplete = Client().post(url, {"client_id": str(uuid.uuid4()), f"q{q[0].pk}": "5"})
    assert incomplete.status_code == 400 and not SurveySubmission.objects.exists()
    answers = {f"q{q[0].pk}": "5", f"q{q[1].pk}": "1", f"q{q[2].pk}": "4"}
    assert Client().post(url, {"client_id": str(uuid.uuid4()), **answers}).status_code == 303
    assert SurveySubmission.objects.get().case_code == "HS-9"
    assert Client().post(url, {"client_id": str(uuid.uuid4()), **answers}).status_code == 409
    assert SurveySubmission.objects.count() == 1


def _tampered(kiosk):
    signed = sign_receipt(kiosk=kiosk, case_code="HS-1")
    _value, _sep, signature = signed.rpartition(":")
    return [
        signed[:-2] + ("aa" if not signed.endswith("aa") else "bb"),  # signature changed
        signing.dumps({"k": kiosk.pk, "c": "HS-2"}, salt="another.salt"),  # signed for something else
        signing.dumps({"k": kiosk.pk, "c": "HS-2"}, salt=SALT, key="not-our-secret"),
        signing.dumps(["not", "a", "dict"], salt=SALT),
        signing.dumps({"k": "1", "c": 5}, salt=SALT),
        "x" * 400,
        "garbage",
        signature,
    ]


def test_tampered_links_are_refused(poll_kiosk, poll):
    kiosk, _token = poll_kiosk
    for value in _tampered(kiosk):
        response = Client().get(reverse("surveys:receipt", args=[value]))
        assert response.status_code in (400, 404), value
        assert "không hợp lệ" in response.content.decode()
        with pytest.raises(Refused):
            read_receipt(value)
    assert stored(poll) == (0, 0)


def test_a_link_to_a_deleted_kiosk_is_refused(poll_kiosk):
    kiosk, _token = poll_kiosk
    url = reverse("surveys:receipt", args=[signing.dumps({"k": kiosk.pk + 1000, "c": "A"}, salt=SALT)])
    assert Client().get(url).status_code == 404


def test_expired_links_are_refused(poll_kiosk, poll):
    kiosk, _token = poll_kiosk
    url = link(kiosk)
    with override_settings(SURVEYS_RECEIPT_LINK_MAX_AGE_HOURS=-1):
        response = Client().post(url, {"client_id": str(uuid.uuid4()), "choice": poll.choices.first().pk})
    assert response.status_code == 410 and "hết hạn" in response.content.decode()
    assert stored(poll) == (0, 0)


@pytest.mark.parametrize("code", ["", "   ", "<b>", "A" * 41, "mã hồ sơ"])
def test_receipts_need_a_valid_case_code(poll_kiosk, code):
    kiosk, _token = poll_kiosk
    with pytest.raises(Refused):
        sign_receipt(kiosk=kiosk, case_code=code)


def test_staff_make_a_receipt_qr_for_their_own_kiosks(client, poll_kiosk, ward_editor, other_ward_editor, officer):
    kiosk, _token = poll_kiosk
    url = reverse("surveys_admin:kiosk_receipt", args=[kiosk.pk])
    client.force_login(officer)
    response = client.post(url, {"case_code": "hs-77"})
    html = response.content.decode()
    assert response.status_code == 200 and "<svg" in html and "/kiosk/receipt/" in html
    made = re.search(r'<code class="receipt-url">[^<]*(/kiosk/receipt/[^<]+)</code>', html).group(1)
    assert read_receipt(made.split("/")[3]).case_code == "HS-77"
    bad = client.post(url, {"case_code": "<x>"})
    assert "kiosk/receipt/" not in bad.content.decode() and "chỉ được" in bad.content.decode()
    other = Client()
    other.force_login(other_ward_editor)
    assert other.get(url).status_code in (403, 404)
