"""News fixtures: index pages, categories, and a maker of published articles."""

import datetime as dt
import io

import pytest
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from campaign_site.models import Abbreviation
from news.models import Category, ModelStoryIndexPage, ModelStoryPage, NewsArticlePage, NewsIndexPage

TZ = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def news_index(home) -> NewsIndexPage:
    index = home.add_child(instance=NewsIndexPage(title="Tin cải cách", slug="tin-tuc", show_in_menus=True))
    index.save_revision().publish()
    return NewsIndexPage.objects.get(pk=index.pk)


@pytest.fixture
def story_index(home) -> ModelStoryIndexPage:
    index = home.add_child(instance=ModelStoryIndexPage(title="Mô hình điển hình", slug="mo-hinh"))
    index.save_revision().publish()
    return ModelStoryIndexPage.objects.get(pk=index.pk)


@pytest.fixture
def categories(db) -> dict[str, Category]:
    return {
        "local": Category.objects.create(name="Cải cách địa phương", slug="cai-cach-dia-phuong"),
        "digital": Category.objects.create(name="Chuyển đổi số", slug="chuyen-doi-so"),
    }


@pytest.fixture
def glossary(db):
    Abbreviation.objects.update_or_create(short="TTHC", defaults={"expansion": "Thủ tục hành chính"})
    Abbreviation.objects.update_or_create(short="UBND", defaults={"expansion": "Ủy ban nhân dân"})


def paragraph(html: str):
    return ("paragraph", RichText(html))


@pytest.fixture
def make_article(news_index, categories):
    """make_article(title=..., published_at=..., units=[...], tags=[...], live=True, **fields)."""
    counter = {"n": 0}

    def _make(title=None, *, live=True, units=(), tags=(), parent=None, **fields):
        counter["n"] += 1
        n = counter["n"]
        fields.setdefault("lead", f"Tóm tắt bài viết số {n} về cải cách hành chính.")
        fields.setdefault("category", categories["local"])
        fields.setdefault("published_at", timezone.make_aware(dt.datetime(2026, 3, 1, 9, 0)) + dt.timedelta(days=n))
        fields.setdefault("body", [paragraph(f"<p>Nội dung bài số {n}.</p>")])
        article = NewsArticlePage(title=title or f"Bài viết số {n}", slug=f"bai-viet-{n}", **fields)
        (parent or news_index).add_child(instance=article)
        article.units.set(list(units))
        article.tags.set(list(tags))
        article.save()  # writes the relations, as the admin does for a draft
        revision = article.save_revision()
        if live:
            revision.publish()
        else:
            NewsArticlePage.objects.filter(pk=article.pk).update(live=False)
        return NewsArticlePage.objects.get(pk=article.pk)

    return _make


@pytest.fixture
def make_story(story_index):
    counter = {"n": 0}

    def _make(title=None, *, unit, figures=(), **fields):
        counter["n"] += 1
        n = counter["n"]
        fields.setdefault("lead", f"Mô hình số {n}.")
        fields.setdefault("model_name", f"Mô hình thứ {n}")
        story = ModelStoryPage(title=title or f"Mô hình {n}", slug=f"mo-hinh-{n}", unit=unit, **fields)
        for figure in figures:
            story.figures.add(figure)
        story_index.add_child(instance=story)
        story.save_revision().publish()
        return ModelStoryPage.objects.get(pk=story.pk)

    return _make


@pytest.fixture
def make_image(db):
    def _make(title="Ảnh", color=(164, 22, 26)):
        buffer = io.BytesIO()
        PILImage.new("RGB", (320, 180), color).save(buffer, format="PNG")
        return get_image_model().objects.create(title=title, file=ImageFile(buffer, name=f"{title}.png"))

    return _make
