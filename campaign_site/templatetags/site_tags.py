"""Tags for the public shell: the main menu and the slots other apps fill."""

from django import template
from wagtail.models import Site

from campaign_site.slots import sidebar_slots as collect_sidebar_slots

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    root = site.root_page if site else None
    items = root.get_children().live().in_menu().only("id", "title", "url_path") if root else []
    current = context.get("page")
    current_path = getattr(current, "url_path", "") or ""
    entries = [(item, current_path.startswith(item.url_path)) for item in items]
    is_home = bool(root and current and current.pk == root.pk)
    return {"entries": entries, "is_home": is_home}


@register.simple_tag(takes_context=True)
def sidebar_slots(context):
    """{% sidebar_slots as slots %}: what other apps put beside an article (the poll box)."""
    return collect_sidebar_slots(context.get("request"), context.get("page"))
