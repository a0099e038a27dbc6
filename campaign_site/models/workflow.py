"""The approval step of the moderation workflow, limited to the approver's own unit."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, TaskState

from campaign_site.access.page_scope import page_ids_within, page_in_scope
from campaign_site.access.scope import EVERYWHERE, NOWHERE, content_scope


class UnitApprovalTask(AbstractGroupApprovalTask):
    """Like Wagtail's group approval, but an approver of a ward reviews only that ward's pages; city
    approvers review everything."""

    def _may_review(self, obj, user) -> bool:
        if user.is_superuser:
            return True
        return self._user_in_groups(user) and page_in_scope(obj, user)

    def user_can_access_editor(self, obj, user):
        return self._may_review(obj, user)

    def locked_for_user(self, obj, user):
        return not self._may_review(obj, user)

    def user_can_lock(self, obj, user):
        return self._may_review(obj, user)

    def get_actions(self, obj, user):
        return super().get_actions(obj, user) if self._may_review(obj, user) else []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        scope = content_scope(user)
        if scope == EVERYWHERE:
            return states
        if scope == NOWHERE:
            return TaskState.objects.none()
        within = Q(pk__in=[])
        for ids in page_ids_within(scope):
            within |= Q(workflow_state__object_id__in=ids)
        return states.filter(within)

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups approve the pages of their own unit (city members: every page)")

    class Meta:
        verbose_name = _("unit approval task")
        verbose_name_plural = _("unit approval tasks")
