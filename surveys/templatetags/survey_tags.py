"""Small filters for the survey form: {% load survey_tags %}."""

from django import template

register = template.Library()


@register.filter
def field_name(question) -> str:
    """The form field name of a survey question: q<id>."""
    return f"q{question.pk}"


@register.filter
def lookup(mapping, key):
    """mapping[key] or "" (works for dicts and QueryDicts)."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""
