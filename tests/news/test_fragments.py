"""The article page's cached fragments (news/fragments.py): what they save, and that they never show
stale, draft or another page's content. The page cache is off in tests, as in the bench's
"uncached" figure; Django's cache (locmem) is on and emptied before each test."""

import datetime as dt

import pytest
from django.utils import timezone

from campaign_site.models import Abbreviation
from news import fragments
from news.models import NewsArticlePage
from news.services import rate_article
from tests.factories import paragraph


def _html(client, page, **extra) -> str:
    response = client.get(page.url, **extra)
    assert response.status_code == 200
    return response.content.decode()


def _republish(page, **changes):
    page = NewsArticlePage.objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return NewsArticlePage.objects.get(pk=page.pk)


def test_second_render_reads_nothing_the_fragments_hold(client, make_article, glossary, django_assert_max_num_queries):
    article = make_article("Bài đọc", tags=["một cửa"], body=[paragraph("<p>TTHC mới.</p>")])
    make_article("Bài khác", tags=["một cửa"])
    first = _html(client, article)
    with django_assert_max_num_queries(30) as cold:
        client.get(article.url)
    cache_reads = len(cold.captured_queries)
    # Without the fragments: category, tags, units, newer/older, related, view restrictions of
    # the listings, the rating summary... With them, none of those tables is read.
    tables = " ".join(query["sql"] for query in cold.captured_queries)
    for table in ("news_category", "taggit_tag", "news_rating", '"news_newsarticlepage"."published_at" >'):
        assert table not in tables, table
    assert cache_reads < 20
    assert _html(client, article) == first  # the same page, from the fragments


def test_a_new_revision_shows_at_once(client, make_article):
    article = make_article("Tiêu đề cũ", body=[paragraph("<p>Nội dung cũ.</p>")])
    assert "Nội dung cũ." in _html(client, article)
    article = _republish(article, title="Tiêu đề mới", body=[paragraph("<p>Nội dung mới.</p>")])
    html = _html(client, article)
    assert "Nội dung mới." in html and "Nội dung cũ." not in html
    assert '<meta property="og:title" content="Tiêu đề mới">' in html
    assert '"headline": "Tiêu đề mới"' in html


def test_publishing_another_article_updates_newer_older_and_related(client, make_article):
    older = make_article("Bài cũ hơn", tags=["cư trú"])
    article = make_article("Bài đang đọc", tags=["cư trú"])
    html = _html(client, article)
    assert "Bài cũ hơn" in html and "article-neighbours__newer" not in html
    newer = make_article("Bài mới hơn", tags=["cư trú"])
    html = _html(client, article)
    assert "Bài mới hơn" in html  # newer link and related list
    _republish(newer, title="Bài mới hơn (sửa)")
    assert "Bài mới hơn (sửa)" in _html(client, article)
    NewsArticlePage.objects.get(pk=older.pk).unpublish()
    assert "Bài cũ hơn" not in _html(client, article)


def test_a_glossary_edit_changes_the_abbr_marks(client, make_article, glossary):
    article = make_article(body=[paragraph("<p>Giảm TTHC cho người dân.</p>")])
    assert '<abbr title="Thủ tục hành chính">TTHC</abbr>' in _html(client, article)
    Abbreviation.objects.filter(short="TTHC").update(expansion="unused")  # update() sends no signal...
    Abbreviation.objects.get(short="TTHC").save()  # ...save() does, as the admin's edit form
    html = _html(client, article)
    assert '<abbr title="unused">TTHC</abbr>' in html
    Abbreviation.objects.filter(short="TTHC").get().delete()
    assert "<abbr" not in _html(client, article).split('class="article-body prose">', 1)[1].split("</div>", 1)[0]


def test_category_tag_and_unit_renames_show_at_once(client, make_article, categories, units):
    article = make_article(category=categories["local"], tags=["một cửa"], units=[units["ward_a"]])
    _html(client, article)
    categories["local"].name = "Tên chuyên mục mới"
    categories["local"].save()
    from taggit.models import Tag

    tag = Tag.objects.get(name="một cửa")
    tag.name = "một cửa liên thông"
    tag.save()
    unit = units["ward_a"]
    unit.name = "Phường Đổi Tên"
    unit.save()
    html = _html(client, article)
    assert "Tên chuyên mục mới" in html
    assert "#một cửa liên thông" in html
    assert "Đổi Tên" in html


