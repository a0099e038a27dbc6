"""`{% subscribe_box %}`: the no-JavaScript sign-up form any template can place.

    {% load subscription_tags %}
    {% subscribe_box %}                                  the bulletin (footer, bulletin pages)
    {% subscribe_box category=selected.category %}       a daily digest of one topic
    {% subscribe_box unit=selected.unit prefix="ward" %} a daily digest of one place

It reads nothing from the database, so it may sit inside cached fragments (the footer).
"""

from urllib.parse import urlencode

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.inclusion_tag("subscriptions/includes/subscribe_form.html")
def subscribe_box(category=None, unit=None, title=None, prefix="box"):
    category, unit = category or None, unit or None  # an unset template variable arrives as ""
    topical = category is not None or unit is not None
    query = [("categories", category.pk) for category in [category] if category is not None]
    query += [("units", unit.pk) for unit in [unit] if unit is not None]
    if title is None:
        if category is not None:
            title = _("News of “%(name)s” by e-mail") % {"name": category}
        elif unit is not None:
            title = _("News of %(name)s by e-mail") % {"name": unit.name}
        else:
            title = _("Receive the daily bulletin by e-mail")
    return {
        "title": title,
        "prefix": prefix,
        "bulletin": not topical,
        "digest": "daily" if topical else "",
        "categories": [category] if category is not None else [],
        "units": [unit] if unit is not None else [],
        "more_query": f"?{urlencode(query)}" if query else "",
    }
