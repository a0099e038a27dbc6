"""How other apps let their pages name the procedures they concern (as plans.links does for tasks).

A page type adds a concrete `ProcedureLink` with a ParentalKey named `page` and related_name
`procedure_links`, and `procedures_panel()` in its panels; the "Thủ tục liên quan" box (a sidebar
slot of this app) then shows the procedures on the page.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultipleChooserPanel
from wagtail.models import Orderable

# The relation the "Thủ tục liên quan" box reads on a page.
PROCEDURE_LINKS = "procedure_links"


class ProcedureLink(Orderable):
    procedure = models.ForeignKey(
        "documents.Procedure", verbose_name=_("procedure"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("procedure")]

    class Meta(Orderable.Meta):
        abstract = True
        verbose_name = _("related procedure")
        verbose_name_plural = _("related procedures")


def procedures_panel():
    return MultipleChooserPanel(
        PROCEDURE_LINKS,
        chooser_field_name="procedure",
        heading=_("Related procedures"),
        label=_("Procedure"),
        help_text=_(
            "The administrative procedures the page concerns; readers get links to the public-service portals."
        ),
    )
