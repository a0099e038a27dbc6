"""This process's copy of the page-cache entries it served last, so a hit does not move the page
through Redis on every request.

Each stored entry gets a random *stamp*, written beside it under a small key. A hit reads that
stamp together with the generation tokens (one round trip, a few hundred bytes) and takes the
entry from this memo when the memo holds the same stamp; otherwise it reads the entry from the
cache and remembers it. A stamp names one stored entry for ever, so the memo can only ever return
what the cache itself holds under that stamp, and the tokens are checked exactly as before: the
memo changes where the bytes come from, never whether an answer is current.

Bounded by bytes (PAGE_CACHE_MEMO_BYTES, per process; 0 turns it off), least recently used first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from campaign_site import conf

# A page bigger than this share of the memo is always read from the cache: one large answer must
# not push out many ordinary pages.
LARGEST_SHARE = 8
OVERHEAD_BYTES = 1024  # headers and the entry's small fields, roughly


class EntryMemo:
    def __init__(self):
        self._items: OrderedDict[str, tuple[str, dict, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()  # gunicorn threads share the process's memo

    def get(self, key: str, stamp: str) -> dict | None:
        with self._lock:
            item = self._items.get(key)
            if item is None or item[0] != stamp:
                return None
            self._items.move_to_end(key)
            return item[1]

    def put(self, key: str, stamp: str, entry: dict) -> None:
        limit = conf.page_cache_memo_bytes()
        size = len(entry["content"]) + OVERHEAD_BYTES
        with self._lock:
            self._drop(key)
            if size > limit // LARGEST_SHARE:
                return
            self._items[key] = (stamp, entry, size)
            self._bytes += size
            while self._bytes > limit:
                self._drop(next(iter(self._items)))

    def _drop(self, key: str) -> None:
        item = self._items.pop(key, None)
        if item is not None:
            self._bytes -= item[2]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._items)

    @property
    def size(self) -> int:
        return self._bytes


memo = EntryMemo()
