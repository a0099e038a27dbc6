"""The administrative-unit tree: city → district → ward, or city → ward since the 2025 reform.

Stored as an adjacency list (`parent`) plus a materialised `path` of ids ("/1/4/9/") so that
"this unit and everything under it" is one indexed `path__startswith` query at any depth.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from campaign_site.text import clean_line, fold


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Province / centrally-run city")
    DISTRICT = "district", _("District / town")
    COMMUNE = "commune", _("Commune / ward / township / special zone")
    # Departments and agencies (sở, ban, ngành) lead plan tasks and publish news like units do.
    AGENCY = "agency", _("Department / agency")


class AdministrativeUnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def subtree_of(self, unit: "AdministrativeUnit"):
        """`unit` and every unit below it, at any depth."""
        return self.filter(path__startswith=unit.path)

    def ancestors_of(self, unit: "AdministrativeUnit"):
        """`unit` and every unit above it."""
        ids = [int(part) for part in unit.path.strip("/").split("/") if part]
        return self.filter(pk__in=ids)


class AdministrativeUnit(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=UnitLevel.choices)
    code = models.CharField(
        _("code"), max_length=20, unique=True, help_text=_("The official code of the unit, e.g. 00004.")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("active"), default=True)
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=1)

    objects = AdministrativeUnitQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("level"),
        FieldPanel("code"),
        FieldPanel("parent"),
        FieldPanel("is_active"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("folded_name"),
        index.AutocompleteField("name"),
        index.FilterField("level"),
        index.FilterField("is_active"),
    ]

    class Meta:
        ordering = ["path"]
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean_line(self.name)
        self.short_name = clean_line(self.short_name)
        with transaction.atomic():
            if self.pk is None:
                super().save(*args, **kwargs)
                kwargs.pop("force_insert", None)
            old_path, old_depth = self.path, self.depth
            parent_path = self.parent.path if self.parent_id else "/"
            self.path = f"{parent_path}{self.pk}/"
            self.depth = self.path.count("/") - 1
            super().save(update_fields=["name", "short_name", "level", "code", "parent", "is_active", "path", "depth"])
            if old_path and old_path != self.path:
                # Rewrite the subtree's paths and depths in one statement.
                AdministrativeUnit.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                    path=Concat(Value(self.path), Substr("path", len(old_path) + 1)),
                    depth=F("depth") + (self.depth - old_depth),
                )

    def clean(self):
        self.name = clean_line(self.name)
        self.short_name = clean_line(self.short_name)
        if self.parent_id and self.pk and self.path and self.parent.path.startswith(self.path):
            raise ValidationError({"parent": _("A unit cannot be placed under itself or its own sub-unit.")})

    @property
    def folded_name(self) -> str:
        return fold(self.name)

    @property
    def label(self) -> str:
        return self.short_name or self.name

    def ancestors(self):
        return AdministrativeUnit.objects.ancestors_of(self).order_by("depth")

    def subtree(self):
        return AdministrativeUnit.objects.subtree_of(self)

    def is_within(self, other: "AdministrativeUnit") -> bool:
        """True when this unit is `other` or lies anywhere below it."""
        return bool(other and other.path and self.path.startswith(other.path))
