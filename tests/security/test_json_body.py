"""campaign_site.json_body: stranger's JSON, bounded in size and depth, never a RecursionError."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaign_site import json_body

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=20,
)


@given(JSON_VALUES)
def test_ordinary_json_round_trips(value):
    body = json.dumps(value).encode()
    assert json_body.parse(body, max_bytes=len(body) + 1, max_depth=100) == value


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b"{" * 50_000,
        b'{"a":' * 5000 + b"1" + b"}" * 5000,
        b"[" * 33 + b"]" * 33,
        b"\xff\xfe",
        b"not json",
        b'{"a": "unterminated',
    ],
)
def test_deep_or_broken_bodies_are_a_400(body):
    with pytest.raises(json_body.BadJson) as error:
        json_body.parse(body, max_bytes=10**7)
    assert error.value.status == 400


def test_brackets_inside_strings_do_not_count_as_nesting():
    body = json.dumps({"text": "[[[[{{{{" * 100, "quote": 'a\\"[[['}).encode()
    assert json_body.parse(body, max_bytes=10**6)["text"].startswith("[[[[")


def test_too_large_is_a_413_and_empty_is_the_empty_default():
    with pytest.raises(json_body.BadJson) as error:
        json_body.parse(b"[]" * 100, max_bytes=10)
    assert error.value.status == 413
    assert json_body.parse(b"", max_bytes=10) == {}
