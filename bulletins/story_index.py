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


def title_prefix(key: str) -> str:
    return title_words(key)[0]


# A feed's lookup returns ~2,000 stored titles with a full inbox, most of them again for the next feed
# of the same news: each is split once per worker (about 1.5 KB an entry, 6 MB at most).
@lru_cache(maxsize=4096)
def title_words(key: str) -> tuple[str, frozenset[str]]:
    """The title's three-word prefix and its set of words."""
    words = key.split()
    return " ".join(words[:3]), frozenset(words)


def min_overlap(size: int) -> int:
    """The fewest shared words two titles need when one has `size` words (Jaccard ≥ 0.8 needs
    |a ∩ b| ≥ 0.8 × |a ∪ b| ≥ 0.8 × size)."""
    return -(-size * 4 // 5)


def stored_tokens(title_key: str) -> tuple[int, ...]:
    """The tokens an item with this folded title is stored under (none for '')."""
    return _tokens(title_key)[0]


def lookup_tokens(title_key: str) -> tuple[int, ...]:
    """The tokens a new item with this folded title looks up: the stored ones of every title whose
    size is within 4:5 of its own (none for '')."""
    return _tokens(title_key)[1]


@lru_cache(maxsize=1024)  # an ingest looks a title up, then stores it
def _tokens(title_key: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(stored, looked up): every split the title looks up, its words read and hashed once for them
    all; the split of its own size is the one it is stored under."""
    words = title_key.split()
    distinct = set(words)
    size = len(distinct)
    if not size:
        return (), ()
    prefix = title_prefix(title_key)
    # Each distinct word after the prefix, in order, with a fixed hash (not Python's, which changes per
    # process): changing it needs the index rebuilt (a migration, as 0007).
    rest = sorted(distinct.difference(words[:3]))
    hashed = [(zlib.crc32(word.encode()), word) for word in rest]
    own = size // 4 + 1
    stored: tuple[int, ...] = ()
    looked_up: list[int] = []
    # The partners' sizes run from min_overlap(size) to size × 5/4, stored under `size // 4 + 1` groups:
    # the counts of a run of sizes are a run too, and the title's own count is one of them.
    for count in range(min_overlap(size) // 4 + 1, size * 5 // 4 // 4 + 2):
        split = _split(prefix, hashed, count)
        looked_up += split
        if count == own:
            stored = split
    return stored, tuple(looked_up)


def _split(prefix: str, hashed: list[tuple[int, str]], count: int) -> tuple[int, ...]:
    """One token per group of the words after the prefix, split `count` ways by their hash: the CRC-32
    of the prefix, the split and the group, as a signed 32-bit integer (the column's type)."""
    groups = [[] for _ in range(count)]
    for crc, word in hashed:  # in word order, so each group's words come out sorted
        groups[crc % count].append(word)
    # 32 bits: every feed writes its tokens at random places of the lookup index, so the index's size is
    # what a feed writes; a collision (about one lookup in four million) only adds a candidate that the
    # exact test drops.
    head = zlib.crc32(f"{prefix}\x1f{count}\x1f".encode())
    crcs = [zlib.crc32(f"{n}\x1f{' '.join(group)}".encode(), head) for n, group in enumerate(groups)]
    return tuple([(crc ^ 0x8000_0000) - 0x8000_0000 for crc in crcs])
