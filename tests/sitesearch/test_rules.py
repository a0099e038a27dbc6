"""The rules of search, each on SQLite and PostgreSQL: abbreviations and synonyms both ways,
exact accents first, phrases, exclusions, did-you-mean, filters with counts, sorting, bounded counts."""

import datetime as dt

import pytest
from django.utils import timezone
from wagtail.models import Page

from campaign_site.models import Abbreviation
from sitesearch import vocabulary
from sitesearch.models import Synonym


def _age(page, days):
    Page.objects.filter(pk=page.pk).update(first_published_at=timezone.now() - dt.timedelta(days=days))


@pytest.fixture
def reform(make_article, glossary):
    return {
        "abbr": make_article("Phường rút ngắn thời gian giải quyết TTHC", lead="Hồ sơ trả đúng hẹn."),
        "full": make_article("Công khai thủ tục hành chính tại trụ sở", lead="Niêm yết đầy đủ."),
        "scattered": make_article("Hành chính công: thủ tục mới về đất đai", lead="Tin đất đai."),
    }


def test_an_abbreviation_finds_its_expansion_and_back(search, reform):
    for query in ("tthc", "TTHC", "thu tuc hanh chinh", "thủ tục hành chính"):
        found = search(query)
        assert "Phường rút ngắn thời gian giải quyết TTHC" in found, query
        assert "Công khai thủ tục hành chính tại trụ sở" in found, query
    # the expansion is matched as a phrase: its words scattered do not make a match for "tthc"
    assert "Hành chính công: thủ tục mới về đất đai" not in search("tthc")


def test_an_abbreviation_inside_a_longer_query(search, reform):
    assert search("tthc tru so") == ["Công khai thủ tục hành chính tại trụ sở"]


def test_synonyms_work_both_ways_and_at_once(search, make_article):
    desk = make_article("Bộ phận tiếp nhận và trả kết quả phường", lead="Giờ làm việc mới.")
    onestop = make_article("Một cửa điện tử ở xã", lead="Tin xã.")
    assert search("mot cua") == [onestop.title]  # no synonym yet
    Synonym.objects.create(term="một cửa", equivalents="tiếp nhận và trả kết quả")  # no reindex
    assert set(search("mot cua")) == {desk.title, onestop.title}
    assert set(search("tiếp nhận và trả kết quả")) == {desk.title, onestop.title}
    Synonym.objects.all().delete()
    assert search("mot cua") == [onestop.title]


def test_a_new_glossary_entry_takes_effect_at_once(search, make_article):
    article = make_article("Triển khai DVCTT toàn trình", lead="Tin mới.")
    assert search("dich vu cong truc tuyen") == []
    Abbreviation.objects.create(short="DVCTT", expansion="Dịch vụ công trực tuyến")
    assert search("dich vu cong truc tuyen") == [article.title]


@pytest.fixture
def lookalikes(make_article):
    door = make_article("Bộ phận một cửa phường Láng", lead="Giờ tiếp dân.")
    of = make_article("Ý kiến của người dân về phường Láng", lead="Góp ý.")
    number = make_article("Chuyển đổi số ở phường Láng", lead="Ứng dụng mới.")
    office = make_article("Sở Nội vụ làm việc với phường Láng", lead="Đoàn công tác.")
    for page, days in ((door, 9), (of, 1), (number, 8), (office, 2)):
        _age(page, days)  # the exact matches are the older ones
    return door, of, number, office


def test_exact_accents_come_first(search, lookalikes):
    door, of, number, office = lookalikes
    assert search("cửa")[:2] == [door.title, of.title]
    assert search("của")[:2] == [of.title, door.title]
    assert search("số")[:2] == [number.title, office.title]
    assert search("sở")[:2] == [office.title, number.title]
    assert search("cửa phường")[0] == door.title
    # no accents typed: no exact group, relevance then date (newest first)
    assert search("cua")[:2] == [of.title, door.title]


def test_a_quoted_phrase_matches_only_side_by_side(search, make_article):
    together = make_article("Mô hình một cửa liên thông hiện đại", lead="Tin.")
    apart = make_article("Liên thông hồ sơ một lần ở cửa khẩu", lead="Tin.")
    assert set(search("mot cua lien thong")) == {together.title, apart.title}
    assert search('"một cửa liên thông"') == [together.title]
    assert search("“mot cua lien thong”") == [together.title]  # typographic quotes too


def test_a_leading_minus_excludes_a_word(search, make_article):
    tax = make_article("Miễn giảm thủ tục thuế", lead="Tin.")
    land = make_article("Miễn giảm thủ tục đất đai", lead="Tin.")
    assert set(search("mien giam")) == {tax.title, land.title}
    assert search("mien giam -thue") == [land.title]
    assert search('mien giam -"dat dai"') == [tax.title]
    assert search("mien-giam") != []  # a hyphen inside a word is not an exclusion


@pytest.fixture
def vocabulary_of(make_article):
    make_article("Hướng dẫn đăng ký thường trú trực tuyến", lead="Tin.")
    make_article("Bộ phận một cửa đón công dân", lead="Tin.")
    make_article("Một cửa liên thông tại xã", lead="Tin.")
    make_article("Ý kiến của người dân", lead="Tin.")
    vocabulary.rebuild()


