"""Labels Wagtail leaves untranslatable, given translatable ones once at start-up.

Wagtail builds some labels from a field's name instead of a message, so they stay English whatever
the catalogue says: the Sites listing's `Column("port")`, `Column("site_name")`,
`Column("root_page")` ("Port", "Site name", "Root page"), and the page chooser of the workflow and
group permission forms (`page = forms.ModelChoiceField(...)`, "Page"), and the page permission
checkboxes, read by screen readers as the stored English permission name ("Can add page"). They get
the models' verbose names and Wagtail's own long permission labels, which the catalogues translate.
"""

from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext
from wagtail.admin.forms.workflows import WorkflowPageForm
from wagtail.models import GroupPagePermission, Site, WorkflowPage
from wagtail.models.pages import PAGE_PERMISSION_TYPES
from wagtail.sites.views import IndexView as SiteIndexView
from wagtail.users.forms import PagePermissionsForm


def _field_label(model, name: str) -> str:
    return capfirst(model._meta.get_field(name).verbose_name)


field_label = lazy(_field_label, str)
PAGE_PERMISSION_LABELS = {codename: long_label for codename, _short, long_label in PAGE_PERMISSION_TYPES}


def page_permission_label(permission) -> str:
    return str(PAGE_PERMISSION_LABELS.get(permission.codename, permission.name))


# Django names a model's permissions "Can add <model>" in English when it creates them, and the
# group editor reads that stored name out.
_MODEL_ACTIONS = {"add": "Can add %(model)s", "change": "Can change %(model)s", "delete": "Can delete %(model)s",
                  "view": "Can view %(model)s"}  # fmt: skip


def permission_label(permission) -> str:
    """A permission as the group editor should say it: Vietnamese whatever name is stored."""
    action, _sep, model_name = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if action in _MODEL_ACTIONS and model is not None and model._meta.model_name == model_name:
        return pgettext("permission", _MODEL_ACTIONS[action]) % {"model": model._meta.verbose_name}
    return gettext(permission.name)


def register() -> None:
    for column in SiteIndexView.columns:
        if column.name in ("port", "site_name", "root_page"):
            column.label = field_label(Site, column.name)
    WorkflowPageForm.base_fields["page"].label = field_label(WorkflowPage, "page")
    PagePermissionsForm.base_fields["page"].label = field_label(GroupPagePermission, "page")
    PagePermissionsForm.base_fields["permissions"].label_from_instance = page_permission_label
