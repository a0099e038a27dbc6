"""Page rules: alt text required for images, sanitised HTML, plan-task links, text normalisation."""

import unicodedata

import pytest
from django.core.exceptions import ValidationError
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError

from campaign_site.sanitize import clean_embed as sanitize_embed
from campaign_site.sanitize import clean_rich_text as sanitize_html
from news.blocks import BodyBlock
from news.models import NewsArticlePage
from news.services import import_article


def test_lead_image_without_alt_text_cannot_be_published(make_article, make_image):
    article = make_article(live=False)
    article.lead_image = make_image()
    article.lead_image_alt = "  "
    with pytest.raises(ValidationError) as error:
        article.save_revision()  # full_clean runs before any revision is stored
    assert "lead_image_alt" in error.value.message_dict
    assert not NewsArticlePage.objects.get(pk=article.pk).live
    article.lead_image_alt = "Quầy tiếp nhận hồ sơ"
    article.save_revision().publish()
    assert NewsArticlePage.objects.get(pk=article.pk).live


def test_body_image_block_requires_alt_text(make_image):
    image = make_image()
    block = BodyBlock()
    value = block.to_python([{"type": "image", "value": {"image": image.pk, "alt": "", "caption": ""}}])
    with pytest.raises((StreamBlockValidationError, StructBlockValidationError)):
        block.clean(value)
    ok = block.to_python([{"type": "image", "value": {"image": image.pk, "alt": "Ảnh quầy", "caption": ""}}])
    assert block.clean(ok)


def test_rich_text_offers_no_image_or_raw_html():
    features = BodyBlock().child_blocks["paragraph"].features
    assert "image" not in features and "embed" not in features
    assert "raw_html" not in BodyBlock().child_blocks


def test_imported_html_is_sanitised(news_index, categories):
    dirty = (
        '<p onclick="steal()">Tin <b>mới</b><script>alert(1)</script></p>'
        '<iframe src="https://evil"></iframe><a href="javascript:alert(1)">x</a>'
        '<a href="https://chinhphu.vn/">nguồn</a><style>p{}</style><form><input></form>'
    )
    article = import_article(
        index=news_index, title="Tin nhập", lead="Tóm tắt", html=dirty, category=categories["local"], publish=True
    )
    html = str(NewsArticlePage.objects.get(pk=article.pk).body[0].value.source)
    for forbidden in ("script", "onclick", "iframe", "javascript:", "<style", "<form", "<input"):
        assert forbidden not in html
    assert "<b>mới</b>" in html
    assert 'href="https://chinhphu.vn/"' in html


def test_sanitize_keeps_editor_markup():
    assert sanitize_html("<p>A <em>b</em></p><ul><li>c</li></ul>") == "<p>A <em>b</em></p><ul><li>c</li></ul>"


def test_embed_html_loses_scripts():
    html = '<blockquote>x</blockquote><script src="https://platform.twitter.com/widgets.js"></script>'
    assert "script" not in sanitize_embed(html)
    assert "<iframe" in sanitize_embed('<iframe src="https://www.youtube.com/embed/x" title="v"></iframe>')


def test_text_is_stored_nfc(make_article):
    decomposed = unicodedata.normalize("NFD", "Cải cách hành chính")
    article = make_article(title=decomposed, lead=decomposed)
    article.full_clean()
    assert article.title == "Cải cách hành chính"
    assert article.lead == "Cải cách hành chính"


def test_plan_task_of_unpublished_plan_is_refused(make_article, home):
    from plans.models import CampaignPlanPage, PlanIndexPage, PlanTask

    plans = home.add_child(instance=PlanIndexPage(title="Kế hoạch", slug="ke-hoach"))
    plan = plans.add_child(instance=CampaignPlanPage(title="Kế hoạch 2026", slug="kh-2026", year=2026, live=False))
    task = PlanTask.objects.create(plan=plan, content="Đăng tin")
    article = make_article()
    article.plan_task = task
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "plan_task" in error.value.message_dict


def test_reading_time_grows_with_the_body(make_article):
    from news.blocks import BodyBlock  # noqa: F401 - the body uses it

    short = make_article()
    long_text = "<p>" + "chữ " * 1000 + "</p>"
    from tests.news.conftest import paragraph

    long = make_article(body=[paragraph(long_text)])
    assert short.reading_minutes == 1
    assert long.reading_minutes == 5
