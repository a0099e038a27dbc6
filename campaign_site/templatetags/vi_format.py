"""Template filters for Vietnamese dates and numbers: {% load vi_format %}."""

from django import template

from campaign_site import text

register = template.Library()


@register.filter
def vi_datetime(value):
    """{{ page.published_at|vi_datetime }} -> 'Thứ tư, 04/03/2020 11:04'."""
    return text.format_datetime_long(value)


@register.filter
def vi_date_long(value):
    """'Thứ tư, 04/03/2020'."""
    return text.format_date_long(value)


@register.filter
def vi_date(value):
    """'22/3/2024'."""
    return text.format_date(value)


@register.filter
def vi_day_month(value):
    """'21/3'."""
    return text.format_day_month(value)


@register.filter
def vi_number(value, decimals=0):
    """{{ 2599|vi_number }} -> '2.599'; {{ 84.567|vi_number:2 }} -> '84,57'."""
    try:
        decimals = int(decimals)
    except (TypeError, ValueError):
        decimals = 0
    return text.format_number(value, decimals)


@register.filter
def vi_percent(value, decimals=2):
    """{{ 84.57|vi_percent }} -> '84,57%'."""
    try:
        decimals = int(decimals)
    except (TypeError, ValueError):
        decimals = 2
    return text.format_percent(value, decimals)
