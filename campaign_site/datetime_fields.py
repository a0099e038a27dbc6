"""Date-and-time fields in the admin are edited to the minute; a form that shows the same minute
has not changed.

Django renders a field whose model default is callable (`default=timezone.now`) with a hidden copy
of its initial value, to the microsecond, while the visible input shows "05/03/2026 09:00". Posting
the page editor unchanged therefore reported a change, saved a new revision and, with
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT, sent a page an approver had just approved from the
editor straight back into review.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.widgets import AdminDateTimeInput


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
        except ValidationError:
            return True
        if isinstance(initial, str):
            try:
                initial = self.to_python(initial)
            except ValidationError:
                return True
        return _to_minute(initial) != _to_minute(posted)


def register() -> None:
    register_form_field_override(
        models.DateTimeField, override={"form_class": MinuteDateTimeField, "widget": AdminDateTimeInput}
    )
