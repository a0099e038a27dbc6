"""The message listing's filters: status as people read it ("expired" is its own choice, and
"approved" no longer lists messages that have ended)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from screens.models import DISPLAY_STATUSES, MessageKind, ScreenMessage


class ScreenMessageFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("status"), choices=DISPLAY_STATUSES, method="filter_status")
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=MessageKind.choices)

    class Meta:
        model = ScreenMessage
        fields = []

    def filter_status(self, queryset, name, value):
        return queryset.with_display_status(value)
