"""What the admin counts as a change: date-times to the minute, rich text without Draftail's keys."""

import datetime as dt
import zoneinfo

import pytest
from wagtail import blocks

from campaign_site.admin_form_fields import (
    MinuteDateTimeField,
    RichTextFormField,
    StreamFormField,
    without_block_keys,
)

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
STORED = dt.datetime(2026, 3, 5, 9, 0, 37, 123456, tzinfo=HANOI)


@pytest.mark.parametrize(
    ("posted", "changed"),
    [
        ("05/03/2026 09:00", False),
        ("5/3/2026 09:00", False),
        ("2026-03-05 09:00", False),
        ("2026-03-05 09:00:59", False),
        ("05/03/2026 09:01", True),
        ("05/03/2026 08:59", True),
        ("06/03/2026 09:00", True),
        ("03/05/2026 09:00", True),  # day-first: 3 May is another day
        ("", True),
        ("không phải ngày", True),
    ],
)
def test_date_times_are_compared_to_the_minute(posted, changed, settings):
    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"
    field = MinuteDateTimeField(show_hidden_initial=True)
    assert field.show_hidden_initial is False
    assert field.has_changed(STORED, posted) is changed


def test_an_empty_date_time_stays_unchanged_when_left_empty():
    assert MinuteDateTimeField(required=False).has_changed(None, "") is False
    assert MinuteDateTimeField(required=False).has_changed(None, "05/03/2026 09:00") is True


def test_a_disabled_date_time_never_changes():
    assert MinuteDateTimeField(disabled=True).has_changed(STORED, "01/01/2000 00:00") is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('<p data-block-key="a1b2c">Một cửa</p>', "<p>Một cửa</p>"),
        ('<p data-block-key="a1b2c">A</p><h2 data-block-key="x9">B</h2>', "<p>A</p><h2>B</h2>"),
        ('"<p data-block-key=\\"k3\\">A</p>"', '"<p>A</p>"'),  # inside JSON
        ("<p>data-block-key is text here</p>", "<p>data-block-key is text here</p>"),
    ],
)
def test_without_block_keys(text, expected):
    assert without_block_keys(text) == expected


@pytest.mark.parametrize(
    ("stored", "posted", "changed"),
    [
        ("<p>Một cửa</p>", '<p data-block-key="q1w2e">Một cửa</p>', False),
        ('<p data-block-key="old">Một cửa</p>', '<p data-block-key="new">Một cửa</p>', False),
        ("<p>Một cửa</p>", '<p data-block-key="q1w2e">Một của</p>', True),
        ("<p>Một cửa</p>", "<p>Một cửa</p><p></p>", True),
    ],
)
def test_rich_text_ignores_block_keys(stored, posted, changed):
    assert RichTextFormField().has_changed(stored, posted) is changed


def test_stream_fields_ignore_block_keys_but_see_every_other_change():
    block = blocks.StreamBlock([("paragraph", blocks.RichTextBlock())])
    field = StreamFormField(block=block)

    def stream(html, block_id="b1"):
        return block.to_python([{"type": "paragraph", "value": html, "id": block_id}])

    assert not field.has_changed(stream("<p>Một cửa</p>"), stream('<p data-block-key="k1">Một cửa</p>'))
    assert field.has_changed(stream("<p>Một cửa</p>"), stream("<p>Một của</p>"))
    assert field.has_changed(stream("<p>Một cửa</p>"), stream("<p>Một cửa</p>", block_id="b2"))
    # As PostgreSQL's jsonb returns it: the same block with its keys in another order.
    reordered = block.to_python([{"value": "<p>Một cửa</p>", "id": "b1", "type": "paragraph"}])
    assert not field.has_changed(reordered, stream("<p>Một cửa</p>"))
