"""Story grouping's word index: which stored titles may be near-identical to a new one.

Two titles are the same story when they start with the same three words and their word sets have
Jaccard ≥ 0.8 (services.ingest._similar), which needs sizes within 4:5 and at most ⌊s/4⌋ words
differing, s being the smaller size. Split the words after those three into ⌊s/4⌋ + 1 groups by a
fixed hash: the differing words touch at most ⌊s/4⌋ groups, so the two titles hold exactly the
same words in at least one group. Each item is stored (models.StoryToken) under every group of
every split its possible partners' sizes call for, so a new title reads only the stored titles
that share one whole group with it, never the whole grouping window.
"""

from __future__ import annotations

import hashlib
import zlib
from functools import lru_cache


def title_prefix(key: str) -> str:
    return " ".join(key.split()[:3])


def min_overlap(size: int) -> int:
    """The fewest shared words two titles need when one has `size` words (Jaccard ≥ 0.8 needs
    |a ∩ b| ≥ 0.8 × |a ∪ b| ≥ 0.8 × size)."""
    return -(-size * 4 // 5)


def _token(text: str) -> int:
    # 64-bit integers index smaller than text; a collision only adds a candidate the exact test drops.
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big", signed=True)


@lru_cache(maxsize=4096)  # an ingest asks twice per title: to look up, then to store
def story_tokens(title_key: str) -> tuple[int, ...]:
    """The tokens an item with this folded title is stored and looked up under (none for '')."""
    words = title_key.split()
    if not words:
        return ()
    prefix, distinct = " ".join(words[:3]), set(words)
    # A fixed hash (not Python's, which changes per process): changing it needs the index rebuilt.
    rest = [(zlib.crc32(word.encode()), word) for word in distinct - set(words[:3])]
    tokens: list[int] = []
    # s: the smaller size of a pair this title can be similar to (itself, or down to 4/5 of it).
    for splits in sorted({s // 4 + 1 for s in range(min_overlap(len(distinct)), len(distinct) + 1)}):
        groups: list[list[str]] = [[] for _ in range(splits)]
        for crc, word in rest:
            groups[crc % splits].append(word)
        tokens += [_token(f"{prefix}\x1f{splits}\x1f{n}\x1f{' '.join(sorted(g))}") for n, g in enumerate(groups)]
    return tuple(tokens)
