"""The story index's token values are stored (bulletins.StoryToken, filled by a migration): a faster
way of computing them must give exactly the same integers, or stored items would no longer be found."""

import hashlib
import random

from bulletins.story_index import lookup_tokens, stored_tokens

WORDS = [f"tu{n}" for n in range(40)] + ["ha", "noi", "cai", "cach", "thu", "tuc", "2026", "đ"]


def titles() -> list[str]:
    rng = random.Random(5)
    return [" ".join(rng.choices(WORDS, k=rng.randint(0, 24))) for _ in range(2000)]


def test_known_tokens():
    key = "ha noi day manh cai cach thu tuc hanh chinh nam 2026"
    assert stored_tokens(key) == (4392991293253492497, 7267725962164149680, 2700931935952544025, -1570207703358578402)
    assert lookup_tokens(key) == (
        -2600099295217226690,
        -9223217508615276954,
        205601856471712249,
        4392991293253492497,
        7267725962164149680,
        2700931935952544025,
        -1570207703358578402,
    )
    assert lookup_tokens("so noi vu") == (2200123725704316968,)
    assert stored_tokens("") == lookup_tokens("") == ()


def test_tokens_of_many_titles_are_unchanged():
    digest = hashlib.sha256()
    for key in titles():
        digest.update(repr((stored_tokens(key), lookup_tokens(key))).encode())
    assert digest.hexdigest() == "722aea5013730f8eb57a0b208ae274f575dc052b261b220ecf66e0d7808fd693"
