"""What citizens read: the status page, the Hỏi đáp page and its answers in the site search, ideas."""

import pytest
from django.urls import reverse

from campaign_site.voters import VOTER_COOKIE
from feedback import services
from feedback.models import AnsweredQuestionPage, IdeaStatus, Kind, State

PERSONAL = ("Nguyễn Văn An", "0912345678", "an@example.vn", "HS-2026-001")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "label"),
    [
        (State.RECEIVED, "Đã tiếp nhận"),
        (State.PROCESSING, "Đang xử lý"),
        (State.AWAITING_APPROVAL, "Đang xử lý"),
        (State.ANSWERED, "Đã trả lời"),
        (State.DECLINED, "Không thụ lý"),
        (State.SPAM, "Không thụ lý"),
    ],
)
def test_the_status_page_tells_the_state_and_nothing_personal(client, make_item, advance, index_page, state, label):
    item = advance(make_item(), state)
    response = client.get(f"/y-kien/{item.code}/")
    body = response.content.decode()
    assert response.status_code == 200 and label in body
    assert "no-store" in response["Cache-Control"] and response["X-Robots-Tag"] == "noindex"
    assert not any(value in body for value in PERSONAL)
    if state in (State.PROCESSING, State.AWAITING_APPROVAL):
        assert "Phường Tây Hồ" in body and "Hạn trả lời" in body
        assert "Câu trả lời của phường." not in body  # a draft is not shown
    if state == State.ANSWERED:
        assert "Câu trả lời của phường." in body and "Xem trên trang Hỏi đáp" in body
    if state == State.DECLINED:
        assert "Không thuộc phạm vi thủ tục hành chính." in body


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["AAAAAAAAAAAA", "ZZZZZZZZZZZ2", "abcdefghjkmn", "SHORT", "A" * 40, "../../etc"])
def test_unknown_or_malformed_codes_are_a_plain_404(client, make_item, code):
    make_item()
    response = client.get(f"/y-kien/{code}/")
    assert response.status_code == 404
    assert code not in response.content.decode() or code == "SHORT"


@pytest.mark.django_db
def test_guessing_codes_is_rate_limited(client, make_item, settings):
    settings.FEEDBACK_LOOKUP_LIMIT = 5
    item = make_item()
    for n in range(5):
        assert client.get(f"/y-kien/{'B' * 11}{n + 2}/").status_code == 404
    response = client.get(f"/y-kien/{item.code}/")  # even the right code, once over the limit
    assert response.status_code == 429 and "Quá nhiều yêu cầu" in response.content.decode()
    assert client.get(f"/y-kien/{item.code}/", REMOTE_ADDR="10.1.1.1").status_code == 200


@pytest.mark.django_db
def test_the_lookup_form_tidies_the_code(client, make_item):
    item = make_item()
    typed = f" {item.code[:4].lower()}-{item.code[4:]} "
    response = client.get(reverse("feedback:lookup"), {"code": typed})
    assert response.status_code == 302 and response["Location"] == f"/y-kien/{item.code}/"
    assert client.get(reverse("feedback:lookup")).status_code == 200


@pytest.mark.django_db
def test_the_questions_and_answers_page(client, make_item, advance, staff, units, index_page):
    birth = advance(make_item(title="Khai sinh trực tuyến cho con", field="civil_status"), State.ANSWERED)
    land = advance(make_item(title="Cấp đổi sổ đỏ", kind=Kind.COMPLAINT, field="land", unit="ward_b"),
                   State.ANSWERED, unit="ward_b")  # fmt: skip
    hidden = advance(make_item(title="Không muốn công khai", consent_publish=False), State.ANSWERED)
    pending = advance(make_item(title="Đang chờ duyệt"), State.AWAITING_APPROVAL)
    services.set_faq(item=birth, is_faq=True, user=staff["officer"])
    body = client.get(index_page.url).content.decode()
    assert "Khai sinh trực tuyến cho con" in body and "Cấp đổi sổ đỏ" in body
    assert hidden.title not in body and pending.title not in body
    assert "Câu hỏi thường gặp" in body
    assert not any(value in body for value in PERSONAL)
    filters = {"loai": Kind.COMPLAINT, "linh-vuc": "land", "don-vi": units["ward_b"].code}
    for key, value in filters.items():
        body = client.get(index_page.url, {key: value}).content.decode()
        assert "Cấp đổi sổ đỏ" in body and "Khai sinh trực tuyến cho con" not in body, key
    for junk in ({"loai": "x"}, {"don-vi": "'; drop"}, {"trang": "-1"}, {"linh-vuc": "<b>"}):
        assert client.get(index_page.url, junk).status_code == 200
    page = AnsweredQuestionPage.objects.get(item=land)
    body = client.get(page.url).content.decode()
    assert "Câu trả lời của phường." in body and "Phường Ba Đình" in body
    assert not any(value in body for value in PERSONAL)


