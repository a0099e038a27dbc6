"""The documents register: an index page (list, filters, feeds) and one page per document.

Entries are Wagtail pages (see docs/documents.md): they are found by the site search, listed in the
sitemap, purged from the page cache on publish, versioned with revisions, and moderated like the
rest of the site.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page
from wagtail.search import index

from campaign_site.access.page_scope import ScopedPageMixin, ScopedPagePermissionTester
from campaign_site.models.pages import FoldedSearchMixin
from campaign_site.text import clean_line, fold, nfc
from documents.forms import LegalDocumentForm
from documents.references import key_of


class DocumentKind(models.TextChoices):
    LAW = "luat", _("Law")
    DECREE = "nghi-dinh", _("Decree")
    RESOLUTION = "nghi-quyet", _("Resolution")
    DECISION = "quyet-dinh", _("Decision")
    DIRECTIVE = "chi-thi", _("Directive")
    CIRCULAR = "thong-tu", _("Circular")
    PLAN = "ke-hoach", _("Plan")
    OFFICIAL_LETTER = "cong-van", _("Official letter")
    NOTICE = "thong-bao", _("Notice")
    GUIDANCE = "huong-dan", _("Guidance")
    OTHER = "khac", _("Other")


class DocumentStatus(models.TextChoices):
    IN_FORCE = "in-force", _("In force")
    EXPIRED = "expired", _("No longer in force")
    REPLACED = "replaced", _("Replaced")
    AMENDED = "amended", _("Amended")


# Statuses a citation is marked with wherever the document is cited.
NOT_IN_FORCE = (DocumentStatus.EXPIRED, DocumentStatus.REPLACED)


class DocumentField(models.Model):
    """A field of state management (lĩnh vực): administrative reform, justice, land…"""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("document field")
        verbose_name_plural = _("document fields")

    def __str__(self):
        return self.name


class DocumentIndexPage(ScopedPageMixin, RoutablePageMixin, Page):
    """/van-ban/: the register, filtered and counted; /van-ban/rss/ and /van-ban/atom/."""

    # Lists and counts its documents: a publication anywhere expires its cached answers.
    page_cache_purge_on_publish = True

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["documents.LegalDocumentPage"]
    max_count = 1

    class Meta:
        verbose_name = _("documents register")

    @path("")
    def listing(self, request):
        from documents import context as page_context

        context = self.get_context(request)
        context.update(page_context.listing_context(request, index_page=self))
        return TemplateResponse(request, self.get_template(request), context)

    @path("rss/", name="rss")
    def rss(self, request):
        from documents.feeds import RegisterFeed

        return RegisterFeed(index_page=self)(request)

    @path("atom/", name="atom")
    def atom(self, request):
        from documents.feeds import RegisterAtomFeed

        return RegisterAtomFeed(index_page=self)(request)

    def get_cached_paths(self):
        return ["/", "/rss/", "/atom/"]


class LegalDocumentPage(ScopedPageMixin, FoldedSearchMixin, Page):
    base_form_class = LegalDocumentForm

    kind = models.CharField(_("type"), max_length=20, choices=DocumentKind.choices)
    number_symbol = models.CharField(
        _("number and symbol"), max_length=60, help_text=_("As printed on the document, e.g. 61/2018/NĐ-CP.")
    )
    # The folded key references are matched on ("61/2018/nd-cp"): one document per key.
    number_key = models.CharField(max_length=80, unique=True, editable=False)
    issuer = models.CharField(_("issuing body"), max_length=200)
    signer = models.CharField(_("signer"), max_length=200, blank=True)
    issued_on = models.DateField(_("issue date"), db_index=True)
    effective_on = models.DateField(_("effective date"), null=True, blank=True)
    status = models.CharField(
        pgettext_lazy("legal document", "status"),
        max_length=20,
        choices=DocumentStatus.choices,
        default=DocumentStatus.IN_FORCE,
    )
    field = models.ForeignKey(
        DocumentField,
        verbose_name=_("field"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    summary = models.TextField(
        pgettext_lazy("legal document", "summary"), help_text=_("The document's summary line (trích yếu).")
    )
    units = ParentalManyToManyField(
        "campaign_site.AdministrativeUnit",
        verbose_name=_("administrative units"),
        blank=True,
        related_name="legal_documents",
        help_text=_("The units the document concerns. Leave empty for the whole city."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("number_symbol")]),
                FieldRowPanel([FieldPanel("issuer"), FieldPanel("signer")]),
                FieldRowPanel([FieldPanel("issued_on"), FieldPanel("effective_on")]),
                FieldRowPanel([FieldPanel("status"), FieldPanel("field")]),
            ],
            heading=_("Metadata"),
        ),
        FieldPanel("summary"),
        FieldPanel("units"),
        InlinePanel("files", heading=_("Files"), label=_("File")),
        InlinePanel("relations", heading=_("Related documents"), label=_("Relation")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("number_symbol"),
        index.SearchField("summary"),
        index.SearchField("folded_search_text"),
        index.FilterField("kind"),
        index.FilterField("status"),
        index.FilterField("issued_on"),
    ]
    folded_search_sources = ("title", "number_variants", "summary", "issuer", "files_text")
    parent_page_types = ["documents.DocumentIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        ordering = ["-issued_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_on__isnull=True) | Q(effective_on__gte=F("issued_on")),
                name="documents_effective_not_before_issue",
                violation_error_message=_("The effective date cannot be before the issue date."),
            ),
            models.CheckConstraint(condition=~Q(number_key=""), name="documents_number_key_not_empty"),
        ]
        indexes = [models.Index(fields=["kind", "-issued_on"], name="documents_kind_issued")]

    def __str__(self):
        return self.title

    @property
    def files_text(self) -> str:
        """The text of the attached files (PDF, DOCX) as far as it can be read: "" for a scan."""
        from sitesearch.extraction import document_text  # read when the page is indexed

        return " ".join(document_text(file.document) for file in self.files.select_related("document"))

    search_body_text = files_text

    @property
    def number_variants(self) -> str:
        """The number spelled the ways readers type it: "số 61/2018/NĐ-CP 61/2018/nd-cp 61 2018 nd cp 612018ndcp"."""
        # Word by word too: a full-text parser may keep "61/2018/nd-cp" as one token (a path).
        words = re.findall(r"\w+", fold(self.number_symbol))
        return f"số {self.number_symbol} {self.number_key} {' '.join(words)} {''.join(words)}"

    @property
    def is_in_force(self) -> bool:
        return self.status not in NOT_IN_FORCE

    def clean(self):
        super().clean()
        self.number_symbol = clean_line(self.number_symbol)
        self.issuer = clean_line(self.issuer)
        self.signer = clean_line(self.signer)
        self.summary = nfc(self.summary).strip()
        errors = {}
        self.number_key = key_of(self.number_symbol)
        if not self.number_key:
            errors["number_symbol"] = _("Write the number and symbol as printed, e.g. 61/2018/NĐ-CP or 06/QĐ-TTg.")
        elif LegalDocumentPage.objects.filter(number_key=self.number_key).exclude(pk=self.pk).exists():
            errors["number_symbol"] = _("The register already holds a document with this number and symbol.")
        if self.effective_on and self.issued_on and self.effective_on < self.issued_on:
            errors["effective_on"] = _("The effective date cannot be before the issue date.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.number_key = self.number_key or key_of(self.number_symbol)
        return super().save(*args, **kwargs)

    def permissions_for_user(self, user):
        return _RegisterEntryPermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        from documents import context as document_context

        context = super().get_context(request, *args, **kwargs)
        context.update(document_context.document_context(self))
        return context


class _RegisterEntryPermissionTester(ScopedPagePermissionTester):
    # A copy would carry the same number and symbol, which the register holds once.
    def can_copy(self):
        return False


class DocumentFile(Orderable):
    page = ParentalKey(LegalDocumentPage, on_delete=models.CASCADE, related_name="files")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("file"), on_delete=models.CASCADE, related_name="+"
    )
    label = models.CharField(
        pgettext_lazy("legal document", "label"), max_length=120, blank=True, help_text=_("e.g. Toàn văn, Phụ lục.")
    )

    panels = [FieldPanel("document"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("file")


class RelationKind(models.TextChoices):
    REPLACES = "replaces", _("replaces")
    AMENDS = "amends", _("amends")
    GUIDES = "guides", _("guides the implementation of")


# How a relation reads from the other side.
INVERSE_LABELS = {
    RelationKind.REPLACES: _("replaced by"),
    RelationKind.AMENDS: _("amended by"),
    RelationKind.GUIDES: _("implemented by"),
}


class DocumentRelation(Orderable):
    """`source` replaces / amends / guides `target`; both pages show it."""

    source = ParentalKey(LegalDocumentPage, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField(_("relation"), max_length=20, choices=RelationKind.choices)
    target = models.ForeignKey(
        LegalDocumentPage, verbose_name=_("document"), on_delete=models.CASCADE, related_name="incoming_relations"
    )

    panels = [FieldPanel("kind"), FieldPanel("target")]

    class Meta(Orderable.Meta):
        verbose_name = _("related document")
        constraints = [
            models.CheckConstraint(
                condition=~Q(source=F("target")),
                name="documents_relation_not_to_itself",
                violation_error_message=_("A document cannot be related to itself."),
            ),
            models.UniqueConstraint(fields=["source", "kind", "target"], name="documents_relation_unique"),
        ]
