"""The links citizens come for, from the site settings (SiteIdentity): the national and city
public-service portals, looking up a case by its code, the feedback page and the contact page.

The footer, the home page's "Dịch vụ công" box and the contact page show the same list.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class PublicLink:
    label: str
    url: str
    external: bool


def public_links(identity: dict | None) -> list[PublicLink]:
    """The links set in `identity` (SiteIdentity's fields as a dict), in the order citizens need them."""
    identity = identity or {}
    candidates = [
        (_("National public-service portal"), identity.get("national_portal_url")),
        (_("City public-service portal"), identity.get("city_portal_url")),
        (_("Look up a case by its code"), identity.get("case_lookup_url")),
        (_("Send feedback or a recommendation"), identity.get("feedback_url")),
    ]
    links = [PublicLink(label, url, not url.startswith("/")) for label, url in candidates if url]
    links.append(PublicLink(_("Contact"), reverse("contact"), False))
    return links
