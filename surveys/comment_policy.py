"""Who may moderate which poll comments: a Wagtail permission policy on the access layer's scope.

Holders of `surveys.moderate_comments` moderate the comments of ballots within their content scope
(campaign_site.access.scope): city staff every comment, a ward approver only ballots counted for a
unit within their ward. The admin view, the service and the tests all ask this one policy.
"""

from wagtail.permission_policies.base import BasePermissionPolicy

from campaign_site.access.scope import EVERYWHERE, NOWHERE, content_scope
from surveys.models import Ballot

MODERATE = "moderate"
PERMISSION = "surveys.moderate_comments"


class CommentModerationPolicy(BasePermissionPolicy):
    def __init__(self):
        super().__init__(Ballot)

    def user_has_permission(self, user, action) -> bool:
        return action == MODERATE and bool(user and user.is_authenticated and user.has_perm(PERMISSION))

    def instances_user_has_permission_for(self, user, action):
        ballots = Ballot.objects.exclude(comment="")
        if not self.user_has_permission(user, action):
            return ballots.none()
        scope = content_scope(user)
        if scope == EVERYWHERE:
            return ballots
        if scope == NOWHERE:
            return ballots.none()
        return ballots.filter(unit__path__startswith=scope.path)

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        return self.instances_user_has_permission_for(user, action).filter(pk=instance.pk).exists()


comment_policy = CommentModerationPolicy()
