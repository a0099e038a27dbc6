"""Admin forms: choices limited to what the user may do; the services check the same rules again."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from campaign_site.text import WEEKDAYS
from screens import permissions
from screens.models import MessageKind, MessageStatus
from screens.services import check_can_save

DAY_CHOICES = [(str(number), name) for number, name in enumerate(WEEKDAYS, start=1)]


def limit_choices(form, name: str, queryset) -> None:
    field = form.fields.get(name)
    if field is not None:
        field.widget = forms.Select()
        field.queryset = queryset  # also fills the select's options


class ScreenMessageForm(WagtailAdminModelForm):
    submit_for_approval = forms.BooleanField(
        label=_("Submit for approval"),
        required=False,
        initial=True,
        help_text=_("Untick to keep a draft. A changed approved message always goes back to approval."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        # Plain selects over the user's own screens and units (a snippet chooser would list every one).
        limit_choices(self, "target_screen", permissions.visible_screens(user))
        limit_choices(self, "target_unit", permissions.targetable_units(user))
        if "kind" in self.fields and not permissions.is_city_officer(user):
            self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0] != MessageKind.EMERGENCY]
        self.fields["days_of_week"] = forms.MultipleChoiceField(
            label=_("Days of the week"), choices=DAY_CHOICES, widget=forms.CheckboxSelectMultiple, required=True
        )
        self.initial["days_of_week"] = list(self.instance.days_of_week or "1234567")
        if self.instance.pk and self.instance.status == MessageStatus.PENDING:
            self.fields["submit_for_approval"].initial = True

    class Media:
        js = ["screens/message_form.js"]
        css = {"all": ["screens/admin.css"]}

    def clean_days_of_week(self):
        return "".join(sorted(set(self.cleaned_data.get("days_of_week") or [])))

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        try:
            check_can_save(message=self.instance, user=self.for_user)
        except PermissionDenied as error:
            self.add_error(None, str(error))


class ScreenForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "unit", permissions.targetable_units(self.for_user))


class ReviewForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "reject" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Say why the message is rejected."))
        return cleaned