@pytest.mark.django_db
def test_answers_are_found_by_the_site_search_with_or_without_accents(client, make_item, advance, index_page):
    item = advance(make_item(title="Đăng ký thường trú cho người thuê nhà"), State.ANSWERED)
    url = AnsweredQuestionPage.objects.get(item=item).url
    for query in ("thường trú", "thuong tru", "THUONG TRU thue nha"):
        body = client.get("/search/", {"q": query}).content.decode()
        assert f'href="{url}"' in body, query
    unpublished = advance(make_item(title="Tạm trú bí mật", consent_publish=False), State.ANSWERED)
    body = client.get("/search/", {"q": "tam tru bi mat"}).content.decode()
    assert unpublished.title not in body
    body = client.get("/search/", {"q": "Nguyen Van An"}).content.decode()
    assert item.title not in body  # the sender's name is not in the index


@pytest.mark.django_db
def test_ideas_are_listed_and_supported_once_per_browser(client, make_item, advance, staff):
    idea = advance(make_item(kind=Kind.IDEA, unit=None, title="Nhắn tin khi có kết quả"), State.PROCESSING)
    services.set_idea_status(item=idea, status=IdeaStatus.ADOPTED, note="Áp dụng toàn thành phố.",
                             user=staff["officer"])  # fmt: skip
    private = advance(make_item(kind=Kind.IDEA, title="Ý tưởng riêng", consent_publish=False), State.PROCESSING)
    fresh = make_item(kind=Kind.IDEA, title="Chưa được duyệt")
    body = client.get(reverse("feedback:ideas")).content.decode()
    assert idea.title in body and "Áp dụng toàn thành phố." in body and "Đã áp dụng" in body
    assert private.title not in body and fresh.title not in body
    assert not any(value in body for value in PERSONAL)
    url = reverse("feedback:support", args=[idea.pk])
    first = client.post(url)
    assert first.status_code == 302 and "da-ung-ho" in first["Location"]
    second = client.post(url)
    assert "ket-qua=roi" in second["Location"]
    assert idea.supports.count() == 1
    body = client.get(second["Location"]).content.decode()
    assert "Bạn đã ủng hộ sáng kiến này rồi." in body and "1 người ủng hộ" in body
    other = client.__class__()
    other.post(url)
    assert idea.supports.count() == 2
    for target in (private, fresh):
        assert client.post(reverse("feedback:support", args=[target.pk])).status_code == 404
    assert client.get(url).status_code == 405
    assert not target.supports.exists()


@pytest.mark.django_db
def test_a_tampered_voter_cookie_is_cleared_not_counted(client, make_item, advance):
    idea = advance(make_item(kind=Kind.IDEA), State.PROCESSING)
    client.cookies[VOTER_COOKIE.name] = "forged-value"
    response = client.post(reverse("feedback:support", args=[idea.pk]))
    assert "ket-qua=cookie" in response["Location"] and not idea.supports.exists()
    assert response.cookies[VOTER_COOKIE.name].value == ""


@pytest.mark.django_db
def test_the_home_page_slot(client, make_item, advance, index_page, home):
    advance(make_item(title="Hỏi về chứng thực bản sao"), State.ANSWERED)
    body = client.get(home.url).content.decode()
    assert "Hỏi về chứng thực bản sao" in body and "100% ý kiến người dân được trả lời đúng hạn" in body
