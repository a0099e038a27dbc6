"""The story index's token values are stored (bulletins.StoryToken, filled by migration 0007): a faster
way of computing them must give exactly the same integers, or stored items would no longer be found.
A change of the values needs a migration that fills the index again."""

import hashlib
import random
import zlib

from bulletins.story_index import lookup_tokens, min_overlap, stored_tokens

WORDS = [f"tu{n}" for n in range(40)] + ["ha", "noi", "cai", "cach", "thu", "tuc", "2026", "đ"]


def titles() -> list[str]:
    rng = random.Random(5)
    return [" ".join(rng.choices(WORDS, k=rng.randint(0, 24))) for _ in range(2000)]


def by_definition(key: str, count: int) -> tuple[int, ...]:
    """The words after the first three, distinct and sorted, split `count` ways by their CRC-32; each
    group's token is the CRC-32 of "prefix␟count␟n␟words", as a signed 32-bit integer."""
    words = key.split()
    prefix = " ".join(words[:3])
    groups = [[] for _ in range(count)]
    for word in sorted(set(words) - set(words[:3])):
        groups[zlib.crc32(word.encode()) % count].append(word)
    crcs = [zlib.crc32(f"{prefix}\x1f{count}\x1f{n}\x1f{' '.join(group)}".encode()) for n, group in enumerate(groups)]
    return tuple(crc - 2**32 if crc >= 2**31 else crc for crc in crcs)


def test_known_tokens():
    key = "ha noi day manh cai cach thu tuc hanh chinh nam 2026"
    assert stored_tokens(key) == (1560422556, -1886130616, 510414643, 879437929)
    assert lookup_tokens(key) == (-353921867, -1189843311, -1371353764, 1560422556, -1886130616, 510414643, 879437929)
    assert lookup_tokens("so noi vu") == (1723577631,)
    assert stored_tokens("") == lookup_tokens("") == ()


def test_tokens_are_the_documented_function_of_the_title():
    for key in titles():
        size = len(set(key.split()))
        if not size:
            continue
        assert stored_tokens(key) == by_definition(key, size // 4 + 1)
        counts = range(min_overlap(size) // 4 + 1, size * 5 // 4 // 4 + 2)
        assert lookup_tokens(key) == tuple(token for count in counts for token in by_definition(key, count))
        assert all(-(2**31) <= token < 2**31 for token in lookup_tokens(key))  # the column is 32-bit


def test_tokens_of_many_titles_are_unchanged():
    digest = hashlib.sha256()
    for key in titles():
        digest.update(repr((stored_tokens(key), lookup_tokens(key))).encode())
    assert digest.hexdigest() == "aa670bd85352ffe83ac1ea40a5b9a6c73d8050eb6ac5de0487f10548a345aebc"
