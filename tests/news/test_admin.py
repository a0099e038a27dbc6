"""Admin: the category snippet, the filtered listings, and the moderation workflow for ward editors."""

from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from news.models import Category, NewsArticlePage


def _article_form(category, **overrides):
    data = {
        "title": "Tin của phường",
        "slug": "tin-cua-phuong",
        "lead": "Tóm tắt tin của phường.",
        "lead_image": "",
        "lead_image_alt": "",
        "body": streamfield([("paragraph", rich_text("<p>Nội dung.</p>"))]),
        "category": category.pk,
        "tags": "một cửa",
        "author": "Biên tập viên",
        "source_name": "",
        "source_url": "",
        "published_at": "2026-03-05 09:00",
        "plan_task": "",
        "procedure_links": inline_formset([]),
        "comments": inline_formset([]),
        "seo_title": "",
        "search_description": "",
    }
    units = overrides.pop("units", None)
    data.update(overrides)
    form = nested_form_data(data)
    if units is not None:  # a multiple choice, not a formset: nested_form_data would number it
        form["units"] = units
    return form


def test_ward_editor_cannot_publish_directly(client, ward_editor, news_index, categories, units):
    client.force_login(ward_editor)
    url = reverse("wagtailadmin_pages:add", args=("news", "newsarticlepage", news_index.pk))
    form = _article_form(categories["local"], units=[units["ward_a"].pk])
    response = client.post(url, {**form, "action-publish": "action-publish"})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    article = NewsArticlePage.objects.get(slug="tin-cua-phuong")
    assert not article.live  # saved as a draft: ward editors have no publish permission
    assert not article.permissions_for_user(ward_editor).can_publish()

    edit = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    response = client.post(edit, {**form, "action-submit": "action-submit", "units": [units["ward_a"].pk]})
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(article.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert not NewsArticlePage.objects.get(pk=article.pk).live


def test_officer_publishes_and_alt_text_is_enforced(client, officer, news_index, categories, make_image):
    client.force_login(officer)
    url = reverse("wagtailadmin_pages:add", args=("news", "newsarticlepage", news_index.pk))
    assert client.get(url).status_code == 200
    image = make_image()
    refused = client.post(url, {**_article_form(categories["local"], lead_image=image.pk), "action-publish": "1"})
    assert refused.status_code == 200  # the form comes back with the error
    assert not NewsArticlePage.objects.filter(slug="tin-cua-phuong").exists()
    accepted = client.post(
        url,
        {
            **_article_form(categories["local"], lead_image=image.pk, lead_image_alt="Quầy một cửa"),
            "action-publish": "1",
        },
    )
    assert accepted.status_code == 302
    assert NewsArticlePage.objects.get(slug="tin-cua-phuong").live


def test_category_snippet_admin(client, officer):
    client.force_login(officer)
    index = client.get(reverse("wagtailsnippets_news_category:list"))
    assert index.status_code == 200
    response = client.post(
        reverse("wagtailsnippets_news_category:add"),
        {"name": "Kiểm soát TTHC", "slug": "kiem-soat-tthc", "description": "", "sort_order": 3},
    )
    assert response.status_code == 302
    assert Category.objects.get(slug="kiem-soat-tthc").name == "Kiểm soát TTHC"


def test_article_listing_filters(client, officer, make_article, categories, units):
    local = make_article("Tin địa phương", units=[units["ward_a"]])
    digital = make_article("Tin chuyển đổi số", category=categories["digital"])
    client.force_login(officer)
    url = reverse("news_articles:index")
    response = client.get(url, {"category": categories["digital"].pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert digital.title in html and local.title not in html
    by_unit = client.get(url, {"units": units["ward_a"].pk}).content.decode()
    assert local.title in by_unit and digital.title not in by_unit


def test_editor_offers_categories_tags_units_and_plan_task():
    from wagtail.admin.panels import get_edit_handler

    handler = get_edit_handler(NewsArticlePage)
    names = set(handler.get_form_class()._meta.fields)
    assert {"category", "tags", "units", "plan_task", "lead_image_alt", "source_url"} <= names
