"""Admin dates are day-first in every admin language: 05/11/2026 is 5 November, never 11 May."""

import datetime as dt

import pytest
from django import forms
from django.conf import settings
from django.utils import translation


@pytest.mark.parametrize("language", ["vi", "en"])
def test_day_first_dates_parse_in_every_admin_language(language):
    with translation.override(language):
        assert forms.DateField().clean("05/11/2026") == dt.date(2026, 11, 5)
        assert forms.DateField().clean("21/11/2026") == dt.date(2026, 11, 21)
        assert forms.DateField().clean("2026-11-05") == dt.date(2026, 11, 5)
        moment = forms.DateTimeField().clean("21/11/2026 08:30")
        assert (moment.day, moment.month, moment.hour, moment.minute) == (21, 11, 8, 30)


def test_wagtail_widgets_send_what_django_parses():
    sample = dt.datetime(2026, 11, 5, 8, 30)
    with translation.override("vi"):
        assert forms.DateField().clean(sample.strftime(settings.WAGTAIL_DATE_FORMAT)) == sample.date()
        parsed = forms.DateTimeField().clean(sample.strftime(settings.WAGTAIL_DATETIME_FORMAT))
        assert parsed.replace(tzinfo=None) == sample


@pytest.mark.parametrize("value", ["31/02/2026", "2026-13-01", "hôm qua"])
def test_impossible_dates_are_refused(value):
    with translation.override("vi"), pytest.raises(forms.ValidationError):
        forms.DateField().clean(value)
