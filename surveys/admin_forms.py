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
