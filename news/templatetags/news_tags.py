"""{% load news_tags %}: the article body with glossary abbreviations, figures, query strings."""

from django import template
from django.utils.safestring import mark_safe

from campaign_site.text import format_number
from news.abbreviations import mark_abbreviations

register = template.Library()


@register.simple_tag(takes_context=True)
def article_body(context, page):
    """The rendered StreamField body, with the first use of each glossary term in <abbr title>."""
    html = page.body.render_as_block(context=context.flatten())
    return mark_safe(mark_abbreviations(str(html)))  # noqa: S308 - rendered by Wagtail's block templates


@register.filter
def figure(value):
    """84.57 -> '84,57', 8429 -> '8.429', 27.00 -> '27'."""
    if value is None or value == "":
        return ""
    try:
        decimals = 0 if float(value) == int(float(value)) else 2
    except (TypeError, ValueError):
        return ""
    text = format_number(value, decimals)
    return text.rstrip("0").rstrip(",") if "," in text else text


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (and the page number dropped)."""
    request = context.get("request")
    query = request.GET.copy() if request else None
    if query is None:
        return ""
    query.pop("page", None)
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def safe_embed(embed_value):
    """{{ value.embed|safe_embed }}: the provider's iframe, never its scripts."""
    from campaign_site.sanitize import clean_embed

    html = getattr(embed_value, "html", "") or ""
    return mark_safe(clean_embed(html))  # noqa: S308 - cleaned by nh3 just above


@register.filter
def page_numbers(page_obj):
    """1 … 4 5 [6] 7 8 … 834: a short page list, however many pages there are."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
