"""Dates a visitor or an editor types: bounded to years the site can mean.

Python's dates run from year 1 to 9999, but year 1 in Asia/Ho_Chi_Minh is before the earliest UTC
datetime and 9999-12-31 is after the last one once a day is added: both end in OverflowError deep in
a query (a 500). Archive URLs, the date picker and date form fields go through here instead.
"""

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

MIN_YEAR = 1900
MAX_YEAR = 2200


def year_in_range(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


def parse_iso_date(text: str) -> dt.date | None:
    """YYYY-MM-DD within the site's years, else None."""
    try:
        day = dt.date.fromisoformat((text or "").strip()[:10])
    except ValueError:
        return None
    return day if year_in_range(day.year) else None


_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def parse_site_date(text: str) -> dt.date | None:
    """A date as a Vietnamese reader types it, day first ("5/3/2026", "05-03-2026", "05.03.2026"),
    or YYYY-MM-DD; within the site's years, else None. Public date fields are text inputs: a
    browser's own date input shows month first in an English browser, whatever the page's lang."""
    text = (text or "").strip()
    match = _DAY_FIRST.match(text)
    if match is None:
        return parse_iso_date(text) if len(text) == 10 else None
    day, month, year = (int(part) for part in match.groups())
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return None
    return value if year_in_range(value.year) else None


def validate_site_date(value: dt.date | dt.datetime | None) -> None:
    if value is not None and not year_in_range(value.year):
        raise ValidationError(
            _("Please enter a date between the years %(min)s and %(max)s."),
            code="date_out_of_range",
            params={"min": MIN_YEAR, "max": MAX_YEAR},
        )


@deconstructible
class NearToday:
    """Refuses dates more than `days` days before or after today (a typing slip, such as 2205 for
    2025). Usable as a model field validator (it deconstructs for migrations)."""

    def __init__(self, days: int = 366):
        self.days = days

    def __call__(self, value: dt.date | None) -> None:
        if value is None:
            return
        if isinstance(value, dt.datetime):
            value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        if abs((value - timezone.localdate()).days) > self.days:
            raise ValidationError(
                _("This date is more than %(days)s days from today; please check it."),
                code="date_far_from_today",
                params={"days": self.days},
            )

    def __eq__(self, other):
        return isinstance(other, NearToday) and other.days == self.days


class SiteDateField(forms.DateField):
    default_validators = [validate_site_date]
