"""Ward staff act on their own ward's pages only: editors write and edit them, approvers approve them.

A page belongs to its units (an article's `units`, a story's `unit`), or to the whole city when it
has none. See campaign_site/page_scope.py.
"""

import pytest
from django.urls import reverse
from wagtail.models import Page, TaskState, WorkflowState, get_page_models

from campaign_site.access.page_scope import ScopedPageMixin
from campaign_site.access.roles import APPROVER, INFORMATION_OFFICER, WARD_EDITOR
from news.models import ModelStoryPage, NewsArticlePage

from .test_admin import _article_form


@pytest.fixture
def approver_a(make_user, units, roles):
    return make_user(APPROVER, units["ward_a"], username="approver_a")


@pytest.fixture
def approver_b(make_user, units, roles):
    return make_user(APPROVER, units["ward_b"], username="approver_b")


@pytest.fixture
def articles(make_article, units):
    """Drafts about ward A, ward B, both wards, the whole city, and ward C (inside the district)."""
    return {
        "a": make_article("Tin Tây Hồ", live=False, units=[units["ward_a"]]),
        "b": make_article("Tin Ba Đình", live=False, units=[units["ward_b"]]),
        "ab": make_article("Tin hai phường", live=False, units=[units["ward_a"], units["ward_b"]]),
        "city": make_article("Tin toàn thành phố", live=False),
        "c": make_article("Tin Hàng Bạc", live=False, units=[units["ward_c"]]),
    }


def can_edit(page, user) -> bool:
    return Page.objects.get(pk=page.pk).permissions_for_user(user).can_edit()


def test_every_page_type_is_scoped():
    unscoped = [m.__name__ for m in get_page_models() if m is not Page and not issubclass(m, ScopedPageMixin)]
    assert unscoped == []


def test_ward_editor_edits_only_its_wards_pages(ward_editor, articles):
    assert can_edit(articles["a"], ward_editor)
    for other in ("b", "ab", "city", "c"):
        assert not can_edit(articles[other], ward_editor), other
    # In scope or not, a ward editor never publishes: that is the approver's step.
    assert not articles["a"].permissions_for_user(ward_editor).can_publish()


def test_district_editor_covers_the_wards_below_it(make_user, units, roles, articles):
    district_editor = make_user(WARD_EDITOR, units["district"], username="editor_district")
    assert can_edit(articles["c"], district_editor)
    assert not can_edit(articles["a"], district_editor)


def test_ward_editor_without_a_ward_edits_nothing(make_user, roles, articles, news_index):
    lost = make_user(WARD_EDITOR, None, username="editor_without_ward")
    assert not any(can_edit(page, lost) for page in articles.values())
    assert not news_index.permissions_for_user(lost).can_edit()


def test_ward_editor_adds_only_where_ward_pages_live(ward_editor, home, news_index, story_index):
    assert news_index.permissions_for_user(ward_editor).can_add_subpage()
    assert story_index.permissions_for_user(ward_editor).can_add_subpage()
    assert not news_index.permissions_for_user(ward_editor).can_edit()  # the index is the city's
    assert not home.permissions_for_user(ward_editor).can_add_subpage()


def test_stories_are_scoped_by_their_unit(ward_editor, other_ward_editor, make_story, units):
    story = make_story(unit=units["ward_a"])
    assert can_edit(story, ward_editor)
    assert not can_edit(story, other_ward_editor)


def test_city_staff_act_everywhere(officer, approver, make_user, units, roles, articles):
    # A city information officer writes for the whole city, whatever unit the profile names.
    officer_in_a_ward = make_user(INFORMATION_OFFICER, units["ward_b"], username="officer_ward")
    for page in articles.values():
        for user in (officer, approver, officer_in_a_ward):
            assert can_edit(page, user)
            assert page.permissions_for_user(user).can_publish()


def test_ward_approver_publishes_only_its_wards_pages(approver_a, articles):
    assert articles["a"].permissions_for_user(approver_a).can_publish()
    for other in ("b", "ab", "city"):
        perms = articles[other].permissions_for_user(approver_a)
        assert not perms.can_publish() and not perms.can_edit(), other


