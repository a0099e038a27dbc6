"""The officers' report of searched queries and the suggestions endpoint."""

import datetime as dt

import pytest
from django.utils import timezone

from campaign_site.models import Abbreviation
from sitesearch import vocabulary
from sitesearch.models import SearchQueryDay


def test_searches_are_logged_per_day_with_empty_ones(client, make_article):
    make_article("Cấp đổi căn cước", lead="Tin.")
    for query in ("căn cước", "Căn cước", "căn cước", "xe buýt điện"):
        client.get("/search/", {"q": query})
    client.get("/search/", {"q": "căn cước", "page": 2})  # a further page is not a new search
    rows = {row.query: row for row in SearchQueryDay.objects.all()}
    assert rows["căn cước"].searches == 3 and rows["căn cước"].empty_searches == 0
    assert rows["xe buýt điện"].searches == 1 and rows["xe buýt điện"].empty_searches == 1


def test_the_report_shows_top_and_empty_queries_for_week_and_month(client, officer, ward_editor, db):
    today = timezone.localdate()
    SearchQueryDay.objects.create(day=today, query="căn cước", searches=12)
    SearchQueryDay.objects.create(day=today - dt.timedelta(days=20), query="đất đai", searches=40, empty_searches=7)
    SearchQueryDay.objects.create(day=today - dt.timedelta(days=90), query="cũ quá", searches=99)
    client.force_login(officer)
    response = client.get("/admin/search-report/")
    assert response.status_code == 200
    week, month = response.context["tables"]
    assert [row["query"] for row in week["top"]] == ["căn cước"]
    assert week["empty"] == []
    assert [row["query"] for row in month["top"]] == ["đất đai", "căn cước"]
    assert [(row["query"], row["empty_searches"]) for row in month["empty"]] == [("đất đai", 7)]
    assert "cũ quá" not in response.content.decode()
    client.force_login(ward_editor)
    assert client.get("/admin/search-report/").status_code in (302, 403)


@pytest.fixture
def titled(make_article, glossary):
    make_article("Đăng ký thường trú trực tuyến", lead="Tin.")
    make_article("Hướng dẫn đăng ký tạm trú", lead="Tin.")
    vocabulary.rebuild()


def test_suggestions_list_glossary_entries_and_titles(client, titled):
    data = client.get("/search/suggest/", {"q": "dang k"}).json()["suggestions"]
    labels = [item["label"] for item in data]
    assert labels == ["Hướng dẫn đăng ký tạm trú", "Đăng ký thường trú trực tuyến"]
    assert all(item["url"] for item in data)
    glossary = client.get("/search/suggest/", {"q": "tth"}).json()["suggestions"]
    assert glossary[0]["label"] == "TTHC – Thủ tục hành chính" and glossary[0]["url"].startswith("/search/?q=TTHC")
    assert client.get("/search/suggest/", {"q": "d"}).json()["suggestions"] == []  # two characters first


def test_suggestions_follow_publishing_and_the_glossary(client, titled, make_article):
    make_article("Đăng kiểm xe máy", lead="Tin.")  # published after the rebuild
    assert "Đăng kiểm xe máy" in [
        s["label"] for s in client.get("/search/suggest/", {"q": "dang kiem"}).json()["suggestions"]
    ]
    Abbreviation.objects.create(short="ĐKKD", expansion="Đăng ký kinh doanh")
    labels = [s["label"] for s in client.get("/search/suggest/", {"q": "dkk"}).json()["suggestions"]]
    assert labels == ["ĐKKD – Đăng ký kinh doanh"]


def test_suggestions_refuse_long_input_and_are_rate_limited(client, db, settings):
    response = client.get("/search/suggest/", {"q": "a" * 101})
    assert response.status_code == 400 and "quá dài" in response.json()["error"]
    settings.SITESEARCH_SUGGEST_LIMIT = 3
    codes = [client.get("/search/suggest/", {"q": f"ab{n}"}).status_code for n in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    assert int(client.get("/search/suggest/", {"q": "abc"})["Retry-After"]) > 0
