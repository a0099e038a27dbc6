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


def test_one_date_style_in_every_display_format():
    """d/m/yyyy and "HH:MM d/m/yyyy" wherever Django or Wagtail print a date (listings, tooltips,
    reports), the style the admin's widgets show and take."""
    from django.template import Context, Template
    from django.utils import formats, timezone

    moment = timezone.make_aware(dt.datetime(2026, 3, 5, 8, 7))
    with translation.override("vi"):
        assert formats.date_format(moment.date()) == "05/03/2026"
        assert formats.date_format(moment.date(), "SHORT_DATE_FORMAT") == "05/03/2026"
        assert formats.date_format(moment, "DATETIME_FORMAT") == "08:07 05/03/2026"
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "08:07 05/03/2026"
        rendered = Template("{{ day }}|{{ moment }}|{{ moment|date }}").render(
            Context({"day": moment.date(), "moment": moment})
        )
        assert rendered == "05/03/2026|08:07 05/03/2026|05/03/2026"
        assert moment.date().strftime(settings.WAGTAIL_DATE_FORMAT) == formats.date_format(moment.date())


def test_wagtail_date_tooltips_use_the_same_style():
    from django.utils import timezone
    from wagtail.admin.templatetags.wagtailadmin_tags import human_readable_date

    moment = timezone.make_aware(dt.datetime(2026, 3, 5, 8, 7))
    with translation.override("vi"):
        from django.utils.dateformat import format as date_format

        assert date_format(moment, human_readable_date(moment)["tooltip_format"]) == "08:07 05/03/2026"
        assert date_format(moment.date(), human_readable_date(moment.date())["tooltip_format"]) == "05/03/2026"
