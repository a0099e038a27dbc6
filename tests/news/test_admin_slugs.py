"""An article created in the admin with a Vietnamese title or slug gets an ASCII address."""

import pytest
from django.urls import reverse

from news.models import NewsArticlePage
from tests.news.test_admin import _article_form


@pytest.mark.django_db
def test_an_article_created_in_the_admin_gets_an_ascii_address(client, officer, news_index, categories):
    client.force_login(officer)
    url = reverse("wagtailadmin_pages:add", args=("news", "newsarticlepage", news_index.pk))
    title = "Phường Tây Hồ đón 8.429 hồ sơ đăng ký thường trú trực tuyến"
    form = _article_form(categories["local"], title=title, slug="Phường Tây Hồ đón 8.429 hồ sơ")
    response = client.post(url, {**form, "action-publish": "action-publish"})
    assert response.status_code == 302
    article = NewsArticlePage.objects.get(title=title)
    assert article.slug == "phuong-tay-ho-don-8-429-ho-so"
    assert article.url.endswith("/phuong-tay-ho-don-8-429-ho-so/")


@pytest.mark.django_db
def test_a_slug_of_only_punctuation_is_refused_in_vietnamese(client, officer, news_index, categories):
    client.force_login(officer)
    url = reverse("wagtailadmin_pages:add", args=("news", "newsarticlepage", news_index.pk))
    response = client.post(url, {**_article_form(categories["local"], slug="!!!"), "action-publish": "1"})
    assert response.status_code == 200
    assert not NewsArticlePage.objects.filter(title="Tin của phường").exists()
    assert "bắt buộc" in response.content.decode()
