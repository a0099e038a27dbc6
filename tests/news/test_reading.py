"""Reading an article: date line, abbreviations, QR code, share links, metadata, neighbours."""

import datetime as dt
import json
import re
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from news.abbreviations import mark_abbreviations
from tests.factories import paragraph


def test_article_shows_vietnamese_date_credit_and_units(client, make_article, units):
    article = make_article(
        "Phường Tây Hồ giảm thời gian chờ",
        published_at=timezone.make_aware(dt.datetime(2020, 3, 4, 11, 4)),
        author="Minh Anh",
        source_name="Chinhphu.vn",
        source_url="https://chinhphu.vn/",
        units=[units["ward_a"]],
    )
    html = client.get(article.url).content.decode()
    assert "Thứ tư, 4/3/2020 11:04" in html
    assert "Theo Chinhphu.vn" in html
    assert 'href="https://chinhphu.vn/"' in html
    assert "Minh Anh" in html
    assert "Phường Tây Hồ" in html
    assert "phút đọc" in html  # reading time


def test_first_use_of_each_glossary_term_is_marked(client, make_article, glossary):
    body = [paragraph('<p>UBND phường rà soát TTHC. <a href="https://x.vn/">TTHC</a> rồi TTHC nữa.</p>')]
    html = client.get(make_article(body=body).url).content.decode()
    article_body = html.split('class="article-body prose">', 1)[1].split("</div></div>", 1)[0]
    assert article_body.count('<abbr title="Thủ tục hành chính">TTHC</abbr>') == 1
    assert article_body.count('<abbr title="Ủy ban nhân dân">UBND</abbr>') == 1
    assert '<a href="https://x.vn/">TTHC</a>' in article_body


def test_abbreviations_skip_tags_attributes_and_partial_words():
    terms = {"TTHC": "Thủ tục hành chính", "CCHC": "Cải cách hành chính"}
    html = '<p title="TTHC">TTHCX và <code>CCHC</code> &amp; CCHC</p><img alt="TTHC">'
    out = mark_abbreviations(html, terms)
    assert 'title="TTHC">TTHCX' in out  # the attribute and the longer word are untouched
    assert "<code>CCHC</code>" in out
    assert '&amp; <abbr title="Cải cách hành chính">CCHC</abbr>' in out
    assert '<img alt="TTHC">' in out


def test_glossary_is_cached_and_refreshed_on_change(glossary, django_assert_num_queries):
    from campaign_site.models import Abbreviation
    from news.abbreviations import glossary as load_glossary

    load_glossary()
    with django_assert_num_queries(0):
        assert load_glossary()["TTHC"] == "Thủ tục hành chính"
    Abbreviation.objects.create(short="CĐS", expansion="Chuyển đổi số")
    assert load_glossary()["CĐS"] == "Chuyển đổi số"


def test_qr_code_share_links_and_print(client, make_article):
    article = make_article()
    html = client.get(article.url).content.decode()
    assert '<svg role="img" aria-label=' in html
    assert "http%3A%2F%2Ftestserver%2Ftin-tuc%2Fbai-viet-1%2F" in html  # quoted in the share links
    assert "facebook.com/sharer/sharer.php?u=" in html
    assert "zalo" in html.lower()
    assert "data-copy-link" in html and "data-print" in html
    assert "<script src=" in html and "onclick" not in html
    assert re.search(r"<script>(?!\s*</script>)", html) is None  # no inline scripts
    css = (Path(settings.BASE_DIR) / "news/static/news/news.css").read_text()
    assert "@media print" in css


def test_open_graph_and_news_article_json_ld(client, make_article, make_image):
    article = make_article("Tin có ảnh", lead_image=make_image(), lead_image_alt="Ảnh quầy", author="Thu Hà")
    html = client.get(article.url).content.decode()
    assert '<meta property="og:title" content="Tin có ảnh">' in html
    assert 'property="og:image" content="http://testserver/' in html
    raw = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    data = json.loads(raw)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Tin có ảnh"
    assert data["author"]["name"] == "Thu Hà"
    assert data["datePublished"].startswith(article.published_at.isoformat()[:10])


def test_json_ld_cannot_close_its_script_element(client, make_article):
    article = make_article(lead="</script><script>alert(1)</script>")
    html = client.get(article.url).content.decode()
    assert "</script><script>alert(1)" not in html
    assert "\\u003C/script\\u003E" in html


def test_newer_older_and_related(client, make_article, categories):
    oldest = make_article("Cũ nhất", tags=["một cửa"])
    middle = make_article("Ở giữa", tags=["một cửa", "cư trú"])
    newest = make_article("Mới nhất", category=categories["digital"])
    same_tags = make_article("Cùng thẻ", tags=["một cửa", "cư trú"], category=categories["digital"])
    make_article("Nháp", live=False, tags=["một cửa", "cư trú"])
    response = client.get(middle.url)
    # Up to three each: newer newest first (as "Những tin mới hơn" reads), older nearest first.
    assert [page.pk for page in response.context["newer"]] == [same_tags.pk, newest.pk]
    assert [page.pk for page in response.context["older"]] == [oldest.pk]
    related = [page.pk for page in response.context["related"]]
    assert related[0] == same_tags.pk  # two shared tags first
    assert oldest.pk in related
    assert all(page.live for page in response.context["related"])


def test_article_page_does_not_touch_session_or_csrf(client, make_article):
    response = client.get(make_article().url)
    assert "csrftoken" not in response.cookies
    assert "sessionid" not in response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_model_story_shows_figures(client, make_story, units):
    from decimal import Decimal

    from news.models import ModelStoryFigure

    story = make_story(
        unit=units["ward_a"],
        figures=[
            ModelStoryFigure(value=Decimal("87.05"), unit="%", label="hồ sơ cư trú trực tuyến", detail="8.429/9.682"),
            ModelStoryFigure(value=Decimal("8429"), unit=" hồ sơ", label="trực tuyến"),
        ],
    )
    html = client.get(story.url).content.decode()
    assert "87,05%" in html
    assert "8.429 hồ sơ" in html
    assert "Phường Tây Hồ" in html
