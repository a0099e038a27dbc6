"""Ratings: 1–5 stars, one per browser, refusals store nothing, CSRF required, JS and no-JS paths."""

import pytest
from django.test import Client

from campaign_site.voters import VOTER_COOKIE
from news.models import Rating
from news.services import RatingRefused, rate_article


@pytest.fixture
def browser():
    return Client(enforce_csrf_checks=True)


def _token(browser) -> str:
    response = browser.get("/csrf/")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    return response.json()["csrfToken"]


def _post_json(browser, page_id, stars, token=None):
    headers = {"HTTP_ACCEPT": "application/json"}
    if token:
        headers["HTTP_X_CSRFTOKEN"] = token
    return browser.post(f"/ratings/{page_id}/", {"stars": stars}, **headers)


def test_javascript_path_rates_without_reload(browser, make_article):
    article = make_article()
    response = _post_json(browser, article.pk, 4, _token(browser))
    assert response.status_code == 200
    data = response.json()
    assert data["ok"] is True
    assert data["count"] == 1 and data["average"] == 4
    assert data["message"] == "Xin cảm ơn! Đánh giá của bạn đã được ghi nhận."
    assert data["summary"] == "Trung bình 4,0/5 từ 1 lượt đánh giá"
    assert Rating.objects.get().stars == 4
    assert browser.cookies[VOTER_COOKIE.name]["httponly"]


def test_no_javascript_path_uses_an_uncached_form(browser, make_article):
    article = make_article()
    article_html = browser.get(article.url).content.decode()
    assert f'method="get" action="/ratings/{article.pk}/"' in article_html
    assert "csrfmiddlewaretoken" not in article_html  # the cached page carries no token

    form = browser.get(f"/ratings/{article.pk}/", {"stars": 5})
    assert form.status_code == 200
    assert "no-cache" in form["Cache-Control"] or "max-age=0" in form["Cache-Control"]
    html = form.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'value="5" required checked' in html
    token = form.context["csrf_token"]

    posted = browser.post(f"/ratings/{article.pk}/", {"stars": 5, "csrfmiddlewaretoken": str(token)})
    assert posted.status_code == 303
    after = browser.get(posted["Location"])
    assert "Xin cảm ơn! Đánh giá của bạn đã được ghi nhận." in after.content.decode()
    assert Rating.objects.filter(page=article, stars=5).count() == 1


@pytest.mark.parametrize("stars", [0, 6, -1, "", "abc", "4.5", "3 OR 1=1", None])
def test_stars_outside_1_to_5_are_refused(browser, make_article, stars):
    article = make_article()
    response = _post_json(browser, article.pk, "" if stars is None else stars, _token(browser))
    assert response.status_code == 400
    assert response.json()["message"] == "Vui lòng chọn từ 1 đến 5 sao."
    assert not Rating.objects.exists()


def test_second_rating_from_the_same_browser_is_refused(browser, make_article):
    article = make_article()
    token = _token(browser)
    assert _post_json(browser, article.pk, 5, token).status_code == 200
    second = _post_json(browser, article.pk, 1, token)
    assert second.status_code == 409
    assert second.json()["message"] == "Bạn đã đánh giá bài viết này rồi. Xin cảm ơn!"
    assert list(Rating.objects.values_list("stars", flat=True)) == [5]


def test_same_browser_may_rate_another_article(browser, make_article):
    token = _token(browser)
    assert _post_json(browser, make_article().pk, 5, token).status_code == 200
    assert _post_json(browser, make_article().pk, 3, token).status_code == 200
    assert Rating.objects.count() == 2


def test_unpublished_or_missing_page_is_refused(browser, make_article):
    draft = make_article(live=False)
    token = _token(browser)
    response = _post_json(browser, draft.pk, 5, token)
    assert response.status_code == 404
    assert response.json()["message"] == "Bài viết này chưa được xuất bản nên không thể đánh giá."
    assert _post_json(browser, 999999, 5, token).status_code == 404
    assert browser.get(f"/ratings/{draft.pk}/").status_code == 404
    assert not Rating.objects.exists()


def test_rating_without_csrf_token_is_refused(browser, make_article):
    article = make_article()
    response = _post_json(browser, article.pk, 5)
    assert response.status_code == 403
    assert "Không xác thực được lượt đánh giá" in response.json()["message"]
    html_response = browser.post(f"/ratings/{article.pk}/", {"stars": 5})
    assert html_response.status_code == 403
    assert "Không xác thực được lượt đánh giá" in html_response.content.decode()
    assert not Rating.objects.exists()


def test_no_javascript_refusal_is_rendered_in_the_form_page(browser, make_article):
    article = make_article()
    token = _token(browser)
    response = browser.post(f"/ratings/{article.pk}/", {"stars": 9, "csrfmiddlewaretoken": token})
    assert response.status_code == 400
    assert "Vui lòng chọn từ 1 đến 5 sao." in response.content.decode()


def test_forged_voter_cookie_gets_a_fresh_key(browser, make_article):
    article = make_article()
    browser.cookies[VOTER_COOKIE.name] = "forged-value"
    assert _post_json(browser, article.pk, 4, _token(browser)).status_code == 200
    assert browser.cookies[VOTER_COOKIE.name].value != "forged-value"


def test_counts_come_from_rows_so_no_vote_is_lost(make_article):
    article = make_article()
    for n in range(1, 6):
        rate_article(page_id=article.pk, stars=n, voter_key=f"browser-{n}")
    with pytest.raises(RatingRefused):
        rate_article(page_id=article.pk, stars=5, voter_key="browser-1")
    result = rate_article(page_id=article.pk, stars=5, voter_key="browser-6")
    assert result.count == 6
    assert result.average == pytest.approx(20 / 6)


def test_database_refuses_duplicates_and_bad_stars(make_article):
    from django.db import IntegrityError, transaction

    article = make_article()
    Rating.objects.create(page=article, stars=3, voter_hash="a" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(page=article, stars=4, voter_hash="a" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(page=article, stars=7, voter_hash="b" * 64)


def test_rating_box_is_accessible(client, make_article):
    html = client.get(make_article().url).content.decode()
    assert "<fieldset>" in html and "<legend>" in html
    assert 'role="status" aria-live="polite"' in html
    for n in range(1, 6):
        assert f'<label for="stars-{n}"' in html and f'id="stars-{n}"' in html
