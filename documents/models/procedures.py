"""Administrative procedures (thủ tục hành chính) by their code in the national database, so that
articles and stories can name the procedures they concern and link to the public-service portals."""

import re
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from campaign_site.text import clean_line, fold

# The national portal's procedure search by code, and the city portal's home page (no per-procedure
# address of it could be confirmed). The portal's detail page, dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html,
# takes its own internal id, not the mã TTHC: docs/documents.md, "Portal addresses". Settings override.
DEFAULT_NATIONAL_URL = "https://dichvucong.gov.vn/tim-kiem-thu-tuc-hanh-chinh?keyword={code}"
DEFAULT_CITY_URL = "https://dichvucong.hanoi.gov.vn/"
# "1.001612", "2.000986", "1.012345.000.00.00.H26": digits and dots, optional local suffix.
CODE_PATTERN = r"^[0-9]{1,2}\.[0-9]{6}(\.[0-9A-Z]{1,6}){0,4}$"


class Procedure(index.Indexed, models.Model):
    code = models.CharField(
        _("procedure code"),
        max_length=40,
        unique=True,
        help_text=_("The code in the national database, e.g. 1.001612."),
    )
    name = models.CharField(_("name"), max_length=500)
    field = models.CharField(_("field"), max_length=200, blank=True)
    level = models.CharField(_("level carried out"), max_length=120, blank=True, help_text=_("e.g. Cấp xã, Cấp tỉnh."))
    is_active = models.BooleanField(_("in use"), default=True)

    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("field"), FieldPanel("level"), FieldPanel("is_active")]
    search_fields = [
        index.SearchField("code"),
        index.SearchField("name"),
        index.SearchField("folded_name"),
        index.AutocompleteField("name"),
        index.AutocompleteField("code"),
    ]

    class Meta:
        ordering = ["code"]
        verbose_name = _("administrative procedure")
        verbose_name_plural = _("administrative procedures")
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=CODE_PATTERN), name="documents_procedure_code_form"),
            models.CheckConstraint(condition=~Q(name=""), name="documents_procedure_name_not_empty"),
        ]

    def __str__(self):
        return f"{self.code} – {self.name}"

    def clean(self):
        self.code = clean_line(self.code).upper()
        self.name = clean_line(self.name)
        self.field = clean_line(self.field)
        self.level = clean_line(self.level)
        if not re.match(CODE_PATTERN, self.code):
            raise ValidationError({"code": _("A procedure code looks like 1.001612 (digits and dots).")})

    @property
    def folded_name(self) -> str:
        return fold(self.name)

    @property
    def national_url(self) -> str:
        pattern = getattr(settings, "DOCUMENTS_NATIONAL_PROCEDURE_URL", "") or DEFAULT_NATIONAL_URL
        return _fill(pattern, self.code)

    @property
    def city_url(self) -> str:
        pattern = getattr(settings, "DOCUMENTS_CITY_PROCEDURE_URL", "") or DEFAULT_CITY_URL
        return _fill(pattern, self.code)


def _fill(pattern: str, code: str) -> str:
    # replace(), not format(): an operator's pattern may hold other braces.
    return pattern.replace("{code}", quote(code, safe=""))
