"""Reusable answer scales (the 3-level and 5-level satisfaction scales, and any others officers add).

A scale is a template: a poll or a survey question that uses it gets its own copy of the answers
when it is created, so editing or deleting a scale never changes what past ballots meant.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

from campaign_site.text import clean_line, nfc


class AnswerScale(ClusterableModel):
    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        InlinePanel("options", label=pgettext_lazy("answer scale", "Answers"), min_num=2),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("answer scale")
        verbose_name_plural = _("answer scales")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        self.name = clean_line(self.name)
        self.description = nfc(self.description).strip()

    def answer_list(self) -> str:
        """'Rất hài lòng · Hài lòng · Không hài lòng' (the listing's column)."""
        return " · ".join(option.label for option in self.options.all())

    def answers(self) -> list[tuple[str, bool]]:
        """(label, counts as satisfied) in order."""
        return [(option.label, option.is_positive) for option in self.options.all()]


class AnswerScaleOption(Orderable):
    scale = ParentalKey(AnswerScale, on_delete=models.CASCADE, related_name="options", verbose_name=_("answer scale"))
    label = models.CharField(_("label"), max_length=120)
    is_positive = models.BooleanField(_("counts as satisfied"), default=False)

    panels = [FieldPanel("label"), FieldPanel("is_positive")]

    class Meta(Orderable.Meta):
        verbose_name = pgettext_lazy("answer scale", "answer")
        verbose_name_plural = pgettext_lazy("answer scale", "answers")

    def __str__(self):
        return self.label

    def clean(self):
        super().clean()
        self.label = clean_line(self.label)
