"""The account page's alert choices and the dashboard's alert panel."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.admin.views.account import BaseSettingsPanel, notifications_tab

from campaign_site.access.roles import role_names

from ..models import AlertOptOut
from . import services
from .registry import alert_sources


def sources_for(user):
    roles = role_names(user)
    return [s for s in alert_sources() if user.is_superuser or set(s.roles) & roles]


class AlertChoicesForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Send me an e-mail when"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, instance=None, **kwargs):
        self.user = instance
        super().__init__(*args, **kwargs)
        offered = sources_for(instance)
        self.fields["kinds"].choices = [(s.kind, s.label) for s in offered]
        opted_out = set(AlertOptOut.objects.filter(user=instance).values_list("kind", flat=True))
        self.initial.setdefault("kinds", [s.kind for s in offered if s.kind not in opted_out])

    def save(self):
        offered = {kind for kind, _label in self.fields["kinds"].choices}
        chosen = set(self.cleaned_data["kinds"])
        # Kinds this account is not offered keep their state; set_opt_outs works on every kind.
        not_offered = {s.kind for s in alert_sources()} - offered
        kept_off = set(AlertOptOut.objects.filter(user=self.user, kind__in=not_offered).values_list("kind", flat=True))
        services.set_opt_outs(user=self.user, enabled_kinds=(chosen | not_offered) - kept_off)


class AlertSettingsPanel(BaseSettingsPanel):
    name = "staff_alerts"
    title = _("Alert e-mails")
    tab = notifications_tab
    order = 300
    form_class = AlertChoicesForm

    def is_active(self):
        return bool(sources_for(self.user))


class AlertsDashboardPanel(Component):
    name = "staff_alerts"
    order = 90
    template_name = "subscriptions/admin/alerts_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        return {"incidents": services.open_incidents_for(self.user)}
