"""The register entry's admin form (relations checked against the whole register) and the upload form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaign_site.page_forms import CampaignPageForm


class LegalDocumentForm(CampaignPageForm):
    def clean(self):
        from documents import selectors  # the form is imported by the models it edits
        from documents.models import RelationKind

        cleaned = super().clean()
        formset = self.formsets.get("relations")
        if formset is None or not formset.is_valid():
            return cleaned
        own_id = self.instance.pk
        replaced = []
        for form in formset.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            target = form.cleaned_data.get("target")
            if target is None:
                continue
            if own_id and target.pk == own_id:
                form.add_error("target", _("A document cannot be related to itself."))
            elif form.cleaned_data.get("kind") == RelationKind.REPLACES:
                replaced.append((form, target))
        if own_id:
            for form, target in replaced:
                if selectors.replaces_reaches(start_ids=[target.pk], goal_id=own_id, ignore_source_id=own_id):
                    form.add_error(
                        "target",
                        _("“%(title)s” already replaces this document, directly or through others: a cycle.")
                        % {"title": target.title},
                    )
        return cleaned


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "Columns: Số ký hiệu, Loại, Cơ quan ban hành, Ngày ban hành, Trích yếu; optionally Người ký, "
            "Ngày hiệu lực, Tình trạng, Lĩnh vực. At most 2 MB and 2,000 rows."
        ),
    )
