"""Addresses are personal data (Nghị định 13/2023/NĐ-CP): only city-wide information officers (and
superusers) see, import, export or change them. Ward staff never do, whatever their model permissions."""

from wagtail.permission_policies.base import ModelPermissionPolicy

from campaign_site.access import scope


def is_city_officer(user) -> bool:
    """A city-wide information officer (or superuser) whose account is active."""
    return bool(user and user.is_authenticated and user.is_active and scope.is_city_officer(user))


class CityOfficerPolicy(ModelPermissionPolicy):
    """Django's model permissions, narrowed to city officers."""

    def user_has_permission(self, user, action):
        return is_city_officer(user) and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return is_city_officer(user) and super().user_has_any_permission(user, actions)


def subscriber_policy() -> CityOfficerPolicy:
    from .models import Subscriber

    return CityOfficerPolicy(Subscriber)


def can_view_addresses(user) -> bool:
    return subscriber_policy().user_has_permission(user, "view")


def can_change_addresses(user) -> bool:
    return subscriber_policy().user_has_any_permission(user, ["add", "change"])


def can_send_mail(user) -> bool:
    """Test mails, corrections and the delivery report of an issue."""
    return subscriber_policy().user_has_permission(user, "change")
