"""Vietnamese display formats: one date style everywhere, d/m/yyyy and "HH:MM d/m/yyyy".

Django's own "vi" formats write "Ngày 05 tháng 12 năm 2026" and "05-12-2026": the admin's
listings, tooltips and reports showed both beside the widgets' 05/12/2026. Every format that
prints a date is the one the admin's date widgets show and take (WAGTAIL_DATE_FORMAT).
"""

from django.conf.locale.vi.formats import *  # noqa: F403 - Django's own formats for the language

from campaign_site.formats.input_formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS, TIME_INPUT_FORMATS

DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "H:i d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"

__all__ = [
    "DATETIME_FORMAT",
    "DATETIME_INPUT_FORMATS",
    "DATE_FORMAT",
    "DATE_INPUT_FORMATS",
    "SHORT_DATETIME_FORMAT",
    "SHORT_DATE_FORMAT",
    "TIME_INPUT_FORMATS",
]
