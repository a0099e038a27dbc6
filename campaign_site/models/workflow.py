"""The approval step of the moderation workflow, limited to the approver's own unit."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.models import AbstractGroupApprovalTask, TaskState

from campaign_site.access.page_scope import page_ids_within, page_in_scope
from campaign_site.access.scope import EVERYWHERE, NOWHERE, content_scope

# The approve actions of a workflow's last step, by whether they ask for a comment.
FINAL_APPROVE_LABELS = {
    False: pgettext_lazy("workflow action", "Approve and publish"),
    True: pgettext_lazy("workflow action", "Approve and publish with a comment"),
}


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
        if not self._may_review(obj, user):
            return []
        actions = super().get_actions(obj, user)
        state = getattr(obj, "current_workflow_state", None)
        if state is None or not state.is_at_final_task:
            return actions
        # Approving the last step publishes: the button says so ("Duyệt và xuất bản"). Wagtail
        # adds "and Publish" itself only when edits do not need re-approval, which they do here.
        return [(name, FINAL_APPROVE_LABELS.get(modal, label) if name == "approve" else label, modal)
                for name, label, modal in actions]  # fmt: skip

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
