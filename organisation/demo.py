"""The demo organisation: the index and pages for the city, two demo wards and the Department of
Home Affairs in Vietnamese; then English versions of the home page, the index and the city and ward
pages, made the way an officer would (simple_translation's copy) and rewritten in English.
Idempotent: pages are found by their unit and language before anything is made."""

from django.db import transaction
from wagtail.actions.copy_for_translation import CopyPageForTranslationAction
from wagtail.models import Locale

from campaign_site.models import AdministrativeUnit
from organisation.demo_content import HOME_EN, INDEX, UNITS
from organisation.models import UnitIndexPage, UnitPage, UnitPerson

PAGE_FIELDS = ("title", "functions", "address", "office_hours", "one_stop_location", "one_stop_hours")


def _index(home) -> UnitIndexPage:
    index = UnitIndexPage.objects.child_of(home).first()
    if index is None:
        fields = INDEX["vi"]
        index = home.add_child(instance=UnitIndexPage(show_in_menus=True, **fields))
        index.save_revision().publish()
    return index


def _unit_page(index, unit, fields) -> UnitPage:
    page = UnitPage.objects.filter(unit=unit, locale=index.locale).first()
    if page is not None:
        return page
    page = UnitPage(unit=unit, slug=fields["slug"], **{name: fields[name] for name in PAGE_FIELDS})
    page.people = [
        UnitPerson(sort_order=n, role=role, name=name, title=title, responsibility=duty, phone=phone, email=email)
        for n, (role, name, title, duty, phone, email) in enumerate(fields["people"])
    ]
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def _translate(page, locale, fields: dict):
    """The English version of `page`: simple_translation's copy (a draft), rewritten and published."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    # A fresh row: treebeard caches a node's parent, and the copy's log entry would name the tree
    # root by the title it had when the page was created ("Root", before the roles renamed it).
    page = page.specific_class.objects.get(pk=page.pk)
    copy = CopyPageForTranslationAction(page=page, locale=locale).execute(skip_permission_checks=True).specific
    for name, value in fields.items():
        if name == "people":
            for person, (title, duty) in zip(copy.people.all(), value, strict=True):
                person.title, person.responsibility = title, duty
                person.save()
        else:
            setattr(copy, name, value)
    copy.save()
    copy.save_revision().publish()
    return copy


@transaction.atomic
def load(*, home, units=None, stdout=None) -> list[str]:
    units = units or {unit.code: unit for unit in AdministrativeUnit.objects.all()}
    english, _ = Locale.objects.get_or_create(language_code="en")
    index = _index(home)
    pages = {code: _unit_page(index, units[code], content["vi"]) for code, content in UNITS.items() if code in units}

    home_en = _translate(home, english, HOME_EN)
    _translate(index, english, INDEX["en"])
    for code, content in UNITS.items():
        if "en" in content and code in pages:
            _translate(pages[code], english, content["en"])
    return [f"English pages: {home_en.url or '/en/'} (organisation: {index.url})"]