def test_copy_and_move_follow_the_scope(ward_editor, articles, news_index):
    foreign = articles["b"].permissions_for_user(ward_editor)
    assert not foreign.can_copy() and not foreign.can_copy_to(news_index)
    assert not foreign.can_move()
    assert articles["a"].permissions_for_user(ward_editor).can_copy_to(news_index)


# --- through the admin -----------------------------------------------------------------------


def test_edit_view_refuses_another_wards_page(client, ward_editor, articles):
    client.force_login(ward_editor)
    assert client.get(reverse("wagtailadmin_pages:edit", args=(articles["a"].pk,))).status_code == 200
    refused = client.get(reverse("wagtailadmin_pages:edit", args=(articles["b"].pk,)))
    assert refused.status_code == 302 and refused["Location"].rstrip("/").endswith("/admin")


def test_new_article_defaults_to_the_editors_ward_and_offers_only_its_units(client, ward_editor, news_index, units):
    client.force_login(ward_editor)
    response = client.get(reverse("wagtailadmin_pages:add", args=("news", "newsarticlepage", news_index.pk)))
    field = response.context["form"].fields["units"]
    assert set(field.queryset) == {units["ward_a"]}
    assert response.context["form"].initial["units"] == [units["ward_a"].pk]


@pytest.mark.parametrize(
    ("chosen", "message"),
    [
        (["ward_b"], "lựa chọn hợp lệ"),  # Django's own "not one of the choices" refusal
        (["ward_a", "ward_b"], "lựa chọn hợp lệ"),
        ([], "bắt buộc"),
    ],
)
def test_ward_editor_cannot_write_for_another_ward(client, ward_editor, news_index, categories, units, chosen, message):
    client.force_login(ward_editor)
    url = reverse("wagtailadmin_pages:add", args=("news", "newsarticlepage", news_index.pk))
    form = _article_form(categories["local"], units=[units[key].pk for key in chosen])
    response = client.post(url, {**form, "action-submit": "action-submit"})
    assert response.status_code == 200  # the form comes back with the error, nothing saved
    assert message in " ".join(response.context["form"].errors["units"])
    assert not NewsArticlePage.objects.filter(slug="tin-cua-phuong").exists()


def test_editing_cannot_move_a_page_out_of_the_ward(client, ward_editor, articles, categories, units):
    client.force_login(ward_editor)
    page = articles["a"]
    revisions = page.revisions.count()
    form = _article_form(categories["local"], slug=page.slug, units=[units["ward_b"].pk])
    response = client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), {**form, "action-submit": "1"})
    assert response.status_code == 200
    assert "units" in response.context["form"].errors
    page.refresh_from_db()
    assert list(page.units.all()) == [units["ward_a"]]  # nothing half-written
    assert page.revisions.count() == revisions
    assert not WorkflowState.objects.filter(object_id=str(page.pk)).exists()


def test_story_form_refuses_another_wards_unit(client, ward_editor, story_index, units):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

    client.force_login(ward_editor)
    data = {
        "title": "Mô hình Bộ phận Một cửa thân thiện",
        "slug": "mo-hinh-than-thien",
        "unit": units["ward_b"].pk,
        "model_name": "Một cửa thân thiện",
        "since": "",
        "lead": "Bộ phận Một cửa tiếp dân cả sáng thứ Bảy.",
        "lead_image": "",
        "lead_image_alt": "",
        "figures": inline_formset([]),
        "body": streamfield([("paragraph", rich_text("<p>Nội dung.</p>"))]),
        "gallery_images": inline_formset([]),
        "tags": "",
        "published_at": "2026-11-02 08:00",
        "plan_task": "",
        "procedure_links": inline_formset([]),
        "comments": inline_formset([]),
        "seo_title": "",
        "search_description": "",
    }
    url = reverse("wagtailadmin_pages:add", args=("news", "modelstorypage", story_index.pk))
    refused = client.post(url, {**nested_form_data(data), "action-submit": "1"})
    assert refused.status_code == 200 and "unit" in refused.context["form"].errors
    assert not ModelStoryPage.objects.filter(slug="mo-hinh-than-thien").exists()
    accepted = client.post(url, {**nested_form_data({**data, "unit": units["ward_a"].pk}), "action-submit": "1"})
    assert accepted.status_code == 302, accepted.context["form"].errors if accepted.context else accepted
    assert ModelStoryPage.objects.get(slug="mo-hinh-than-thien").unit == units["ward_a"]


