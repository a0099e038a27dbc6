"""Write → submit → approve in the editor → live, in the browser, as a ward editor and then the
ward's approver (the editor posts its hidden initial values and keeps block ids, as no test client
does). The buttons say what officers say: "Gửi duyệt", "Duyệt và xuất bản"."""

from pathlib import Path

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
    page.get_by_role("button", name="Duyệt và xuất bản", exact=True).click()
    page.wait_for_url(f"**/admin/pages/{index.pk}/")

    with db_access():
        article = NewsArticlePage.objects.get(pk=article.pk)
        assert article.live, "approving from the editor left the page in review"
        assert WorkflowState.objects.get(object_id=str(article.pk)).status == WorkflowState.STATUS_APPROVED
        url = article.url
    page.goto(url)
    expect(page.locator("h1")).to_have_text(TITLE)


SHOTS = Path("/tmp/adminvi-shots")
WRITTEN = "Phường Tây Hồ cấp căn cước cho người cao tuổi tại nhà"


def test_ward_editor_writes_and_submits_then_the_ward_approver_publishes_from_the_editor(
    site, make_user, new_context, new_page, settings
):
    # Without autosave: on a loaded machine an autosave still on its way when "Gửi duyệt" is pressed
    # races the submission (the walk is about the approval chain; a taken address is
    # tests/news/test_admin_slug_taken.py's).
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    editor = make_user(WARD_EDITOR, site.units["ward_a"], username="bientap.tayho")
    make_user(APPROVER, site.units["ward_a"], username="lanhdao.tayho")
    index = content.news_index(site.home)
    category = content.article(index, "Tin mẫu", lead="Tin mẫu.").category
    SHOTS.mkdir(exist_ok=True)

    # The ward editor writes a new article and sends it for approval.
    writer = new_page()
    admin_login(writer, editor.username)
    writer.goto(f"/admin/pages/add/news/newsarticlepage/{index.pk}/")
    writer.fill("#id_title", WRITTEN)
    writer.fill("#id_lead", "Cán bộ Công an phường đến tận nhà làm căn cước cho 37 cụ già yếu, không đi lại được.")
    writer.locator("#id_category-chooser .unchosen [data-chooser-action-choose]").click()
    writer.locator(".modal").get_by_role("link", name=category.name).click()
    expect(writer.locator("#id_category")).to_have_value(str(category.pk))
    writer.locator("footer [data-w-dropdown-target=toggle]").first.click()
    submit = writer.get_by_role("button", name="Gửi duyệt", exact=True)
    expect(submit).to_be_visible()
    writer.screenshot(path=str(SHOTS / "approval-1-submit.png"), full_page=False)
    submit.click()
    try:
        writer.wait_for_url(f"**/admin/pages/{index.pk}/", timeout=60_000)
    finally:
        writer.screenshot(path=str(SHOTS / "approval-1b-after-submit.png"), full_page=True)
    with db_access():
        article = NewsArticlePage.objects.get(title=WRITTEN)
        assert not article.live
        assert article.slug == "phuong-tay-ho-cap-can-cuoc-cho-nguoi-cao-tuoi-tai-nha"
        assert list(article.units.all()) == [site.units["ward_a"]]
        state = WorkflowState.objects.get(object_id=str(article.pk))
        assert state.status == WorkflowState.STATUS_IN_PROGRESS

    # The ward's approver opens it in the editor and approves: it is published.
    reviewer = new_page(new_context())
    admin_login(reviewer, "lanhdao.tayho")
    reviewer.goto(f"/admin/pages/{article.pk}/edit/")
    reviewer.locator("footer [data-w-dropdown-target=toggle]").first.click()
    approve = reviewer.get_by_role("button", name="Duyệt và xuất bản", exact=True)
    expect(reviewer.get_by_role("button", name="Từ chối", exact=True)).to_be_visible()
    reviewer.screenshot(path=str(SHOTS / "approval-2-approve.png"), full_page=False)
    approve.click()
    reviewer.wait_for_url(f"**/admin/pages/{index.pk}/", timeout=60_000)

    with db_access():
        article = NewsArticlePage.objects.get(pk=article.pk)
        assert article.live, "approving from the editor left the page in review"
        assert WorkflowState.objects.get(pk=state.pk).status == WorkflowState.STATUS_APPROVED
        url = article.url
    reviewer.goto(url)
    expect(reviewer.locator("h1")).to_have_text(WRITTEN)
