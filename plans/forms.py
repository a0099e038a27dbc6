"""Forms: the plan page's admin form (one plan per year and index) and the report period form."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _
from modelcluster.forms import BaseChildFormSet

from campaign_site.page_forms import CampaignPageForm
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


class ReportForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=None, empty_label=None)
    since = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    until = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, **kwargs):
        from plans.models import CampaignPlanPage

        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = CampaignPlanPage.objects.order_by("-year", "title")
        for name in ("since", "until"):
            self.fields[name].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]

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
