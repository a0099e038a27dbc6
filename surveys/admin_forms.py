"""Editor forms: guard what the database would refuse with a less friendly error."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm


class PollForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
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
