from django import template

register = template.Library()


@register.filter
def heading_level(value) -> int:
    """A heading level for nested chart groups: one deeper per step, never past <h6>."""
    return min(int(value), 6)
