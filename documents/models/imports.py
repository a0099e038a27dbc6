"""An uploaded register file between its preview and its confirmation.

The rows are read and checked once, at upload; the preview shows what they will do and the officer
confirms. The file's rows are kept here (not in the session, not in a per-process cache) so that
any worker can apply them; applied or abandoned uploads are deleted.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RegisterImport(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("by")
    )
    filename = models.CharField(_("file name"), max_length=255)
    # The rows as read ([{column: text}]), re-checked when applied: the register may have changed.
    rows = models.JSONField(default=list)

    class Meta:
        verbose_name = _("register import")
        verbose_name_plural = _("register imports")

    def __str__(self):
        return self.filename
