"""An approver who approves from the page editor without changing anything publishes the page;
approving with changes asks for approval of the changed page again (the documented rule)."""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from news.models import NewsArticlePage
from tests.news.test_admin import _article_form


@pytest.fixture
def submitted_article(client, ward_editor, news_index, categories, units):
    client.force_login(ward_editor)
    url = reverse("wagtailadmin_pages:add", args=("news", "newsarticlepage", news_index.pk))
    form = _article_form(categories["local"], units=[units["ward_a"].pk])
    assert client.post(url, {**form, "action-submit": "action-submit"}).status_code == 302
    article = NewsArticlePage.objects.get(slug="tin-cua-phuong")
    assert WorkflowState.objects.get(object_id=str(article.pk)).status == WorkflowState.STATUS_IN_PROGRESS
    client.logout()
    return article


def editor_form(article, categories, units, **overrides):
    """What the page editor posts back for `article` as it is stored (block ids kept, as the browser
    keeps them), with `overrides` typed over it."""
    form = _article_form(categories["local"], units=[units["ward_a"].pk], **overrides)
    block = article.body[0]
    form.update(
        {
            "body-count": "1",
            "body-0-type": block.block_type,
            "body-0-id": block.id,
            "body-0-deleted": "",
            "body-0-value": block.block.get_form_state(block.value),  # the editor's own rendering
        }
    )
    return form


def approve(client, article, form):
    edit = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    assert client.get(edit).status_code == 200
    return client.post(edit, {**form, "action-workflow-action": "true", "workflow-action-name": "approve"})


@pytest.mark.django_db
def test_approving_from_the_editor_without_changes_publishes(client, approver, submitted_article, categories, units):
    client.force_login(approver)
    response = approve(client, submitted_article, editor_form(submitted_article, categories, units))
    assert response.status_code == 302
    article = NewsArticlePage.objects.get(pk=submitted_article.pk)
    assert article.live
    assert WorkflowState.objects.get(object_id=str(article.pk)).status == WorkflowState.STATUS_APPROVED
    assert article.revisions.count() == submitted_article.revisions.count()  # no new revision was made


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed",
    [
        "2026-03-05 09:00",  # ISO, as a script posts it
        "05/03/2026 09:00",  # day-first, as the admin's date-time input shows it
        "5/3/2026 09:00",
    ],
)
def test_the_same_minute_typed_any_way_is_no_change(client, approver, submitted_article, categories, units, typed):
    client.force_login(approver)
    form = editor_form(submitted_article, categories, units, published_at=typed)
    assert approve(client, submitted_article, form).status_code == 302
    assert NewsArticlePage.objects.get(pk=submitted_article.pk).live


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [{"title": "Tin của phường (đã sửa)"}, {"published_at": "2026-03-05 09:01"}, {"lead": "Tóm tắt khác."}],
)
def test_approving_with_changes_asks_for_approval_again(client, approver, submitted_article, categories, units, change):
    client.force_login(approver)
    response = approve(client, submitted_article, editor_form(submitted_article, categories, units, **change))
    assert response.status_code == 302
    article = NewsArticlePage.objects.get(pk=submitted_article.pk)
    assert not article.live  # the changed page waits for approval of what was changed
    state = WorkflowState.objects.get(object_id=str(article.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.revision_id == article.latest_revision_id
