"""Bursts of concurrent votes: nothing lost, nothing doubled, totals consistent with the rows."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Count
from django.test import Client, override_settings
from django.urls import reverse

from campaign_site.voters import VOTER_COOKIE
from surveys.models import Ballot, Kiosk, PollResultCount
from surveys.services import Refused, cast_ballot, issue_kiosk_token, rebuild_counts
from tests.concurrency import run_at_once

from .conftest import stored

THREADS = 24


def require_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (set DATABASE_URL); SQLite is covered by the burst test")


def per_choice(poll) -> tuple[dict, dict]:
    rows = dict(Ballot.objects.filter(poll=poll).values_list("choice").annotate(n=Count("pk")).order_by())
    buckets: dict = {}
    for choice_id, count in PollResultCount.objects.filter(poll=poll).values_list("choice_id", "count"):
        buckets[choice_id] = buckets.get(choice_id, 0) + count
    return rows, buckets


@pytest.mark.django_db(transaction=True)
@override_settings(SURVEYS_RATE_LIMIT=100_000)
def test_distinct_voters_at_once_all_count_exactly_once(poll, units):
    require_postgresql()
    choices = list(poll.choices.all())
    wards = [units["ward_a"], units["ward_b"], None]

    def vote(n: int) -> int:
        data = {"choice": choices[n % 3].pk}
        if wards[n % 3]:
            data["unit"] = wards[n % 3].pk
        return Client().post(reverse("surveys:vote", args=[poll.pk]), data, HTTP_ACCEPT="application/json").status_code

    statuses = run_at_once(vote, THREADS)
    assert statuses == [201] * THREADS
    assert stored(poll) == (THREADS, THREADS)
    rows, buckets = per_choice(poll)
    assert rows == buckets and sum(rows.values()) == THREADS
    before = sorted(PollResultCount.objects.values_list("choice_id", "unit_id", "count"))
    rebuild_counts(poll=poll)
    assert sorted(PollResultCount.objects.values_list("choice_id", "unit_id", "count")) == before


@pytest.mark.django_db(transaction=True)
@override_settings(SURVEYS_RATE_LIMIT=100_000)
def test_the_same_browser_at_once_gets_exactly_one_ballot(poll):
    require_postgresql()
    first = Client()
    first.get(reverse("surveys:vote", args=[poll.pk]))  # the browser gets its voter cookie
    cookie = first.cookies[VOTER_COOKIE.name].value
    choices = list(poll.choices.all())

    def vote(n: int) -> int:
        client = Client()
        client.cookies[VOTER_COOKIE.name] = cookie
        url = reverse("surveys:vote", args=[poll.pk])
        return client.post(url, {"choice": choices[n % 3].pk}, HTTP_ACCEPT="application/json").status_code

    statuses = run_at_once(vote, THREADS)
    assert sorted(statuses) == [201] + [409] * (THREADS - 1)
    assert stored(poll) == (1, 1)


@pytest.mark.django_db(transaction=True)
def test_one_kiosk_at_once_respects_its_interval(poll, units):
    require_postgresql()
    kiosk = Kiosk.objects.create(name="Quầy", unit=units["ward_a"], poll=poll, min_interval_seconds=60)
    issue_kiosk_token(kiosk=kiosk)
    choice = poll.choices.first()

    def vote(n: int):
        try:
            cast_ballot(poll=poll, choice=choice, channel="kiosk", voter_key="", ip=None, kiosk=kiosk)
            return "ok"
        except Refused as refusal:
            return refusal.status

    results = run_at_once(vote, THREADS)
    assert sorted(results, key=str) == [429] * (THREADS - 1) + ["ok"]
    assert stored(poll) == (1, 1)


@pytest.mark.django_db(transaction=True)
@pytest.mark.timeout(240)  # starts Django in a subprocess, itself under a timeout
def test_sqlite_file_burst_loses_nothing(tmp_path):
    """The default `make run` database: a SQLite file with WAL and BEGIN IMMEDIATE, behind a threaded
    HTTP server, takes a burst of simultaneous votes without an error response or a lost ballot."""
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite burst runs in the SQLite test run")
    # Copy the migrated (in-memory) test database to a file rather than migrating from scratch.
    path = tmp_path / "burst.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        SQLITE_PATH=str(path),
        DJANGO_SETTINGS_MODULE="campaign_site.settings.test",
        BURST_VOTERS="60",
    )
    script = Path(__file__).with_name("sqlite_burst.py")
    done = subprocess.run(
        [sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["journal_mode"] == "wal"
    assert result["statuses"] == [201] * 60
    assert result["ballots"] == 60 and result["counted"] == 60
