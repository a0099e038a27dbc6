"""Form fields the Wagtail admin uses for every model: what counts as a change, and slugs.

An approver who approves a page from the editor without touching it must publish it. Wagtail saves
a new revision when the form reports a change and, with WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT,
a new revision restarts the approval, so a change that is not one sent the page back into review:
- a date-time whose model default is callable (`default=timezone.now`) is posted with a hidden copy
  of its initial value to the microsecond, while the input shows "05/03/2026 09:00";
- rich text stored without Draftail's `data-block-key` attributes (written by code: the demo,
  imports, bulletins drafted from the inbox) comes back from the editor with fresh keys;
- a stream read back from PostgreSQL's jsonb has its keys in another order than the editor posts.
Here a date-time is compared to the minute against the stored value, and rich text without its
block keys.
"""

import json
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.widgets import AdminDateTimeInput, SlugInput
from wagtail.blocks.base import BlockField
from wagtail.fields import RichTextField, StreamField

from campaign_site.slugs import VietnameseSlugField

_BLOCK_KEY = re.compile(r'\s+data-block-key=\\?"[^"\\]*\\?"')


def without_block_keys(text: str) -> str:
    return _BLOCK_KEY.sub("", text)


def _to_minute(value):
    return value.replace(second=0, microsecond=0) if value else value


class MinuteDateTimeField(forms.DateTimeField):
    def __init__(self, *args, **kwargs):
        kwargs["show_hidden_initial"] = False  # compare with the stored value, not a hidden copy
        super().__init__(*args, **kwargs)

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        try:
            posted = self.to_python(data)
            if isinstance(initial, str):
                initial = self.to_python(initial)
        except ValidationError:
            return True
        return _to_minute(initial) != _to_minute(posted)


class StreamFormField(BlockField):
    def has_changed(self, initial_value, data_value):
        def prepared(value):
            # Sorted keys: PostgreSQL's jsonb gives a stored block's keys back in its own order.
            encoded = json.dumps(self.block.get_prep_value(value), cls=DjangoJSONEncoder, sort_keys=True)
            return without_block_keys(encoded)

        return prepared(initial_value) != prepared(data_value)


class RichTextFormField(forms.CharField):
    def has_changed(self, initial, data):
        return without_block_keys(initial or "") != without_block_keys(self.to_python(data) or "")


def register() -> None:
    register_form_field_override(models.SlugField, override={"form_class": VietnameseSlugField, "widget": SlugInput})
    register_form_field_override(
        models.DateTimeField, override={"form_class": MinuteDateTimeField, "widget": AdminDateTimeInput}
    )
    register_form_field_override(StreamField, override={"form_class": StreamFormField})
    register_form_field_override(RichTextField, override={"form_class": RichTextFormField})
