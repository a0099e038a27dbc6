"""What articles and model stories share: a lead, a lead image with required alt text, a body."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.fields import StreamField

from campaign_site.text import clean_line, nfc
from news.blocks import BodyBlock

WORDS_PER_MINUTE = 200


def lead_image_field():
    return models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


def lead_image_alt_field():
    return models.CharField(
        _("lead image alternative text"),
        max_length=255,
        blank=True,
        help_text=_("Describe the image for people who cannot see it. Required when there is a lead image."),
    )


def body_field():
    return StreamField(BodyBlock(), verbose_name=_("body"), blank=True)


def published_at_field():
    return models.DateTimeField(
        _("published at"),
        default=timezone.now,
        db_index=True,
        help_text=_("The date and time shown on the article; newer and older links follow it."),
    )


class ReadableMixin:
    """Lead image alt text, body text for search and reading time. Needs lead, lead_image(_alt), body."""

    def clean_text_fields(self):
        self.title = clean_line(self.title)
        self.lead = nfc(self.lead).strip()
        self.lead_image_alt = clean_line(self.lead_image_alt)

    def validate_lead_image(self):
        if self.lead_image_id and not self.lead_image_alt:
            raise ValidationError({"lead_image_alt": _("An image needs alternative text before it can be published.")})

    @property
    def body_text(self) -> str:
        parts = []
        for child in self.body:
            content = child.block.get_searchable_content(child.value)
            parts.extend(str(item) for item in content if item)
        return clean_line(strip_tags(" ".join(parts)))

    @property
    def reading_minutes(self) -> int:
        words = len(f"{self.title} {self.lead} {self.body_text}".split())
        return max(1, round(words / WORDS_PER_MINUTE))
