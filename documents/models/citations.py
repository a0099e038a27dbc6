"""Which published pages cite which document numbers, recorded when a page is published.

A citation is kept whether or not the register holds the number: the register's detail pages list
the pages that cite them, and the officers' report lists the numbers cited but not yet registered.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Citation(models.Model):
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="legal_citations")
    number_key = models.CharField(max_length=80, db_index=True)
    text = models.CharField(_("as written"), max_length=200)
    occurrences = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.UniqueConstraint(fields=["page", "number_key"], name="documents_citation_unique"),
            models.CheckConstraint(condition=models.Q(occurrences__gte=1), name="documents_citation_occurs"),
        ]

    def __str__(self):
        return f"{self.text} ({self.page_id})"
