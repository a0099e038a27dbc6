"""Contributions of the organisation pages to the shared registries: the contact page's box and the demo."""

from django.conf import settings
from wagtail import hooks
from wagtail.models import Locale

from campaign_site.demo_loaders import DEMO_LOADERS_HOOK, DemoLoader
from campaign_site.slots import CONTACT_SLOTS_HOOK, Slot
from organisation import selectors


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


@hooks.register(DEMO_LOADERS_HOOK)
def organisation_demo_loader():
    def load(**kwargs):
        from organisation import demo  # read only when the demo is built

        return demo.load(**kwargs)

    return DemoLoader(label="organisation", order=80, load=load)
