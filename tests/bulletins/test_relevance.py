"""Keyword rules: folded matching, exact accents worth more, titles above summaries, exclusion."""

import datetime as dt

import pytest

from bulletins import services
from bulletins.models import FeedItem, KeywordRule
from bulletins.relevance import compile_rules, score_text

pytestmark = pytest.mark.django_db


def test_folded_match_finds_unaccented_text(rules):
    compiled = compile_rules(KeywordRule.objects.all())
    score = score_text(compiled, title="Day manh CAI CACH HANH CHINH", summary="")
    assert [m["phrase"] for m in score.matches] == ["cải cách hành chính"]
    assert score.matches[0]["exact"] is False
    assert score.score == 10 * 3


def test_exact_accented_match_scores_above_folded(sections):
    KeywordRule.objects.create(phrase="sở", weight=4, section=sections["admin"])
    compiled = compile_rules(KeywordRule.objects.all())
    exact = score_text(compiled, title="Các sở triển khai", summary="")
    folded = score_text(compiled, title="Số liệu mới", summary="")
    assert exact.score > folded.score > 0


def test_title_is_worth_more_than_summary(rules):
    compiled = compile_rules(KeywordRule.objects.all())
    in_title = score_text(compiled, title="Đề án 06 về đích", summary="")
    in_summary = score_text(compiled, title="Tin tổng hợp", summary="Đề án 06 về đích")
    assert in_title.score > in_summary.score > 0
    assert in_title.matches[0]["where"] == ["title"]


def test_words_match_whole_words_only(rules):
    compiled = compile_rules(KeywordRule.objects.all())
    assert score_text(compiled, title="Tây Hồng Kông", summary="").score == 0


def test_exclude_rule_drops_the_item(rules):
    compiled = compile_rules(KeywordRule.objects.all())
    score = score_text(compiled, title="Giá rau tăng, thủ tục hành chính không đổi", summary="")
    assert score.excluded and score.score == 0
    assert score.matches[0]["exclude"] is True


def test_strongest_rule_suggests_the_section(rules, sections):
    compiled = compile_rules(KeywordRule.objects.all())
    score = score_text(compiled, title="Tây Hồ đẩy mạnh cải cách hành chính", summary="")
    assert score.section_id == sections["field"].pk


def test_source_default_section_when_no_rule_has_one(make_source, sections):
    source = make_source(default_section=sections["admin"])
    services.ingest_feed_bytes(
        source,
        '<rss version="2.0"><channel><title>x</title><item><title>Tin thường</title><guid>a</guid></item>'
        "</channel></rss>".encode(),
    )
    assert FeedItem.objects.get().suggested_section == sections["admin"]


def test_rescoring_after_rules_change(make_source, sections):
    source = make_source()
    services.ingest_feed_bytes(
        source,
        b'<rss version="2.0"><channel><title>x</title><item><title>Chuyen doi so o phuong</title><guid>a</guid>'
        b"<pubDate>Thu, 21 Mar 2024 08:00:00 +0700</pubDate></item></channel></rss>",
    )
    assert FeedItem.objects.get().score == 0
    KeywordRule.objects.create(phrase="chuyển đổi số", weight=5, section=sections["field"])
    services.rescore_items(since=dt.date(2024, 3, 1))
    row = FeedItem.objects.get()
    assert row.score == 15 and row.suggested_section == sections["field"]
    assert row.matched_keywords[0]["phrase"] == "chuyển đổi số"


def test_rule_phrases_are_unique_case_insensitively(sections):
    from django.core.exceptions import ValidationError

    KeywordRule.objects.create(phrase="Một cửa", weight=5)
    with pytest.raises(ValidationError):
        KeywordRule(phrase="một cửa", weight=3).full_clean()
