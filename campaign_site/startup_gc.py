"""Keep the objects Django's start-up leaves out of the garbage collector's full collections.

After `django.setup()` a process tracks about 127,000 objects (models, URL patterns, templates,
translations) that live until it exits. Every full collection walks them all again: about 45 ms
each time one falls inside a feed ingest. `gc.freeze()` moves them to a permanent generation the
collector never scans; everything created later is collected as before.

Long-running processes call `freeze_startup_objects()` once, after start-up and before their
first job: the background worker (`run_worker`), and the ingest benchmark, which must measure the
ingest the way the worker runs it.
"""

from __future__ import annotations

import gc


def freeze_startup_objects() -> int:
    """Collect start-up garbage, then freeze every surviving object; returns how many are frozen."""
    gc.collect()  # garbage frozen now would never be freed
    gc.freeze()
    return gc.get_freeze_count()