def test_explorer_lists_with_edit_links_only_for_the_ward(client, ward_editor, articles, news_index):
    client.force_login(ward_editor)
    response = client.get(reverse("wagtailadmin_explore", args=(news_index.pk,)))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("wagtailadmin_pages:edit", args=(articles["a"].pk,)) in html
    assert reverse("wagtailadmin_pages:edit", args=(articles["b"].pk,)) not in html


# --- the approval step -----------------------------------------------------------------------


def _submit(page, user):
    page.save_revision(user=user)
    return page.get_workflow().start(page, user)


def test_only_approvers_covering_the_ward_review_it(ward_editor, approver, approver_a, approver_b, articles):
    page = NewsArticlePage.objects.get(pk=articles["a"].pk)
    state = _submit(page, ward_editor)
    task = state.current_task_state.task.specific
    assert {name for name, *_ in task.get_actions(page, approver)} >= {"approve", "reject"}
    assert {name for name, *_ in task.get_actions(page, approver_a)} >= {"approve", "reject"}
    assert task.get_actions(page, approver_b) == []
    assert task.locked_for_user(page, approver_b) and not task.user_can_access_editor(page, approver_b)

    def awaiting(user):
        return set(TaskState.objects.reviewable_by(user).values_list("workflow_state__object_id", flat=True))

    assert awaiting(approver) == {str(page.pk)}
    assert awaiting(approver_a) == {str(page.pk)}
    assert awaiting(approver_b) == set()


def test_ward_approver_cannot_approve_a_city_page_through_the_admin(client, approver, approver_a, articles):
    page = NewsArticlePage.objects.get(pk=articles["city"].pk)
    state = _submit(page, approver)
    task_state = state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    client.force_login(approver_a)
    response = client.post(url, {"comment": ""})
    assert response.status_code in {302, 403}
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert not NewsArticlePage.objects.get(pk=page.pk).live
    client.force_login(approver)
    assert client.post(url, {"comment": ""}).status_code in {200, 302}
    assert NewsArticlePage.objects.get(pk=page.pk).live


def test_editor_without_a_ward_is_told_why(client, make_user, roles, news_index, categories, units):
    lost = make_user(WARD_EDITOR, None, username="editor_without_ward")
    client.force_login(lost)
    url = reverse("wagtailadmin_pages:add", args=("news", "newsarticlepage", news_index.pk))
    form = _article_form(categories["local"], units=[units["ward_a"].pk])
    response = client.post(url, {**form, "action-submit": "1"})
    assert response.status_code == 200
    assert "chưa gắn với phường, xã" in " ".join(response.context["form"].errors["units"])
    assert not NewsArticlePage.objects.filter(slug="tin-cua-phuong").exists()


def test_ward_approver_approves_its_wards_page_through_the_admin(client, ward_editor, approver_a, articles):
    page = NewsArticlePage.objects.get(pk=articles["a"].pk)
    state = _submit(page, ward_editor)
    client.force_login(approver_a)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert page.title in dashboard  # "awaiting your review"
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", state.current_task_state.pk))
    assert client.post(url, {"comment": ""}).status_code in {200, 302}
    assert NewsArticlePage.objects.get(pk=page.pk).live


def test_plain_page_objects_are_judged_by_their_specific_type(approver_a, articles):
    from campaign_site.access.page_scope import page_in_scope

    assert page_in_scope(Page.objects.get(pk=articles["a"].pk), approver_a)
    assert not page_in_scope(Page.objects.get(pk=articles["b"].pk), approver_a)
