"""The admin form every page type starts from: a taken address names the page that holds it.

Wagtail 7.4 autosaves a new page as a draft as soon as its form is touched, so an abandoned form
leaves a hidden draft, and writing the same article again ended in "the slug … is already in use"
with nothing to go on. The refusal now says which page holds the address and, when the account
may edit that page, links to it; a page the account may not open is only said to be someone
else's, without its title.
"""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from wagtail.admin.forms import WagtailAdminPageForm


def _state(page) -> str:
    if page.live:
        return pgettext("page state", "published")
    if page.workflow_in_progress:
        return pgettext("page state", "waiting for approval")
    return pgettext("page state", "a draft not yet sent for approval")


def slug_taken_message(holder, slug: str, user) -> str:
    """The Vietnamese refusal for `slug`, held by the sibling page `holder` (HTML, escaped)."""
    if user is not None and holder.permissions_for_user(user).can_edit():
        return format_html(
            _(
                "The address “{slug}” is already used by the page “{title}” ({state}) in this section. "
                '<a href="{url}">Open that page</a> to carry on with it, or change the address under '
                "“Promote”."
            ),
            slug=slug,
            title=holder.get_admin_display_title(),
            state=_state(holder),
            url=reverse("wagtailadmin_pages:edit", args=(holder.pk,)),
        )
    if holder.live:
        return format_html(
            _("The address “{slug}” is already used by the published page “{title}”; change the address."),
            slug=slug,
            title=holder.get_admin_display_title(),
        )
    return format_html(
        _("The address “{slug}” is held by a draft written by someone else in this section; change the address."),
        slug=slug,
    )


class CampaignPageForm(WagtailAdminPageForm):
    def clean(self):
        self._typed_slug = self.cleaned_data.get("slug")  # add_error() drops it from cleaned_data
        return super().clean()

    def full_clean(self):
        # After the form's clean() and the model's own slug check (Page.clean), both of which refuse
        # a taken slug with a bare message.
        super().full_clean()
        slug = getattr(self, "_typed_slug", None)
        if not slug or "slug" not in self.errors or self.parent_page is None:
            return
        siblings = self.parent_page.get_children().filter(slug=slug)
        if self.instance.pk:
            siblings = siblings.exclude(pk=self.instance.pk)
        holder = siblings.specific().first()
        if holder is not None:
            self.errors["slug"] = self.error_class([slug_taken_message(holder, slug, self.for_user)])
