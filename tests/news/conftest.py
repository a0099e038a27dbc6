"""News fixtures: index pages, categories, and a maker of published articles."""

import datetime as dt
import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from campaign_site.models import Abbreviation
from news.models import Category, ModelStoryIndexPage, NewsIndexPage
from tests.factories import ModelStoryPageFactory, NewsArticlePageFactory

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


@pytest.fixture
def make_article(news_index, categories):
    """make_article(title=..., published_at=..., units=[...], tags=[...], live=True, **fields)."""
    NewsArticlePageFactory.reset_sequence()

    def _make(title=None, *, live=True, units=(), tags=(), parent=None, **fields):
        fields.setdefault("category", categories["local"])
        if title:
            fields["title"] = title
        return NewsArticlePageFactory(parent=parent or news_index, publish=live, units=units, tags=tags, **fields)

    return _make


@pytest.fixture
def make_story(story_index):
    ModelStoryPageFactory.reset_sequence()

    def _make(title=None, *, unit, figures=(), **fields):
        if title:
            fields["title"] = title
        return ModelStoryPageFactory(parent=story_index, unit=unit, figures=figures, **fields)

    return _make


@pytest.fixture
def make_image(db):
    def _make(title="Ảnh", color=(164, 22, 26)):
        buffer = io.BytesIO()
        PILImage.new("RGB", (320, 180), color).save(buffer, format="PNG")
        return get_image_model().objects.create(title=title, file=ImageFile(buffer, name=f"{title}.png"))

    return _make
