"""{% load admin_labels %}: labels for the overridden Wagtail admin templates."""

from django import template

from campaign_site import admin_labels

register = template.Library()


@register.filter
def permission_label(permission):
    """{{ perm|permission_label }} -> "Được thêm tin bài" (the stored name says "Can add news article")."""
    return admin_labels.permission_label(permission)
