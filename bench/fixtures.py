"""Django-side set-up and checks for the harness: `python -m bench.fixtures <action> [options]`.

Runs with the bench's environment (bench.settings, the bench database) and prints one `BENCH {json}`
line. Actions: info, polls, ballots, articles.
"""

from __future__ import annotations

import argparse
import datetime as dt
import secrets
import time

import django

django.setup()

from django.contrib.staticfiles.storage import staticfiles_storage  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.environment import emit  # noqa: E402

SEARCH_QUERIES = [
    "cai cach hanh chinh",
    "thủ tục hành chính",
    "mot cua",
    "dịch vụ công trực tuyến",
    "hai long",
    "chuyển đổi số",
    "ho so truc tuyen",
    "VNeID",
]
BENCH_POLL_PREFIX = "[bench]"


def info(_args) -> dict:
    """The URLs and credentials the harness requests, read from the demo site."""
    from urllib.parse import quote_plus

    from wagtail.models import Site

    from news.models import NewsArticlePage, NewsIndexPage
    from screens import services as screen_services
    from screens.models import Screen

    site = Site.objects.get(is_default_site=True)
    index = NewsIndexPage.objects.live().first()
    # The oldest demo article stays the same page whatever the bulk content added later.
    article = NewsArticlePage.objects.live().order_by("first_published_at", "pk").first()
    screen = Screen.objects.order_by("pk").first()
    token = secrets.token_urlsafe(32)
    if screen is not None:
        screen_services.set_token(screen=screen, token=token)
    return {
        "static": staticfiles_storage.url("css/site.css"),
        "home": site.root_page.specific.get_url(None) or "/",
        "news_index": index.get_url(None) if index else None,
        "article": article.get_url(None) if article else None,
        "search": [f"/search/?q={quote_plus(q)}" for q in SEARCH_QUERIES],
        "screen": {"id": screen.pk, "token": token} if screen else None,
        "articles": NewsArticlePage.objects.live().count(),
    }


def _insert_ballots(poll, choices: list, units: list, count: int) -> None:
    """`count` web ballots spread over choices, wards and the last 90 days, inserted by the database
    itself (one INSERT … SELECT), then the poll's count buckets rebuilt by the surveys service."""
    from surveys.models import Ballot

    table = Ballot._meta.db_table
    choice_case = " ".join(f"WHEN {i} THEN {pk}" for i, pk in enumerate(choices))
    unit_case = " ".join(f"WHEN {i} THEN {pk}" for i, pk in enumerate(units)) or "WHEN 0 THEN NULL"
    columns = (
        "poll_id, choice_id, channel, unit_id, kiosk_id, created_at, voter_hash, ip_hash, case_code, comment, "
        "comment_status"
    )
    # A skewed choice mix (more satisfied than not), as real polls have.
    choice_expr = f"CASE (n * 7 %% 10) %% {len(choices)} {choice_case} END"
    unit_expr = f"CASE n %% {max(1, len(units))} {unit_case} END"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT %s, {choice_expr}, 'web', {unit_expr}, NULL, "
                "now() - (n %% 90) * interval '1 day' - (n %% 600) * interval '1 minute', "
                "'bench' || %s || '-' || n, '', '', '', '' FROM generate_series(1, %s) AS n",
                [poll.pk, poll.pk, count],
            )
        else:
            cursor.execute(
                "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < %s) "
                f"INSERT INTO {table} ({columns}) SELECT %s, {choice_expr}, 'web', {unit_expr}, NULL, "
                "strftime('%%Y-%%m-%%d %%H:%%M:%%f', 'now', '-' || (n %% 90) || ' days', "
                "'-' || (n %% 600) || ' minutes'), "
                "'bench' || %s || '-' || n, '', '', '', '' FROM seq",
                [count, poll.pk, poll.pk],
            )


def polls(args) -> dict:
    """Three city-wide open polls: one to vote on, one with `--small` and one with `--large` ballots."""
    from campaign_site.models import AdministrativeUnit
    from surveys.models import Poll, PollChoice, ResultsVisibility
    from surveys.services import rebuild_counts

    wards = list(AdministrativeUnit.objects.filter(children__isnull=True).values_list("pk", flat=True)[:8])
    created = {}
    for name, ballots in (("vote", 0), ("small", args.small), ("large", args.large)):
        poll = Poll(
            question=f"{BENCH_POLL_PREFIX} Mức độ hài lòng ({name})",
            opens_at=timezone.now() - dt.timedelta(days=120),
            results_visibility=ResultsVisibility.ALWAYS,
            allow_comment=True,
        )
        for order, (label, positive) in enumerate(
            (("Rất hài lòng", True), ("Hài lòng", True), ("Không hài lòng", False))
        ):
            poll.choices.add(PollChoice(label=label, is_positive=positive, sort_order=order))
        poll.save()
        choices = list(poll.choices.order_by("sort_order").values_list("pk", flat=True))
        started = time.monotonic()
        if ballots:
            with transaction.atomic():
                _insert_ballots(poll, choices, wards, ballots)
            rebuild_counts(poll=poll)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:  # as autovacuum would within a minute
                    cursor.execute("ANALYZE surveys_ballot, surveys_pollresultcount")
        created[name] = {
            "id": poll.pk,
            "choices": choices,
            "ballots": poll.ballots.count(),
            "seconds": round(time.monotonic() - started, 1),
        }
    return created


def ballots(args) -> dict:
    from django.db.models import Sum

    from surveys.models import Ballot, PollResultCount

    counted = PollResultCount.objects.filter(poll_id=args.poll).aggregate(n=Sum("count"))["n"] or 0
    return {"ballots": Ballot.objects.filter(poll_id=args.poll).count(), "counted": counted}


def articles(_args) -> dict:
    from news.models import NewsArticlePage

    return {"articles": NewsArticlePage.objects.live().count()}


def analyze(_args) -> dict:
    # VACUUM as well, as autovacuum would after a bulk load: add_bulk writes each search index entry
    # twice (inserted, then updated for its title norm), and the dead half would stay in the heap
    # every search reads.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {"analyzed": True}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.fixtures")
    sub = parser.add_subparsers(dest="action", required=True)
    sub.add_parser("info")
    sub.add_parser("articles")
    sub.add_parser("analyze")
    polls_parser = sub.add_parser("polls")
    polls_parser.add_argument("--small", type=int, default=100)
    polls_parser.add_argument("--large", type=int, default=1_000_000)
    ballots_parser = sub.add_parser("ballots")
    ballots_parser.add_argument("--poll", type=int, required=True)
    args = parser.parse_args()
    actions = {"info": info, "articles": articles, "polls": polls, "ballots": ballots, "analyze": analyze}
    emit(actions[args.action](args))


if __name__ == "__main__":
    main()
