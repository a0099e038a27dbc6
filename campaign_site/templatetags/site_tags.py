"""Tags for the public shell: the main menu and the slots other apps fill."""

from django import template
from wagtail.models import Site

from campaign_site.menu import menu_entries
from campaign_site.slots import sidebar_slots as collect_sidebar_slots

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = menu_entries(site) if site else []
    current = context.get("page")
    current_path = getattr(current, "url_path", "") or ""
    root_path = site.root_page.url_path if site else "/"
    # Menu links are relative to the site root, as Wagtail's own page URLs are for one site.
    entries = [
        ("/" + item["url_path"][len(root_path) :], item, current_path.startswith(item["url_path"])) for item in items
    ]
    is_home = bool(site and current and current.pk == site.root_page_id)
    return {"entries": entries, "is_home": is_home}


@register.simple_tag(takes_context=True)
def sidebar_slots(context):
    """{% sidebar_slots as slots %}: what other apps put beside an article (the poll box)."""
    return collect_sidebar_slots(context.get("request"), context.get("page"))
