"""An InlinePanel whose formset can check each child against its parent (the plan's year)."""

from wagtail.admin.panels import InlinePanel


class ValidatedInlinePanel(InlinePanel):
    def __init__(self, relation_name, *args, formset_class=None, **kwargs):
        super().__init__(relation_name, *args, **kwargs)
        self.formset_class = formset_class

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs["formset_class"] = self.formset_class
        return kwargs

    def get_form_options(self):
        options = super().get_form_options()
        if self.formset_class is not None:
            options["formsets"][self.relation_name]["formset"] = self.formset_class
        return options
