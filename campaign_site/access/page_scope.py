"""Pages belong to administrative units, and staff of a ward act only on their ward's pages.

A page belongs to the units in its `unit_scope_field` (news articles: `units`; model stories: `unit`),
or to the whole city when it has none or its type carries no unit (the home page, bulletins, plans…).
Every page type of the project uses `ScopedPageMixin`, so Wagtail asks `ScopedPagePermissionTester`
for every button and every view (edit, publish, bulk actions, the explorer, copy, move). Out of its
scope (campaign_site.access.scope.content_scope) an account keeps only one right: to add, under an index, the
kind of page that carries a unit; the form then holds the new page to the account's units.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import PagePermissionTester

from campaign_site.access.scope import EVERYWHERE, NOWHERE, content_scope, content_scope_covers
from campaign_site.page_forms import CampaignPageForm


class ScopedPageMixin:
    # Every page type's admin form starts from CampaignPageForm (a taken slug names its page).
    base_form_class = CampaignPageForm
    # The field naming the units a page is about: a many-to-many, a foreign key, or None (city-wide).
    unit_scope_field: str | None = None

    def scope_units(self) -> list:
        name = self.unit_scope_field
        if name is None:
            return []
        value = getattr(self, name)
        if hasattr(value, "all"):  # many-to-many (in memory on a revision, from the database otherwise)
            return list(value.all())
        return [value] if value is not None else []

    @classmethod
    def holds_scoped_pages(cls) -> bool:
        """True for indexes under which pages that carry a unit are created."""
        return any(getattr(model, "unit_scope_field", None) for model in cls.creatable_subpage_models())

    def permissions_for_user(self, user):
        return ScopedPagePermissionTester(user, self)


def page_in_scope(page, user) -> bool:
    """Whether `user` may act on `page`; remembered on the page, as Wagtail asks once per button."""
    memo = page.__dict__.setdefault("_scope_memo", {})
    if user.pk not in memo:
        # Workflow views may hand over a plain Page: ask its specific type.
        specific = page if hasattr(page, "scope_units") else getattr(page, "specific_deferred", None)
        units = specific.scope_units() if hasattr(specific, "scope_units") else []
        memo[user.pk] = content_scope_covers(user, units)
    return memo[user.pk]


class ScopedPagePermissionTester(PagePermissionTester):
    def __init__(self, user, page):
        super().__init__(user, page)
        # `permissions` exists only for active non-superusers; the others need no narrowing.
        if hasattr(self, "permissions") and self.permissions and not page_in_scope(page, user):
            keep = {"add"} if type(page).holds_scoped_pages() else set()
            self.permissions = self.permissions & keep


class ScopedPageForm(CampaignPageForm):
    """Holds a scoped account's pages to its own units: it must name at least one, and only those."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field_name = self.instance.unit_scope_field
        scope = content_scope(self.for_user) if self.for_user else EVERYWHERE
        self._scope = scope
        if field_name not in self.fields or scope in (EVERYWHERE, NOWHERE):
            return
        field = self.fields[field_name]
        field.queryset = field.queryset.filter(path__startswith=scope.path)
        field.required = True
        if not self.instance.pk and not self.is_bound:
            self.initial[field_name] = [scope.pk] if _is_multiple(field) else scope.pk

    def clean(self):
        cleaned = super().clean()
        field_name = self.instance.unit_scope_field
        if field_name is None or self._scope == EVERYWHERE or field_name in self.errors:
            return cleaned
        value = cleaned.get(field_name)
        units = list(value) if _is_multiple(self.fields.get(field_name)) else [value] if value else []
        if not content_scope_covers(self.for_user, units):
            self.add_error(field_name, _scope_error(self._scope))
        return cleaned


def _is_multiple(field) -> bool:
    return isinstance(field, forms.ModelMultipleChoiceField)


def _scope_error(scope) -> str:
    if scope == NOWHERE:
        return _("Your account is not attached to a ward or commune, so it cannot write pages. Ask an administrator.")
    return _("Choose %(unit)s or a unit under it: you can only write pages about your own unit.") % {"unit": scope}


def page_ids_within(unit) -> list:
    """Subqueries of the ids (as text, like WorkflowState.object_id) of the pages wholly about `unit`'s
    subtree: one per page type that carries a unit."""
    from django.db.models import CharField
    from django.db.models.functions import Cast
    from wagtail.models import get_page_models

    from campaign_site.models import AdministrativeUnit

    outside = AdministrativeUnit.objects.exclude(path__startswith=unit.path)
    subqueries = []
    for model in get_page_models():
        name = getattr(model, "unit_scope_field", None)
        if not name or model._meta.abstract:
            continue
        pages = model.objects.filter(**{f"{name}__path__startswith": unit.path})
        if model._meta.get_field(name).many_to_many:
            pages = pages.exclude(**{f"{name}__in": outside})
        subqueries.append(pages.annotate(id_text=Cast("pk", CharField())).values("id_text"))
    return subqueries
