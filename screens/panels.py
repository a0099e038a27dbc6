"""The message form's "length and preview" panel: per targeted display profile, the characters
used against its limits and the frame it will show. Server-rendered from the form (so it is right
without JavaScript after any save); static/screens/message_form.js keeps it live while typing."""

from django.urls import reverse
from wagtail.admin.panels import Panel

from screens import previews


class MessagePreviewPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "screens/admin/message_preview_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            message = previews.form_message(self.form)
            title, text = previews.normalise(message.title, message.text)
            # A saved, unchanged message has its frames at stable addresses (no script needed).
            saved = bool(message.pk) and not self.form.is_bound
            rows = []
            for target in previews.target_profiles(message):
                frame_url = ""
                if saved:
                    frame_url = reverse("screens_admin:message_frame", args=[message.pk, target.profile.pk])
                rows.append({"target": target, "counts": target.counts(title, text), "frame_url": frame_url})
            context.update(
                rows=rows,
                targeting=previews.targeting_map(self.request.user),
                preview_url=reverse("screens_admin:frame_preview"),
            )
            return context
