"""A ward approver approves a ward editor's article from the page editor, in the browser, and the
article goes live (the editor posts its hidden initial values and keeps block ids, as no test
client does)."""

from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import WorkflowState

from campaign_site.access.roles import APPROVER, WARD_EDITOR
from news.models import NewsArticlePage

from . import content
from .server import db_access
from .support import admin_login, e2e_marks

pytestmark = e2e_marks

TITLE = "Phường Tây Hồ trả kết quả hồ sơ đăng ký thường trú trong ngày"


def test_ward_approver_approves_from_the_editor_and_the_article_is_live(site, make_user, page):
    editor = make_user(WARD_EDITOR, site.units["ward_a"], username="bientap.tayho")
    approver = make_user(APPROVER, site.units["ward_a"], username="lanhdao.tayho")
    index = content.news_index(site.home)
    article = content.article(index, TITLE, lead="Bộ phận Một cửa của phường trả kết quả ngay trong ngày.")
    article.unpublish()
    article.units.set([site.units["ward_a"]])
    article.published_at = timezone.now().replace(second=37, microsecond=123456)  # as typed by the clock
    article.save()
    article.save_revision(user=editor)
    article.get_workflow().start(article, editor)
    assert WorkflowState.objects.get(object_id=str(article.pk)).status == WorkflowState.STATUS_IN_PROGRESS

    admin_login(page, approver.username)
    page.goto(f"/admin/pages/{article.pk}/edit/")
    page.locator("footer [data-w-dropdown-target=toggle]").first.click()
    page.get_by_role("button", name="Duyệt", exact=True).click()
    page.wait_for_url(f"**/admin/pages/{index.pk}/")

    with db_access():
        article = NewsArticlePage.objects.get(pk=article.pk)
        assert article.live, "approving from the editor left the page in review"
        assert WorkflowState.objects.get(object_id=str(article.pk)).status == WorkflowState.STATUS_APPROVED
        url = article.url
    page.goto(url)
    expect(page.locator("h1")).to_have_text(TITLE)
