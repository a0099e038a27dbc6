"""A multiple-choice field stored as a JSON list, so it works the same on SQLite and PostgreSQL."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class MultipleChoiceListField(models.JSONField):
    """A list of values from `choices`, edited as checkboxes, stored in the choices' order."""

    def __init__(self, *args, base_choices=None, **kwargs):
        self.base_choices = base_choices
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["base_choices"] = self.base_choices
        return name, path, args, kwargs

    def _allowed(self) -> list[str]:
        return [value for value, _label in self.base_choices]

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if not isinstance(value, list | tuple):
            raise ValidationError(_("Choose from the list."), code="invalid")
        unknown = [item for item in value if item not in self._allowed()]
        if unknown:
            raise ValidationError(
                _("Unknown choice: %(values)s."), code="invalid_choice", params={"values": ", ".join(map(str, unknown))}
            )

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname) or []
        ordered = [choice for choice in self._allowed() if choice in value]
        setattr(model_instance, self.attname, ordered)
        return ordered

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.base_choices,
            "widget": forms.CheckboxSelectMultiple,
            "required": not self.blank,
            "label": self.verbose_name,
            "help_text": self.help_text,
        }
        defaults.update(kwargs)
        form_class = defaults.pop("form_class")
        # JSONField.formfield would force a JSON text box; build the checkbox field directly.
        for key in ("encoder", "decoder", "max_length"):
            defaults.pop(key, None)
        return form_class(**defaults)