@pytest.mark.parametrize(
    "query, expected",
    [
        ("dang ky thuong tru", "đăng ký thường trú"),
        ("mot cưa", "một cửa"),
        ("dang ky thuong truu", "đăng ký thường trú"),  # a letter too many
    ],
)
def test_did_you_mean(client, vocabulary_of, settings, query, expected):
    settings.SITESEARCH_DID_YOU_MEAN_BELOW = 5
    response = client.get("/search/", {"q": query})
    assert response.context["suggestion"] == expected
    assert "Có phải bạn muốn tìm:" in response.content.decode()


def test_no_suggestion_when_the_query_is_already_right(client, vocabulary_of):
    assert client.get("/search/", {"q": "đăng ký thường trú"}).context["suggestion"] is None


@pytest.fixture
def mixed(make_article, make_story, units):
    old = make_article("Sáp nhập thôn năm trước", lead="Tin cũ.")
    _age(old, 100)
    new = make_article("Sáp nhập thôn tuần này", lead="Tin mới.")
    _age(new, 2)
    story = make_story("Mô hình sáp nhập thôn ở phường", unit=units["ward_a"])
    _age(story, 20)
    return old, new, story


def test_filters_by_type_and_date_with_counts(client, mixed):
    old, new, story = mixed
    response = client.get("/search/", {"q": "sap nhap thon"})
    kinds = {link["label"]: link["count"] for link in response.context["kind_links"]}
    assert kinds == {"Tin": 2, "Mô hình": 1}
    ranges = {link["label"]: link["count"] for link in response.context["range_links"]}
    assert ranges == {"7 ngày qua": 1, "30 ngày qua": 2, "12 tháng qua": 3}
    html = response.content.decode()
    assert "?q=sap+nhap+thon&amp;loai=mo-hinh" in html  # plain links, no script needed
    story_only = client.get("/search/", {"q": "sap nhap thon", "loai": "mo-hinh"})
    assert [h.page.title for h in story_only.context["results"]] == [story.title]
    assert story_only.context["counts"].total == 1
    recent = client.get("/search/", {"q": "sap nhap thon", "thoi-gian": "30-ngay"})
    assert {h.page.title for h in recent.context["results"]} == {new.title, story.title}
    since = (timezone.localdate() - dt.timedelta(days=50)).isoformat()
    dated = client.get("/search/", {"q": "sap nhap thon", "tu-ngay": since})
    assert old.title not in {h.page.title for h in dated.context["results"]}
    unknown = client.get("/search/", {"q": "sap nhap thon", "loai": "khong-co", "tu-ngay": "x", "thoi-gian": "y"})
    assert unknown.context["counts"].total == 3  # unknown filters are ignored


def test_results_show_type_date_section_and_marked_snippet(client, mixed):
    old, new, story = mixed
    response = client.get("/search/", {"q": "sap nhap thon", "sap-xep": "moi-nhat"})
    hits = response.context["results"].object_list
    assert [hit.page.title for hit in hits] == [new.title, story.title, old.title]
    assert hits[0].kind == "Tin" and hits[1].kind == "Mô hình"
    assert hits[0].section == "Tin cải cách"  # the news index
    html = response.content.decode()
    assert f"{hits[0].date.day}/{hits[0].date.month}/{hits[0].date.year}" in html
    assert "<mark>Sáp</mark> <mark>nhập</mark> <mark>thôn</mark>" in html


def test_counts_are_exact_up_to_a_bound(client, make_article, settings):
    settings.SITESEARCH_COUNT_BOUND = 3
    settings.SITESEARCH_PER_PAGE = 2
    for n in range(5):
        make_article(f"Giảm giấy tờ đợt {n}", lead="Tin.")
    response = client.get("/search/", {"q": "giay to"})
    assert response.context["counts"].more is True
    assert "Hơn 3 kết quả" in response.content.decode()
    settings.SITESEARCH_COUNT_BOUND = 10
    response = client.get("/search/", {"q": "giay to"})
    assert response.context["counts"].total == 5 and not response.context["counts"].more
    assert "5 kết quả" in response.content.decode()


def test_only_pages_of_the_current_language_are_listed(search, make_article):
    from wagtail.models import Locale

    vietnamese = make_article("Tiếp dân lưu động tại tổ dân phố", lead="Tin.")
    english = make_article("Tiếp dân lưu động (English edition)", lead="Tin.")
    other = Locale.objects.create(language_code="en")
    Page.objects.filter(pk=english.pk).update(locale=other)
    assert search("tiep dan luu dong") == [vietnamese.title]


@pytest.mark.parametrize(
    "term, equivalents, field",
    [
        ("!!!", "tiếp nhận hồ sơ", "term"),  # no letter
        ("một cửa", "Một Cửa\nmot cua", "equivalents"),  # only itself again
        ("một cửa", " \n ", "equivalents"),
        ("Mot cua", "bộ phận một cửa", "term"),  # the same term, folded, already has an entry
    ],
)
def test_a_synonym_entry_is_refused_in_vietnamese(db, term, equivalents, field):
    from django.core.exceptions import ValidationError

    Synonym.objects.create(term="một cửa", equivalents="tiếp nhận và trả kết quả")
    entry = Synonym(term=term, equivalents=equivalents)
    with pytest.raises(ValidationError) as refused:
        entry.full_clean()
    assert field in refused.value.message_dict
    assert Synonym.objects.count() == 1
