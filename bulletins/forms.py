from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaign_site.dates import NearToday, SiteDateField

from .models import BulletinSection, FeedSource, ItemStatus

STATUS_ALL = "all"
BULLETIN_DAYS_FROM_TODAY = 366  # a bulletin is about the news of its day: no year 2205 by a slip


class InboxFilterForm(forms.Form):
    day = SiteDateField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    source = forms.ModelChoiceField(
        label=_("Source"), queryset=FeedSource.objects.order_by("name"), required=False, empty_label=_("All sources")
    )
    section = forms.ModelChoiceField(
        label=_("Section"), queryset=BulletinSection.objects.all(), required=False, empty_label=_("All sections")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[*ItemStatus.choices, (STATUS_ALL, _("All statuses"))],
        required=False,
        initial=ItemStatus.NEW,
    )
    show_excluded = forms.BooleanField(label=_("Show excluded items"), required=False)

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        status = data.get("status") or ItemStatus.NEW
        return {
            "day": data.get("day") or timezone.localdate(),
            "source_id": data["source"].pk if data.get("source") else None,
            "section_id": data["section"].pk if data.get("section") else None,
            "status": None if status == STATUS_ALL else status,
            "include_excluded": bool(data.get("show_excluded")),
        }


class InboxActionForm(forms.Form):
    ACTIONS = [("pick", _("Pick into bulletin")), ("dismiss", _("Dismiss")), ("restore", _("Back to new"))]

    action = forms.ChoiceField(choices=ACTIONS)
    items = forms.ModelMultipleChoiceField(queryset=None, error_messages={"required": _("Select at least one item.")})
    bulletin_date = SiteDateField(
        label=_("Bulletin date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[NearToday(BULLETIN_DAYS_FROM_TODAY)],
    )

    def __init__(self, *args, **kwargs):
        from .models import FeedItem

        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = FeedItem.objects.select_related("source")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "pick" and not cleaned.get("bulletin_date"):
            cleaned["bulletin_date"] = timezone.localdate()
        return cleaned


class DraftForm(forms.Form):
    bulletin_date = SiteDateField(
        label=_("Bulletin date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[NearToday(BULLETIN_DAYS_FROM_TODAY)],
    )
