"""Forms: the plan page's admin form (one plan per year and index) and the report period form."""

import datetime as dt
import re

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.widgets import AdminDateInput

from campaign_site.page_forms import CampaignPageForm
from campaign_site.text import clean_line
from plans import periods, registry

MAX_REPORT_DAYS = 3 * 366


class CampaignPlanPageForm(CampaignPageForm):
    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("year")
        page = self.instance
        # A new page has no tree path yet; its model clean() cannot see its siblings, so check here.
        if year and not page.pk and self.parent_page is not None:
            page.year = year
            if page.year_taken(parent_path=self.parent_page.path, depth=self.parent_page.depth + 1):
                self.add_error("year", _("This plan index already has a plan for %(year)s.") % {"year": year})
        return cleaned


def category_choices() -> list[tuple[str, str]]:
    """The categories computed sources can narrow to (news categories today), by slug."""
    return [("", _("All categories")), *registry.category_choices()]


def source_category_widget() -> forms.Select:
    return forms.Select(choices=category_choices)


MAX_RECIPIENTS = 15
NUMBER = RegexValidator(r"^[0-9]{1,6}$", _("The number is written in digits only, e.g. 125."))
SYMBOL = RegexValidator(
    r"^BC-[0-9A-ZĐ&]+(?:-[0-9A-ZĐ&]+)*$",
    _("The symbol starts with BC- and uses capital letters, digits and hyphens, e.g. BC-UBND."),
    flags=re.IGNORECASE,
)


class ReportForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=None, empty_label=None)
    since = forms.DateField(label=_("From"), widget=AdminDateInput())
    until = forms.DateField(label=_("To"), widget=AdminDateInput())
    # The document format (Nghị định 30/2020/NĐ-CP) of the printed and DOCX report. Empty fields
    # take what plans.official derives from the plan's issuing unit.
    superior_body = forms.CharField(
        label=pgettext_lazy("document format", "Superior body"), max_length=120, required=False
    )
    issuing_body = forms.CharField(label=_("Issuing body"), max_length=120, required=False)
    number = forms.CharField(
        label=pgettext_lazy("document format", "Number"),
        max_length=6,
        required=False,
        validators=[NUMBER],
        help_text=_("Leave empty to leave it blank for the clerk."),
    )
    symbol = forms.CharField(
        label=pgettext_lazy("document format", "Symbol"), max_length=30, required=False, validators=[SYMBOL]
    )
    place = forms.CharField(label=pgettext_lazy("document format", "Place"), max_length=60, required=False)
    signed_on = forms.DateField(
        label=_("Date of the report"),
        required=False,
        widget=AdminDateInput(),
    )
    signer_authority = forms.CharField(
        label=_("Signing authority and position"),
        max_length=120,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One line each, e.g. “KT. CHỦ TỊCH” then “PHÓ CHỦ TỊCH”."),
    )
    signer_name = forms.CharField(label=_("Signer's name"), max_length=80, required=False)
    recipients = forms.CharField(
        label=pgettext_lazy("document format", "Recipients"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One recipient per line."),
    )

    FORMAT_FIELDS = (
        "superior_body",
        "issuing_body",
        "number",
        "symbol",
        "place",
        "signed_on",
        "signer_authority",
        "signer_name",
        "recipients",
    )

    def __init__(self, *args, **kwargs):
        from plans.models import CampaignPlanPage

        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = CampaignPlanPage.objects.order_by("-year", "title")
        for name in ("since", "until", "signed_on"):
            self.fields[name].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]

    def period_fields(self):
        return [self[name] for name in self.fields if name not in self.FORMAT_FIELDS]

    def format_fields(self):
        return [self[name] for name in self.FORMAT_FIELDS]

    @property
    def format_has_errors(self) -> bool:
        return any(self.errors.get(name) for name in self.FORMAT_FIELDS)

    def _clean_text(self, name: str) -> str:
        return clean_line(self.cleaned_data.get(name) or "")

    def clean_superior_body(self):
        return self._clean_text("superior_body")

    def clean_issuing_body(self):
        return self._clean_text("issuing_body")

    def clean_place(self):
        return self._clean_text("place")

    def clean_signer_name(self):
        return self._clean_text("signer_name")

    def clean_symbol(self):
        return clean_line(self.cleaned_data.get("symbol") or "").upper()

    def clean_recipients(self):
        lines = [clean_line(line) for line in (self.cleaned_data.get("recipients") or "").splitlines()]
        lines = [line for line in lines if line]
        if len(lines) > MAX_RECIPIENTS:
            raise forms.ValidationError(
                _("List at most %(count)s recipients.") % {"count": MAX_RECIPIENTS}, code="too_many"
            )
        return "\n".join(lines)

    def clean_signer_authority(self):
        lines = [clean_line(line) for line in (self.cleaned_data.get("signer_authority") or "").splitlines()]
        return "\n".join(line for line in lines if line)

    @classmethod
    def initial_for(cls, plan=None) -> dict:
        day = periods.today()
        return {"plan": plan, "since": dt.date(day.year, 1, 1), "until": day}

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until:
            if since > until:
                self.add_error("until", _("The end of the period must not be before its start."))
            elif (until - since).days > MAX_REPORT_DAYS:
                self.add_error("until", _("A report covers at most three years."))
        return cleaned


class PlanTaskFormSet(BaseChildFormSet):
    """Tasks edited inside the plan page: each task knows its plan (and so the plan's year, as just
    entered) while it is validated, and a partner unit may not also lead the task."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.plan = self.instance
        return form

    def clean(self):
        super().clean()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if self.can_delete and self._should_delete_form(form):
                continue
            message = partner_error(data.get("lead_unit"), data.get("partner_units"))
            if message:
                form.add_error("partner_units", message)


def partner_error(lead, partners) -> str | None:
    """The refusal when the lead unit is also listed among the partner units."""
    if lead is not None and partners and lead in list(partners):
        return _("%(unit)s leads this task; it cannot also be a partner unit.") % {"unit": lead}
    return None
