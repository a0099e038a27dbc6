"""The organisation: one page per public administrative unit (functions, contacts, office hours, the
one-stop office, leaders and focal officials) under an index that draws the organisation chart.

Pages are translatable through Wagtail's localisation: the English copy of a unit's page (made with
simple_translation) points at the same unit, so `unit_locale` — "<unit id>:<locale id>", unique in the
database — keeps one page per unit and language even under concurrent saves.
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from campaign_site.access.page_scope import ScopedPageForm, ScopedPageMixin
from campaign_site.models.pages import FoldedSearchMixin
from campaign_site.public_url import PublicUrlMixin

# Digits, spaces, dots, dashes, brackets and a leading +: "024 3825 3536", "(024) 3.825.3536", "+84 24 …".
phone_validator = RegexValidator(
    r"^\+?[0-9 .()\-]{3,30}$",
    _("Enter a phone number with digits, spaces, dots or dashes only, e.g. 024 3825 3536."),
)


class UnitIndexPage(PublicUrlMixin, ScopedPageMixin, FoldedSearchMixin, Page):
    """ "Cơ cấu tổ chức": an introduction and the organisation chart drawn from the unit tree."""

    # The chart links every unit's page: a unit page published anywhere changes it.
    page_cache_purge_on_publish = True

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("folded_search_text")]
    folded_search_sources = ("title", "intro")
    parent_page_types = ["campaign_site.HomePage"]
    subpage_types = ["organisation.UnitPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("organisation index")

    def get_context(self, request, *args, **kwargs):
        from organisation.context import index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(index_context(self, request))
        return context


class UnitPageForm(ScopedPageForm):
    def clean(self):
        cleaned = super().clean()
        unit, page = cleaned.get("unit"), self.instance
        locale_id = page.locale_id or (self.parent_page.locale_id if self.parent_page else None)
        if unit is not None and locale_id is not None:
            others = UnitPage.objects.filter(unit=unit, locale_id=locale_id).exclude(pk=page.pk)
            if others.exists():
                self.add_error("unit", _("%(unit)s already has a page in this language.") % {"unit": unit})
        return cleaned


class UnitPage(PublicUrlMixin, ScopedPageMixin, FoldedSearchMixin, Page):
    """The public page of one administrative unit: what it does and how to reach it."""

    page_cache_purge_on_publish = True  # its sub-units' links and its parent's chart
    unit_scope_field = "unit"

    unit = models.ForeignKey(
        "campaign_site.AdministrativeUnit",
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="organisation_pages",
    )
    unit_locale = models.CharField(
        max_length=40,
        unique=True,
        editable=False,
        error_messages={"unique": _("This unit already has a page in this language.")},
    )
    functions = RichTextField(
        _("functions and duties"), blank=True, features=["h3", "bold", "italic", "ol", "ul", "link"]
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[phone_validator])
    email = models.EmailField(_("email"), blank=True)
    office_hours = models.TextField(
        pgettext_lazy("organisation", "office hours"), blank=True, help_text=_("One line per period.")
    )
    one_stop_location = models.CharField(
        pgettext_lazy("organisation", "one-stop office location"), max_length=255, blank=True
    )
    one_stop_hours = models.TextField(
        pgettext_lazy("organisation", "one-stop office hours"), blank=True, help_text=_("One line per period.")
    )

    base_form_class = UnitPageForm
    content_panels = Page.content_panels + [
        FieldPanel("unit"),
        FieldPanel("functions"),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("email"), FieldPanel("office_hours")],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [FieldPanel("one_stop_location"), FieldPanel("one_stop_hours")],
            heading=pgettext_lazy("organisation", "One-stop office"),
        ),
        InlinePanel("people", heading=_("Leaders and focal officials"), label=_("Person")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("functions"),
        index.SearchField("address"),
        index.SearchField("folded_search_text"),
        index.FilterField("unit"),
    ]
    folded_search_sources = ("title", "address")
    parent_page_types = ["organisation.UnitIndexPage"]
    subpage_types: list[str] = []
    exclude_fields_in_copy = ["unit_locale"]  # recomputed for the copy's language on save

    class Meta:
        verbose_name = _("unit page")

    def save(self, *args, **kwargs):
        if self.locale_id is None:  # a new page takes its parent's language (as Wagtail would, later)
            self.locale = self.get_default_locale()
        self.unit_locale = f"{self.unit_id}:{self.locale_id}"
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from organisation.context import unit_context

        context = super().get_context(request, *args, **kwargs)
        context.update(unit_context(self, request))
        return context


class PersonRole(models.TextChoices):
    LEADER = "leader", pgettext_lazy("organisation", "Leader")
    FOCAL = "focal", pgettext_lazy("organisation", "Focal official")


class UnitPerson(Orderable):
    """A named leader or focal official (đầu mối) of a unit, with the contacts citizens may use."""

    page = ParentalKey(UnitPage, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(_("role"), max_length=20, choices=PersonRole.choices, default=PersonRole.LEADER)
    name = models.CharField(_("full name"), max_length=120)
    title = models.CharField(pgettext_lazy("organisation", "position"), max_length=200)
    responsibility = models.CharField(
        _("responsible for"), max_length=255, blank=True, help_text=_("e.g. administrative reform, the one-stop office")
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[phone_validator])
    email = models.EmailField(_("email"), blank=True)

    panels = [
        FieldPanel("role"),
        FieldPanel("name"),
        FieldPanel("title"),
        FieldPanel("responsibility"),
        FieldPanel("phone"),
        FieldPanel("email"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("person")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=PersonRole.values), name="organisation_person_role_known"
            ),
            models.CheckConstraint(condition=~models.Q(name=""), name="organisation_person_name_not_empty"),
        ]

    def clean(self):
        if not (self.name or "").strip():
            raise ValidationError({"name": _("Enter the person's full name.")})
