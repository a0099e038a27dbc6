from django.conf.locale.vi.formats import *  # noqa: F403 - Django's own formats for the language

from campaign_site.formats.input_formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS, TIME_INPUT_FORMATS

__all__ = ["DATETIME_INPUT_FORMATS", "DATE_INPUT_FORMATS", "TIME_INPUT_FORMATS"]
