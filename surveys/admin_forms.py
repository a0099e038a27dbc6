"""Editor forms: guard what the database would refuse with a less friendly error."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm


class PollForm(WagtailAdminModelForm):
    def _kept_choices(self) -> int:
        formset = self.formsets.get("choices")
        if formset is None or not formset.is_valid():  # validates the choices before the poll (cached)
            return 0
        kept = 0
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data and not data.get("DELETE") and data.get("label"):
                kept += 1
        return kept

    def clean(self):
        cleaned = super().clean()
        kept = self._kept_choices()
        choices_valid = "choices" not in self.formsets or self.formsets["choices"].is_valid()
        if choices_valid and kept < 2 and not (cleaned.get("scale") and kept == 0):
            raise ValidationError(
                _("Give the poll at least two choices, or choose an answer scale and leave the choices empty.")
            )
        formset = self.formsets.get("choices")
        if formset is not None and self.instance.pk:
            from surveys.models import Ballot

            removed = [form.instance.pk for form in formset.deleted_forms if form.instance.pk]
            if removed and Ballot.objects.filter(choice_id__in=removed).exists():
                raise ValidationError(
                    _(
                        "A choice that already has votes cannot be removed. "
                        "Close this poll and create a new one instead."
                    )
                )
        return cleaned

    def save(self, commit=True):
        poll = super().save(commit=commit)
        # A scale chosen and no choices typed: the poll gets its own copy of the scale's answers.
        if commit and poll.scale_id and not poll.choices.exists():
            poll.add_choices_from_scale()
        return poll


class UnitScopedForm(WagtailAdminModelForm):
    """Kiosks and counters: ward staff may only choose units (and counters) within their own unit."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from campaign_site.access.scope import scope_unit

        scope = scope_unit(self.for_user) if self.for_user else None
        if scope is None:
            return
        if "unit" in self.fields:
            self.fields["unit"].queryset = self.fields["unit"].queryset.filter(path__startswith=scope.path)
        if "counter" in self.fields:
            self.fields["counter"].queryset = self.fields["counter"].queryset.filter(unit__path__startswith=scope.path)
