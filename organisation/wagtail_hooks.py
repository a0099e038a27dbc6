"""Contributions of the organisation pages to the shared registries: the contact page's box, the
search kind and the demo."""

from django.conf import settings
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.models import Locale

from campaign_site.app_registration import register_app
from campaign_site.slots import CONTACT_SLOTS_HOOK, Slot
from organisation import selectors
from organisation.models import UnitIndexPage, UnitPage
from sitesearch.registry import SEARCH_KINDS_HOOK, SearchKind


@hooks.register(CONTACT_SLOTS_HOOK)
def organisation_contact(request, page) -> list[Slot]:
    """On the contact page: the city's one-stop office and the way to every unit's contacts, in the
    request's language (nothing where the organisation pages are not published in it)."""
    locale = Locale.objects.filter(language_code=request.LANGUAGE_CODE).first()
    index = selectors.index_page(locale) if locale else None
    if index is None:
        return []
    return [
        Slot(
            order=10,
            template="organisation/slots/contact.html",
            context={
                "index": index,
                "city": selectors.top_unit_page(locale),
                # The site settings already show the office hours in the site's language.
                "show_office_hours": request.LANGUAGE_CODE != settings.LANGUAGE_CODE,
            },
        )
    ]


@hooks.register(SEARCH_KINDS_HOOK)
def organisation_search_kinds():
    return [
        SearchKind(
            key="co-quan",
            label=pgettext_lazy("search kind", "Organisation"),
            models=(UnitIndexPage, UnitPage),
            order=60,
        )
    ]


# Unit pages follow the page permissions of the roles (campaign_site.access); no model permissions of their own.
register_app(label="organisation", role_permissions={}, demo="organisation.demo.load", demo_order=80)
