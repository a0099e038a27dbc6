from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput

from campaign_site.dates import NearToday, SiteDateField

from .discovery import check_feed, describe_failure
from .models import BulletinSection, FeedSource, ItemStatus
from .services.opml import MAX_OPML_BYTES

STATUS_ALL = "all"
BULLETIN_DAYS_FROM_TODAY = 366  # a bulletin is about the news of its day: no year 2205 by a slip


class InboxFilterForm(forms.Form):
    day = SiteDateField(label=_("Date"), required=False, widget=AdminDateInput())
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


BULK_LIMIT = 500  # an action "on every item of this filter" touches at most this many


class InboxActionForm(forms.Form):
    ACTIONS = [("pick", _("Pick into bulletin")), ("dismiss", _("Dismiss")), ("restore", _("Back to new"))]
    SCOPE_SELECTED, SCOPE_FILTER = "selected", "filter"

    action = forms.ChoiceField(choices=ACTIONS)
    scope = forms.ChoiceField(
        choices=[(SCOPE_SELECTED, _("the selected items")), (SCOPE_FILTER, _("every item of this filter"))],
        required=False,
    )
    items = forms.ModelMultipleChoiceField(
        queryset=None, required=False, error_messages={"required": _("Select at least one item.")}
    )
    filter_query = forms.CharField(required=False, max_length=2000)
    bulletin_date = SiteDateField(
        label=_("Bulletin date"),
        required=False,
        widget=AdminDateInput(),
        validators=[NearToday(BULLETIN_DAYS_FROM_TODAY)],
    )

    def __init__(self, *args, **kwargs):
        from .models import FeedItem

        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = FeedItem.objects.select_related("source")

    def clean(self):
        cleaned = super().clean()
        cleaned["scope"] = cleaned.get("scope") or self.SCOPE_SELECTED
        if cleaned["scope"] == self.SCOPE_SELECTED and not cleaned.get("items") and "items" not in self.errors:
            self.add_error("items", self.fields["items"].error_messages["required"])
        if cleaned.get("action") == "pick" and not cleaned.get("bulletin_date"):
            cleaned["bulletin_date"] = timezone.localdate()
        return cleaned


class DraftForm(forms.Form):
    bulletin_date = SiteDateField(
        label=_("Bulletin date"),
        widget=AdminDateInput(),
        validators=[NearToday(BULLETIN_DAYS_FROM_TODAY)],
    )


class FeedSourceForm(WagtailAdminModelForm):
    """A source is saved only when its address is a working RSS/Atom feed. Given a web page that
    links to feeds, the first one is put in the address field for the officer to confirm."""

    def clean_url(self):
        url = (self.cleaned_data.get("url") or "").strip()
        if not url or (self.instance.pk and url == self.instance.url):
            return url  # unchanged: a source that is down for a day can still be renamed
        check = check_feed(url)
        if check.ok:
            return url
        if check.found:
            title, found = check.found[0]
            data = self.data.copy()
            data[self.add_prefix("url")] = found
            self.data = data
            others = ", ".join(u for _t, u in check.found[1:])
            message = _(
                "This address is a web page, not a feed. The page links to the feed “%(title)s”: its address "
                "is now in the field; save again to use it."
            ) % {"title": title or found}
            if others:
                message += " " + _("Other feeds on the page: %(urls)s") % {"urls": others}
            raise forms.ValidationError(message, code="discovered")
        raise forms.ValidationError(describe_failure(check), code=check.error.kind)


class OpmlUploadForm(forms.Form):
    file = forms.FileField(
        label=_("OPML file"),
        help_text=_("The list of feeds exported from a feed reader (Miniflux, FreshRSS, Feedly…), at most 1 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".opml,.xml,text/x-opml,application/xml,text/xml"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_OPML_BYTES:
            raise forms.ValidationError(_("The OPML file is larger than 1 MB."))
        return upload.read()


class OpmlConfirmForm(forms.Form):
    opml = forms.CharField(widget=forms.HiddenInput, max_length=2 * MAX_OPML_BYTES)
