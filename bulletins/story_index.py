"""Story grouping's word index: which stored titles may be near-identical to a new one.

Two titles are the same story when they start with the same three words and their word sets have
Jaccard ≥ 0.8 (services.story_grouping._similar), which needs sizes within 4:5 and at most ⌊s/4⌋ words
differing, s being the smaller size. Split the words after those three into ⌊s/4⌋ + 1 groups by a
fixed hash: the differing words touch at most ⌊s/4⌋ groups, so the two titles hold exactly the
same words in at least one group; any split into more groups too. So each item is stored
(models.StoryToken) under the groups of the split its own size n calls for (⌊n/4⌋ + 1: enough for
every partner, whichever is smaller), and a new title looks up the groups of every split its
possible partners' sizes call for. It reads only the stored titles sharing one whole group with it,
never the whole grouping window.
"""

from __future__ import annotations

import zlib
from functools import lru_cache
from hashlib import blake2b


def title_prefix(key: str) -> str:
    return " ".join(key.split()[:3])


def min_overlap(size: int) -> int:
    """The fewest shared words two titles need when one has `size` words (Jaccard ≥ 0.8 needs
    |a ∩ b| ≥ 0.8 × |a ∪ b| ≥ 0.8 × size)."""
    return -(-size * 4 // 5)


def stored_tokens(title_key: str) -> tuple[int, ...]:
    """The tokens an item with this folded title is stored under (none for '')."""
    size = _title(title_key)[1]
    return _split(title_key, size // 4 + 1) if size else ()


def lookup_tokens(title_key: str) -> tuple[int, ...]:
    """The tokens a new item with this folded title looks up: the stored ones of every title whose
    size is within 4:5 of its own (none for '')."""
    size = _title(title_key)[1]
    tokens: list[int] = []
    # Those sizes run from min_overlap(size) to size × 5/4, stored under `size // 4 + 1` groups: the
    # counts of a run of sizes are a run too.
    for count in range(min_overlap(size) // 4 + 1, size * 5 // 4 // 4 + 2) if size else ():
        tokens += _split(title_key, count)
    return tuple(tokens)


@lru_cache(maxsize=8192)  # an ingest looks a title up, then stores it under one of the same splits
def _split(title_key: str, count: int) -> tuple[int, ...]:
    """One token per group of the title's words after its first three, split `count` ways."""
    prefix, _size, hashed = _title(title_key)
    groups = [[] for _ in range(count)]
    for crc, word in hashed:  # in word order, so each group's words come out sorted
        groups[crc % count].append(word)
    head = f"{prefix}\x1f{count}\x1f"
    # 64-bit integers index smaller than text; a collision only adds a candidate the exact test drops.
    texts = [f"{head}{n}\x1f{' '.join(group)}".encode() for n, group in enumerate(groups)]
    return tuple([int.from_bytes(blake2b(text, digest_size=8).digest(), "big", signed=True) for text in texts])


@lru_cache(maxsize=1024)  # a lookup splits a title several ways: its words are read once
def _title(title_key: str) -> tuple[str, int, tuple[tuple[int, str], ...]]:
    """The title's three-word prefix, its number of distinct words, and each distinct word after the
    prefix (sorted) with its fixed hash."""
    words = title_key.split()
    distinct = set(words)
    # A fixed hash (not Python's, which changes per process): changing it needs the index rebuilt.
    rest = sorted(distinct.difference(words[:3]))
    return " ".join(words[:3]), len(distinct), tuple((zlib.crc32(word.encode()), word) for word in rest)
