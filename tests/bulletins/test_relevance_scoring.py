"""Relevance scoring, pure (no database): exact points for each place, exactness, exclusion,
section choice and whole-word matching, and properties that hold for every text."""

from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bulletins.relevance import EXACT_FACTOR, SUMMARY_FACTOR, TITLE_FACTOR, compile_rules, score_text


def rule(phrase, weight=10, section_id=None, is_exclude=False):
    return SimpleNamespace(phrase=phrase, weight=weight, section_id=section_id, is_exclude=is_exclude)


def score(rules, title="", summary="", **kwargs):
    return score_text(compile_rules(rules), title=title, summary=summary, **kwargs)


def test_the_factors_are_as_documented():
    assert (TITLE_FACTOR, SUMMARY_FACTOR, EXACT_FACTOR) == (3.0, 1.0, 1.5)


@pytest.mark.parametrize(
    ("title", "summary", "points", "where", "exact"),
    [
        ("Đẩy mạnh cải cách hành chính", "", 45.0, ["title"], True),  # 10 × 3 × 1.5
        ("DAY MANH CAI CACH", "", 30.0, ["title"], False),  # folded only: 10 × 3
        ("CẢI CÁCH", "", 45.0, ["title"], True),  # case does not break exactness
        ("", "Bài viết về cải cách.", 15.0, ["summary"], True),  # 10 × 1 × 1.5
        ("", "bai viet ve cai cach", 10.0, ["summary"], False),
        ("Cải cách", "cải cách", 60.0, ["title", "summary"], True),
        ("Cai cach", "cải cách", 45.0, ["title", "summary"], True),  # 30 + 15: exact somewhere
        ("Cải cách, cải cách, cải cách", "", 45.0, ["title"], True),  # once per place
    ],
)
def test_points_per_place(title, summary, points, where, exact):
    result = score([rule("cải cách")], title, summary)
    assert result.score == points
    assert result.matches == [{"phrase": "cải cách", "where": where, "exact": exact, "exclude": False}]
    assert result.excluded is False


@pytest.mark.parametrize(
    "title",
    ["Cải cáchs", "xcải cách", "cải_cách", "cải cách2", "Đề án 066", "cảicách", "cải\ncáchh"],
)
def test_only_whole_words_match(title):
    result = score([rule("cải cách"), rule("Đề án 06")], title)
    assert result.score == 0.0 and result.matches == []


def test_whitespace_in_the_text_and_the_phrase_does_not_matter():
    assert score([rule("  một   cửa ")], "Bộ phận  Một\n cửa").score == 45.0


def test_blank_phrases_are_ignored():
    assert compile_rules([rule("   "), rule(""), rule("một cửa")])[0].phrase == "một cửa"
    assert len(compile_rules([rule("   "), rule("")])) == 0


def test_no_rules_score_nothing():
    result = score_text([], title="Cải cách hành chính", summary="")
    assert (result.score, result.matches, result.section_id, result.excluded) == (0.0, [], None, False)


def test_an_exclude_rule_drops_the_item_whatever_matched_before():
    rules = [rule("cải cách", 10, section_id=1), rule("giá rau", 1, is_exclude=True)]
    result = score(rules, "Cải cách và giá rau", "")
    assert result.excluded and result.score == 0.0 and result.section_id is None
    assert result.matches == [{"phrase": "giá rau", "where": ["title"], "exact": True, "exclude": True}]
    kept = score(rules, "Cải cách hành chính", "")
    assert not kept.excluded and kept.score == 45.0


def test_the_strongest_rule_with_a_section_chooses_it():
    rules = [rule("một cửa", 6, section_id=1), rule("chuyển đổi số", 6, section_id=2), rule("Tây Hồ", 20)]
    # "một cửa" in the title (6 × 3 × 1.5 = 27) beats "chuyển đổi số" in the summary (9).
    assert score(rules, "Một cửa", "chuyển đổi số").section_id == 1
    assert score(rules, "Chuyển đổi số", "một cửa").section_id == 2
    # a rule without a section adds points but chooses nothing, however strong
    assert score(rules, "Tây Hồ", "").section_id is None
    # equal points: the first rule keeps the section
    tie = score(rules, "Một cửa, chuyển đổi số", "")
    assert tie.section_id == 1 and tie.score == 54.0


def test_the_weakest_match_still_chooses_a_section():
    # weight 1, folded, in the summary: 1 point, the smallest a match can score
    result = score([rule("một cửa", 1, section_id=3)], "", "mot cua")
    assert result.score == 1.0 and result.section_id == 3


def test_a_given_folded_title_is_used_instead_of_folding_again():
    result = score([rule("cải cách")], "Tin khác", "", folded_title="cai cach hanh chinh")
    assert result.score == 30.0 and result.matches[0]["exact"] is False


phrases = st.sampled_from(["cải cách", "một cửa", "thủ tục hành chính", "Đề án 06", "chuyển đổi số"])
words = st.lists(st.sampled_from(["tin", "Hà Nội", "người dân", "trực tuyến", "phường"]), max_size=6).map(" ".join)


@given(phrases, st.integers(min_value=1, max_value=50), words, words)
def test_title_beats_summary_and_exact_beats_folded(phrase, weight, before, after):
    rules = [rule(phrase, weight)]
    in_title = score(rules, f"{before} {phrase} {after}", "")
    in_summary = score(rules, "", f"{before} {phrase} {after}")
    folded_only = score(rules, f"{before} {phrase.upper()} {after}".replace("Đ", "D").replace("ả", "a"), "")
    assert in_title.score == weight * TITLE_FACTOR * EXACT_FACTOR
    assert in_summary.score == weight * SUMMARY_FACTOR * EXACT_FACTOR
    assert in_title.score > in_summary.score
    assert folded_only.score <= in_title.score


@given(st.lists(st.tuples(phrases, st.integers(min_value=1, max_value=20)), min_size=1, max_size=5), words)
def test_adding_a_matching_rule_never_lowers_the_score(weighted, text):
    rules = [rule(phrase, weight) for phrase, weight in weighted]
    title = f"{text} {weighted[0][0]}"
    base = score(rules, title, text).score
    assert score([*rules, rule(weighted[0][0], 1)], title, text).score > base
    assert score(rules, title, text).score == base  # deterministic
