"""The background worker freezes Django's start-up objects out of the garbage collector's full
collections before its first task (campaign_site/startup_gc.py)."""

import gc

import pytest
from django.core.management import call_command

from campaign_site.management.commands import run_worker
from campaign_site.startup_gc import freeze_startup_objects


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()  # the rest of the test run collects as usual


def test_freezing_moves_surviving_objects_out_of_the_collected_generations(unfrozen):
    survivor, garbage = [object()], [None]
    garbage[0] = garbage  # a reference cycle nobody holds once the name is gone
    garbage_id = id(garbage)
    del garbage
    frozen = freeze_startup_objects()
    # What it returns is the count it left; another thread may free a frozen object since (seen
    # once on PostgreSQL), never add one.
    assert 0 < gc.get_freeze_count() <= frozen
    tracked = {id(obj) for obj in gc.get_objects()}
    assert id(survivor) not in tracked  # frozen: full collections no longer walk it
    assert garbage_id not in tracked  # collected before freezing, not kept for ever


def test_run_worker_freezes_before_starting_the_worker(unfrozen, monkeypatch):
    seen = []
    monkeypatch.setattr(run_worker, "call_command", lambda *args, **kwargs: seen.append(gc.get_freeze_count()))
    call_command("run_worker", "--interval", "0.1")
    assert len(seen) == 1 and seen[0] > 0
