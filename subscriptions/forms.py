"""The public subscribe/manage form and the officers' bulk-import form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaign_site.models import AdministrativeUnit
from news.models import Category

from .models.subscribers import Digest
from .services import Choices


class ChoicesForm(forms.Form):
    wants_bulletin = forms.BooleanField(label=_("The daily reform bulletin"), required=False, initial=True)
    digest = forms.ChoiceField(
        label=_("News digest"), choices=Digest.choices, required=False, initial=Digest.NONE, widget=forms.RadioSelect
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Topics (none chosen: all)"),
        queryset=Category.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Places (none chosen: all)"),
        queryset=AdministrativeUnit.objects.active(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def choices(self) -> Choices:
        data = self.cleaned_data
        return Choices(
            wants_bulletin=bool(data.get("wants_bulletin")),
            digest=data.get("digest") or Digest.NONE,
            category_ids=tuple(category.pk for category in data.get("categories") or ()),
            unit_ids=tuple(unit.pk for unit in data.get("units") or ()),
        )


class SubscribeForm(ChoicesForm):
    # Checked by the service (one address, no control characters), which gives the Vietnamese refusal.
    email = forms.CharField(label=_("Your e-mail address"), max_length=320, widget=forms.EmailInput)
    # Left empty by people; bots that fill every field are turned away quietly.
    website = forms.CharField(required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    field_order = ["email", "wants_bulletin", "digest", "categories", "units", "website"]


class ImportForm(forms.Form):
    list_name = forms.CharField(label=_("List name"), max_length=80, initial="Lãnh đạo")
    addresses = forms.CharField(
        label=_("Addresses, one a line"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    csv_file = forms.FileField(label=_("or a CSV file"), required=False)

    MAX_BYTES = 1024 * 1024

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("csv_file")
        text = cleaned.get("addresses") or ""
        if upload:
            if upload.size > self.MAX_BYTES:
                raise forms.ValidationError(_("The file is larger than 1 MB."))
            raw = upload.read()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(_("Save the CSV file as UTF-8 and upload it again.")) from None
        if not text.strip():
            raise forms.ValidationError(_("Paste some addresses or choose a CSV file."))
        cleaned["lines"] = text.splitlines()
        return cleaned


class TestSendForm(forms.Form):
    address = forms.CharField(label=_("Send a test to"), max_length=320, widget=forms.EmailInput)
