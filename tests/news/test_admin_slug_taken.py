"""A new page whose address is taken names the page that holds it (issue 15, item 3).

Wagtail autosaves a new page as a draft as soon as its form is touched; writing the same article
again used to end in "the slug … is already in use" with no way to find that draft.
"""

import re

import pytest
from django.urls import reverse

from news.models import NewsArticlePage
from tests.news.test_admin import _article_form

pytestmark = pytest.mark.django_db
TITLE = "Phường Tây Hồ trả kết quả trong ngày"
SLUG = "phuong-tay-ho-tra-ket-qua-trong-ngay"


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=("news", "newsarticlepage", index.pk))


def post_new(client, index, category, unit, **extra):
    form = _article_form(category, title=TITLE, slug=SLUG, units=[unit.pk])
    return client.post(add_url(index), {**form, **extra})


def slug_error(response) -> str:
    """The slug field's error as the editor shows it, links kept as `[text](href)`."""
    errors = response.context["form"].errors.get("slug")
    assert errors, "no error under the slug field"
    error = str(errors[0])
    assert error in response.content.decode()  # shown as HTML, the link not escaped
    return re.sub(r'<a href="([^"]+)">([^<]+)</a>', r"[\2](\1)", error)


def test_an_abandoned_draft_is_named_and_linked_for_its_author(client, ward_editor, news_index, categories, units):
    client.force_login(ward_editor)
    assert post_new(client, news_index, categories["local"], units["ward_a"]).status_code == 302  # "Lưu bản nháp"
    draft = NewsArticlePage.objects.get(slug=SLUG)

    response = post_new(client, news_index, categories["local"], units["ward_a"])

    assert response.status_code == 200
    assert NewsArticlePage.objects.filter(slug=SLUG).count() == 1  # nothing half-written
    error = slug_error(response)
    edit_url = reverse("wagtailadmin_pages:edit", args=(draft.pk,))
    assert f"“{SLUG}”" in error
    assert f"“{TITLE}”" in error
    assert "bản nháp chưa gửi duyệt" in error
    assert f"]({edit_url})" in error


def test_a_draft_waiting_for_approval_says_so(client, ward_editor, news_index, categories, units):
    client.force_login(ward_editor)
    post_new(client, news_index, categories["local"], units["ward_a"], **{"action-submit": "1"})
    draft = NewsArticlePage.objects.get(slug=SLUG)
    assert draft.workflow_in_progress

    error = slug_error(post_new(client, news_index, categories["local"], units["ward_a"]))
    assert "đang chờ duyệt" in error
    assert reverse("wagtailadmin_pages:edit", args=(draft.pk,)) in error


def test_someone_elses_draft_is_not_opened_or_named(
    client, ward_editor, other_ward_editor, news_index, categories, units
):
    client.force_login(ward_editor)
    post_new(client, news_index, categories["local"], units["ward_a"])
    draft = NewsArticlePage.objects.get(slug=SLUG)

    client.force_login(other_ward_editor)  # ward B: may not open ward A's page
    response = post_new(client, news_index, categories["local"], units["ward_b"])
    error = slug_error(response)
    assert "bản nháp của người khác" in error
    assert TITLE not in error
    assert reverse("wagtailadmin_pages:edit", args=(draft.pk,)) not in response.content.decode()
    assert NewsArticlePage.objects.filter(slug=SLUG).count() == 1


def test_a_published_page_outside_ones_scope_is_named_without_a_link(
    client, make_article, ward_editor, news_index, categories, units
):
    live = make_article(TITLE, slug=SLUG, units=[units["ward_b"]])
    client.force_login(ward_editor)
    response = post_new(client, news_index, categories["local"], units["ward_a"])
    error = slug_error(response)
    assert f"trang đã xuất bản “{TITLE}”" in error
    assert reverse("wagtailadmin_pages:edit", args=(live.pk,)) not in error


def test_renaming_a_page_to_a_siblings_address_names_the_sibling(client, officer, make_article, news_index, categories):
    first = make_article("Tin thứ nhất", slug="tin-thu-nhat")
    second = make_article("Tin thứ hai", slug="tin-thu-hai")
    client.force_login(officer)
    form = _article_form(categories["local"], title="Tin thứ hai", slug="tin-thu-nhat")
    response = client.post(reverse("wagtailadmin_pages:edit", args=(second.pk,)), form)
    assert response.status_code == 200
    error = slug_error(response)
    assert "“Tin thứ nhất” (đã xuất bản)" in error
    assert reverse("wagtailadmin_pages:edit", args=(first.pk,)) in error
    second.refresh_from_db()
    assert second.slug == "tin-thu-hai"


def test_a_free_address_still_saves(client, ward_editor, news_index, categories, units):
    client.force_login(ward_editor)
    assert post_new(client, news_index, categories["local"], units["ward_a"]).status_code == 302
    assert NewsArticlePage.objects.filter(slug=SLUG).exists()
