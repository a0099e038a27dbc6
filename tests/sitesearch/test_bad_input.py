"""Hostile and odd queries: a page (200 or 400), never a 500, the query echoed escaped."""

import pytest
from django.test import Client

BAD = [
    "",
    "a" * 5000,
    "cải " * 1250,
    "\u0301\u0300\u0303",  # only combining accents
    "̉ ̃ ̣",
    "!!!???...;;;",
    "\"'`~@#$%^&*()[]{}<>|\\/",
    '"một cửa',  # an unbalanced quote
    '""',
    "-",
    "- - -",
    "-thue",  # only an exclusion
    '-"một cửa"',
    "AND OR NOT NEAR *",
    "NEAR(cai cach) AND NOT *",
    "cai* ^2 title:cai",
    "<script>alert('x')</script>",
    "' OR 1=1; --",
    "%_\\",
]


@pytest.mark.parametrize("query", BAD)
@pytest.mark.parametrize("path", ["/search/", "/search/suggest/"])
def test_bad_queries_never_fail(make_article, path, query):
    make_article("Một cửa liên thông", lead="Tin <thuế>.")
    response = Client(raise_request_exception=False).get(path, {"q": query, "loai": query[:50], "tu-ngay": query[:20]})
    assert response.status_code in (200, 400)
    body = response.content.decode()
    assert "<script>alert('x')</script>" not in body
    if path == "/search/" and response.status_code == 200:
        assert response.context["search_query"] == response.context["query"].text  # shown as cleaned, escaped


@pytest.mark.parametrize("query", ["\x00", "một\x00cửa"])
@pytest.mark.parametrize("path", ["/search/", "/search/suggest/"])
def test_a_nul_byte_is_a_vietnamese_400(client, db, path, query):
    response = client.get(path, {"q": query})
    assert response.status_code == 400
    assert "ký tự" in response.content.decode()


def test_the_query_is_echoed_escaped(client, db):
    html = client.get("/search/", {"q": '"><img src=x onerror=alert(1)>'}).content.decode()
    assert "<img src=x onerror=alert(1)>" not in html
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
