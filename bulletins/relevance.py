"""Scoring items against the keyword rules: accent-folded matching, exact accented matches worth
more, titles worth more than summaries, exclude rules that drop an item."""

from __future__ import annotations

import re
from dataclasses import dataclass

from campaign_site.text import clean_line, fold

TITLE_FACTOR = 3.0
SUMMARY_FACTOR = 1.0
EXACT_FACTOR = 1.5


@dataclass(frozen=True)
class CompiledRule:
    phrase: str
    weight: int
    section_id: int | None
    is_exclude: bool
    folded: re.Pattern
    exact: re.Pattern
    folded_phrase: str = ""  # the patterns' literal text: a cheap `in` test before the search
    exact_phrase: str = ""


@dataclass
class Score:
    score: float
    matches: list[dict]
    section_id: int | None
    excluded: bool


def _bounded(text: str) -> re.Pattern:
    return re.compile(r"(?<!\w)" + re.escape(text) + r"(?!\w)")


def compile_rules(rules) -> list[CompiledRule]:
    compiled = []
    for rule in rules:
        phrase = clean_line(rule.phrase)
        if not phrase:
            continue
        compiled.append(
            CompiledRule(
                phrase=phrase,
                weight=rule.weight,
                section_id=rule.section_id,
                is_exclude=rule.is_exclude,
                folded=_bounded(fold(phrase)),
                exact=_bounded(phrase.casefold()),
                folded_phrase=fold(phrase),
                exact_phrase=phrase.casefold(),
            )
        )
    return compiled


def score_text(rules: list[CompiledRule], *, title: str, summary: str, folded_title: str | None = None) -> Score:
    """Each rule counts once per place (title, summary): weight × place factor, × 1.5 when the
    accented phrase itself appears (so "sở" matching "so" scores below a real "sở")."""
    if not rules:
        return Score(0.0, [], None, False)
    places = (
        ("title", clean_line(title).casefold(), fold(title) if folded_title is None else folded_title, TITLE_FACTOR),
        ("summary", clean_line(summary).casefold(), fold(summary), SUMMARY_FACTOR),
    )
    total, matches, best_section, best_points = 0.0, [], None, 0.0
    for rule in rules:
        rule_points, where, exact_any = 0.0, [], False
        for name, exact_text, folded_text, factor in places:
            # The bounded pattern can only match where its literal occurs: most rules miss a text.
            if rule.folded_phrase not in folded_text or not rule.folded.search(folded_text):
                continue
            exact = rule.exact_phrase in exact_text and bool(rule.exact.search(exact_text))
            exact_any = exact_any or exact
            rule_points += rule.weight * factor * (EXACT_FACTOR if exact else 1.0)
            where.append(name)
        if not where:
            continue
        if rule.is_exclude:
            return Score(
                0.0, [{"phrase": rule.phrase, "where": where, "exact": exact_any, "exclude": True}], None, True
            )
        matches.append({"phrase": rule.phrase, "where": where, "exact": exact_any, "exclude": False})
        total += rule_points
        if rule.section_id and rule_points > best_points:
            best_section, best_points = rule.section_id, rule_points
    return Score(round(total, 2), matches, best_section, False)
