"""Forms that parse what citizens post; the rules themselves live in services.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaign_site.models import AdministrativeUnit
from surveys.models import PollChoice


class VoteForm(forms.Form):
    choice = forms.IntegerField(
        label=_("Your answer"), min_value=1, error_messages={"required": _("Please choose an answer.")}
    )
    comment = forms.CharField(label=_("Comment (optional)"), required=False, strip=False)
    unit = forms.IntegerField(label=_("Unit you visited (optional)"), required=False, min_value=1)
    case_code = forms.CharField(label=_("Case code (optional)"), required=False)
    # Honeypot: hidden from people, tempting to simple bots.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def clean_choice(self):
        choice = PollChoice.objects.filter(pk=self.cleaned_data["choice"]).first()
        if choice is None:
            raise forms.ValidationError(_("This answer does not exist."))
        return choice

    def clean_unit(self):
        pk = self.cleaned_data.get("unit")
        if not pk:
            return None
        unit = AdministrativeUnit.objects.filter(pk=pk, is_active=True).first()
        if unit is None:
            raise forms.ValidationError(_("This unit does not exist."))
        return unit

    @property
    def honeypot_filled(self) -> bool:
        return bool((self.data.get("website") or "").strip())

    def first_error(self) -> str:
        for errors in self.errors.values():
            return str(errors[0])
        return ""


class SurveyUnitForm(forms.Form):
    unit = forms.IntegerField(required=False, min_value=1)
    website = forms.CharField(required=False)

    def clean_unit(self):
        pk = self.cleaned_data.get("unit")
        if not pk:
            return None
        unit = AdministrativeUnit.objects.filter(pk=pk, is_active=True).first()
        if unit is None:
            raise forms.ValidationError(_("This unit does not exist."))
        return unit
