"""StreamField blocks other apps may add to their bodies."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock


class PollBlock(blocks.StructBlock):
    """Embeds a poll; the box posts through a fresh CSRF token, so cached pages still take votes."""

    poll = SnippetChooserBlock("surveys.Poll", label=_("Poll"))

    class Meta:
        icon = "list-ul"
        label = _("Poll")
        template = "surveys/blocks/poll_block.html"

    def get_context(self, value, parent_context=None):
        from surveys.selectors import poll_box_context

        context = super().get_context(value, parent_context=parent_context)
        poll = value.get("poll")
        context["box"] = poll_box_context(poll, place="block") if poll else None
        return context
