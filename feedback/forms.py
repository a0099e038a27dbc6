"""The citizen's form (works without JavaScript) and the small forms of the staff actions."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from campaign_site.models import AdministrativeUnit
from campaign_site.text import nfc
from feedback import conf
from feedback.models import IdeaStatus, Kind, ProcedureField, State
from feedback.security import check_attachment

# A tag, a closing tag, a comment or doctype, or an entity: what a browser would read as markup.
# ("a < b" is not: a browser reads a tag only when a letter, "!", "/" or "?" follows "<" at once.)
MARKUP = re.compile(r"<[a-zA-Z!/?]|&#?[a-zA-Z0-9]+;")
PHONE = RegexValidator(r"^\+?[0-9 .\-]{8,15}$", _("Enter a phone number of 8 to 15 digits."))
CONSENT_TEXT = _(
    "I agree that the city's administrative-reform office processes my name and contact details only "
    "to handle and answer this message, keeps them no longer than needed, and deletes them on request "
    "(Decree 13/2023/ND-CP on personal data protection)."
)
PUBLISH_TEXT = _(
    "I agree that my question and its answer are published on the Questions and answers page, "
    "without my name, contact details or case code."
)


class PlainTextMixin:
    """Text is stored as typed and escaped on output; markup is refused so nothing looks like code."""

    plain_text_fields: tuple[str, ...] = ()

    def _clean_plain(self, name):
        value = nfc(self.cleaned_data.get(name) or "").strip()
        if value and MARKUP.search(value):
            raise ValidationError(_("Please write plain text, without HTML tags or scripts."), code="html")
        return value


def _unit_choices():
    return AdministrativeUnit.objects.active().order_by("path")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        # The tree as indentation: a select works everywhere, without JavaScript.
        return "\u2003" * max(obj.depth - 1, 0) + obj.name


class FeedbackForm(PlainTextMixin, forms.Form):
    kind = forms.ChoiceField(label=_("What do you want to send?"), choices=Kind.choices, widget=forms.RadioSelect)
    unit = UnitChoiceField(
        label=_("Unit concerned"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        empty_label=_("— Choose a unit —"),
        help_text=_("Required for questions and feedback; optional for ideas."),
    )
    field = forms.ChoiceField(label=_("Procedure field"), choices=ProcedureField.choices)
    title = forms.CharField(label=_("Title"), max_length=conf.TITLE_MAX)
    content = forms.CharField(
        label=_("Message text"),
        min_length=conf.CONTENT_MIN,
        max_length=conf.CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    attachment_1 = forms.FileField(label=_("Attachment 1"), required=False)
    attachment_2 = forms.FileField(label=_("Attachment 2"), required=False)
    attachment_3 = forms.FileField(label=_("Attachment 3"), required=False)
    case_code = forms.CharField(
        label=_("Case code (optional)"),
        max_length=40,
        required=False,
        help_text=_("The code printed on your receipt, if your message is about a case file."),
        validators=[RegexValidator(r"^[A-Za-z0-9.\-/_ ]*$", _("A case code has only letters, digits and - . / _"))],
    )
    name = forms.CharField(label=_("Your name"), max_length=120, required=False)
    phone = forms.CharField(label=pgettext_lazy("citizen", "Phone"), max_length=20, required=False, validators=[PHONE])
    email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)
    wants_reply = forms.BooleanField(label=_("I would like a reply"), required=False)
    consent_contact = forms.BooleanField(label=CONSENT_TEXT, required=False)
    consent_publish = forms.BooleanField(label=PUBLISH_TEXT, required=False)
    website = forms.CharField(  # a trap for robots, out of sight and out of the tab order
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _unit_choices()
        self.fields["content"].widget.attrs["maxlength"] = conf.CONTENT_MAX
        for name in ("attachment_1", "attachment_2", "attachment_3"):
            self.fields[name].widget.attrs["accept"] = ".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"

    def clean_title(self):
        return self._clean_plain("title")

    def clean_content(self):
        value = self._clean_plain("content")
        if len(value) < conf.CONTENT_MIN:
            raise ValidationError(
                _("Please describe it in at least %(n)s characters."), code="short", params={"n": conf.CONTENT_MIN}
            )
        return value

    def clean_name(self):
        return self._clean_plain("name")

    def clean_case_code(self):
        return (self.cleaned_data.get("case_code") or "").strip()

    def clean_phone(self):
        return re.sub(r"[ .\-]", "", self.cleaned_data.get("phone") or "")

    def _clean_attachment(self, name):
        file = self.cleaned_data.get(name)
        if file:
            check_attachment(file)
        return file

    def clean_attachment_1(self):
        return self._clean_attachment("attachment_1")

    def clean_attachment_2(self):
        return self._clean_attachment("attachment_2")

    def clean_attachment_3(self):
        return self._clean_attachment("attachment_3")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise ValidationError(_("Your message could not be sent."), code="trap")
        if cleaned.get("kind") in (Kind.QUESTION, Kind.COMPLAINT) and not cleaned.get("unit"):
            self.add_error("unit", _("Choose the unit your question or feedback is about."))
        contact = cleaned.get("phone") or cleaned.get("email")
        if cleaned.get("wants_reply") and not contact and "phone" not in self.errors and "email" not in self.errors:
            self.add_error("email", _("To get a reply, give a phone number or an e-mail address."))
        personal = contact or cleaned.get("name") or cleaned.get("case_code")
        if personal and not cleaned.get("consent_contact"):
            self.add_error("consent_contact", _("To send your name, contact or case code, agree to how they are used."))
        return cleaned

    def uploads(self):
        return [
            self.cleaned_data[name]
            for name in ("attachment_1", "attachment_2", "attachment_3")
            if self.cleaned_data.get(name)
        ]


class CodeLookupForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=16)

    def clean_code(self):
        return re.sub(r"[\s\-]", "", self.cleaned_data["code"]).upper()


# --- Staff actions ---------------------------------------------------------------------------------


class InboxFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All"))] + Kind.choices, required=False)
    field = forms.ChoiceField(
        label=_("Procedure field"), choices=[("", _("All"))] + ProcedureField.choices, required=False
    )
    state = forms.ChoiceField(label=_("State"), choices=[("", _("All"))] + State.choices, required=False)
    unit = forms.ModelChoiceField(label=_("Ward or unit"), queryset=AdministrativeUnit.objects.none(), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    q = forms.CharField(label=_("Code or title"), max_length=100, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else _unit_choices()


class AssignForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Handling unit"), queryset=AdministrativeUnit.objects.none())

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else _unit_choices()


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (shown to the citizen)"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class MergeForm(forms.Form):
    original = forms.CharField(label=_("Tracking code of the original item"), max_length=16)

    def clean_original(self):
        return re.sub(r"[\s\-]", "", self.cleaned_data["original"]).upper()


class AnswerForm(forms.Form):
    public_title = forms.CharField(label=_("Title as published"), max_length=conf.TITLE_MAX, required=False)
    public_question = forms.CharField(
        label=_("Question as published (remove any personal data)"),
        max_length=conf.CONTENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    answer = forms.CharField(label=_("Answer"), max_length=conf.ANSWER_MAX, widget=forms.Textarea(attrs={"rows": 10}))


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("What should change"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class IdeaStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Idea status"), choices=IdeaStatus.choices, required=False)
    note = forms.CharField(
        label=_("Note or result"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