def test_each_article_shows_its_own_fragments(client, make_article):
    first = make_article("Bài thứ nhất", body=[paragraph("<p>Thân bài một.</p>")])
    second = make_article("Bài thứ hai", body=[paragraph("<p>Thân bài hai.</p>")])
    assert "Thân bài một." in _html(client, first)
    html = _html(client, second)
    assert "Thân bài hai." in html and "Thân bài một." not in html


def test_fragments_vary_with_the_host(client, make_article, make_image, settings):
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    article = make_article(lead_image=make_image(), lead_image_alt="Ảnh")
    assert '<meta property="og:image" content="http://testserver/' in _html(client, article)
    html = _html(client, article, HTTP_HOST="localhost")  # og:image is built from the request's host
    assert '<meta property="og:image" content="http://localhost/' in html


def test_a_preview_is_never_cached_nor_served_from_the_cache(client, make_article):
    article = make_article("Bản đã đăng", body=[paragraph("<p>Nội dung đã đăng.</p>")])
    _html(client, article)  # fills the fragments
    draft = NewsArticlePage.objects.get(pk=article.pk)
    draft.title = "Bản nháp"
    draft.body = [paragraph("<p>Nội dung nháp.</p>")]
    draft.save_revision()
    preview = draft.make_preview_request().content.decode()
    assert "Nội dung nháp." in preview and "Nội dung đã đăng." not in preview
    public = _html(client, article)
    assert "Nội dung đã đăng." in public and "Nội dung nháp." not in public
    assert "Nội dung nháp." in draft.make_preview_request().content.decode()


def test_the_rating_summary_stays_live(client, make_article):
    article = make_article()
    assert "Chưa có đánh giá" in _html(client, article)
    rate_article(page_id=article.pk, stars=4, voter_key="a")
    assert "/5 từ 1 lượt đánh giá" in _html(client, article)
    rate_article(page_id=article.pk, stars=2, voter_key="b")
    html = _html(client, article)
    assert "Trung bình 3" in html and "/5 từ 2 lượt đánh giá" in html


def test_rating_summary_is_rewritten_when_the_rating_commits(make_article, django_capture_on_commit_callbacks):
    from news.selectors import cached_rating_summary

    article = make_article()
    assert cached_rating_summary(article.pk)["count"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        rate_article(page_id=article.pk, stars=5, voter_key="a")
    assert cached_rating_summary(article.pk) == {"count": 1, "average": 5.0}


def test_render_token_is_replaced_now_and_after_commit(db, django_capture_on_commit_callbacks):
    before = fragments.render_token()
    with django_capture_on_commit_callbacks() as callbacks:
        fragments.forget_rendered_fragments()
        during = fragments.render_token()
    assert during != before
    assert len(callbacks) == 1
    callbacks[0]()
    assert fragments.render_token() not in (before, during)


def test_a_lost_render_token_never_brings_back_old_fragments(db):
    from django.core.cache import cache

    before = fragments.render_token()
    cache.delete(fragments.RENDER_TOKEN_KEY)
    assert fragments.render_token() != before  # a new random token, not a counter starting over


@pytest.mark.parametrize("suffix", ["khong-co/", "{slug}/them/"])
def test_unknown_article_paths_are_not_found(client, make_article, news_index, suffix):
    article = make_article()
    assert client.get(news_index.url + suffix.format(slug=article.slug)).status_code == 404


def test_archive_routes_come_before_article_slugs(client, make_article, news_index):
    _republish(make_article(published_at=timezone.make_aware(dt.datetime(2026, 3, 5, 9, 0))), slug="2026")
    response = client.get(news_index.url + "2026/")
    assert response.status_code == 200
    assert response.context["period"] is not None  # the year archive, as before


def test_draft_article_is_not_found(client, make_article):
    draft = make_article(live=False)
    assert client.get(f"/tin-tuc/{draft.slug}/").status_code == 404
