"""Bounded input at the root: ids in URLs (the `id` converter), years in URLs (the `year`
converter), dates typed in forms and the date picker (campaign_site/dates.py)."""

import datetime as dt

import pytest
from django.urls import resolve
from django.utils import timezone, translation

from bulletins.forms import DraftForm, InboxActionForm
from campaign_site import dates
from campaign_site.converters import MAX_ID, IdConverter, YearConverter


@pytest.mark.parametrize("value", [str(MAX_ID + 1), "9" * 19, str(2**64)])
def test_ids_beyond_64_bits_are_no_match(value):
    with pytest.raises(ValueError):
        IdConverter().to_python(value)
    # Not the rating view: only Wagtail's page catch-all matches, which answers 404.
    assert resolve(f"/ratings/{value}/").url_name != "rate"


def test_ids_within_64_bits_resolve():
    assert resolve(f"/ratings/{MAX_ID}/").kwargs == {"page_id": MAX_ID}


@pytest.mark.parametrize("year", ["0001", "0000", "1899", "2201", "9999"])
def test_years_outside_the_site_are_no_match(year):
    with pytest.raises(ValueError):
        YearConverter().to_python(year)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-05-06", dt.date(2025, 5, 6)),
        ("0001-01-01", None),
        ("9999-12-31", None),
        ("2025-02-30", None),
        ("", None),
        ("\x00", None),
        ("2025-05-06T99:99", dt.date(2025, 5, 6)),
    ],
)
def test_parse_iso_date_is_bounded(text, expected):
    assert dates.parse_iso_date(text) == expected


@pytest.mark.parametrize("form_class", [DraftForm, InboxActionForm])
@pytest.mark.parametrize("days", [400, -400, 365 * 180])
def test_bulletin_dates_far_from_today_are_refused_in_vietnamese(db, form_class, days):
    day = timezone.localdate() + dt.timedelta(days=days)
    with translation.override("vi"):
        form = form_class(data={"bulletin_date": day.isoformat(), "action": "pick"})
        assert not form.is_valid()
        message = " ".join(form.errors["bulletin_date"])
    assert "ngày" in message and ("cách hôm nay" in message or "trong khoảng" in message)


def test_a_bulletin_date_near_today_is_accepted(db):
    assert DraftForm(data={"bulletin_date": timezone.localdate().isoformat()}).is_valid()


@pytest.mark.parametrize("year", [1, 1899, 2201, 9999])
def test_site_dates_refuse_years_the_database_cannot_hold_in_local_time(year):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        dates.validate_site_date(dt.date(year, 1, 1))
