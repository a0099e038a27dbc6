"""Model-unit stories (mô hình điển hình): the unit, the model, since when, and its figures."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page
from wagtail.search import index

from campaign_site.access.page_scope import ScopedPageForm, ScopedPageMixin
from campaign_site.models.pages import FoldedSearchMixin
from campaign_site.public_url import PublicUrlMixin
from campaign_site.text import clean_line
from documents.links import ProcedureLink, procedures_panel
from plans.links import plan_task_field, validate_task_link

from .mixins import ReadableMixin, body_field, lead_image_alt_field, lead_image_field, published_at_field


class ModelStoryIndexPage(PublicUrlMixin, ScopedPageMixin, FoldedSearchMixin, Page):
    # Lists or counts other pages: any publication anywhere expires its cached answers.
    page_cache_purge_on_publish = True

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("folded_search_text")]
    folded_search_sources = ("title", "intro")
    subpage_types = ["news.ModelStoryPage"]

    class Meta:
        verbose_name = _("model story index page")

    def get_context(self, request, *args, **kwargs):
        from news import context as page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(page_context.story_listing_context(request, index_page=self))
        return context


class ModelStoryTag(TaggedItemBase):
    content_object = ParentalKey("news.ModelStoryPage", on_delete=models.CASCADE, related_name="tagged_items")


class ModelStoryPage(PublicUrlMixin, ScopedPageMixin, ReadableMixin, FoldedSearchMixin, Page):
    unit_scope_field = "unit"
    base_form_class = ScopedPageForm

    unit = models.ForeignKey(
        "campaign_site.AdministrativeUnit",
        verbose_name=_("unit"),
        null=True,
        on_delete=models.PROTECT,
        related_name="model_stories",
    )
    model_name = models.CharField(
        _("name of the model"), max_length=255, help_text=_("e.g. “Chính quyền thân thiện vì Nhân dân phục vụ”.")
    )
    since = models.DateField(_("running since"), null=True, blank=True)
    lead = models.TextField(_("lead"))
    lead_image = lead_image_field()
    lead_image_alt = lead_image_alt_field()
    body = body_field()
    tags = ClusterTaggableManager(verbose_name=_("tags"), through=ModelStoryTag, blank=True)
    featured = models.BooleanField(_("featured on the home page"), default=False)
    published_at = published_at_field()
    plan_task = plan_task_field()

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("unit"), FieldPanel("model_name"), FieldPanel("since")], heading=_("The model")),
        FieldPanel("lead"),
        MultiFieldPanel([FieldPanel("lead_image"), FieldPanel("lead_image_alt")], heading=_("Lead image")),
        InlinePanel("figures", label=_("Key figures")),
        FieldPanel("body"),
        InlinePanel("gallery_images", label=_("Gallery")),
        MultiFieldPanel([FieldPanel("tags"), FieldPanel("featured"), FieldPanel("published_at")], heading=_("More")),
        FieldPanel("plan_task"),
        procedures_panel(),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("model_name"),
        index.SearchField("lead"),
        index.SearchField("body"),
        index.SearchField("folded_search_text"),
        index.FilterField("published_at"),
    ]
    folded_search_sources = ("title", "model_name", "lead", "body_text")
    parent_page_types = ["news.ModelStoryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("model story")
        verbose_name_plural = _("model stories")

    def clean(self):
        super().clean()
        self.clean_text_fields()
        self.model_name = clean_line(self.model_name)
        self.validate_lead_image()
        validate_task_link(self.plan_task)

    def get_context(self, request, *args, **kwargs):
        from news import context as page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(page_context.story_context(request, self))
        return context


class ModelStoryFigure(Orderable):
    """One hard figure: 87,05% (8.429/9.682 hồ sơ) đăng ký cư trú trực tuyến, as of 30/6/2026."""

    page = ParentalKey(ModelStoryPage, on_delete=models.CASCADE, related_name="figures")
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=30, blank=True, help_text=_("e.g. %, hồ sơ, ngày"))
    label = models.CharField(_("what it measures"), max_length=200)
    detail = models.CharField(_("detail"), max_length=200, blank=True, help_text=_("e.g. 8.429/9.682 hồ sơ"))
    as_of = models.DateField(_("as of"), null=True, blank=True)

    panels = [FieldPanel("value"), FieldPanel("unit"), FieldPanel("label"), FieldPanel("detail"), FieldPanel("as_of")]

    class Meta(Orderable.Meta):
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")

    def __str__(self):
        return f"{self.value}{self.unit} {self.label}"

    @property
    def decimals(self) -> int:
        return 0 if self.value == self.value.to_integral_value() else 2


class ModelStoryGalleryImage(Orderable):
    page = ParentalKey(ModelStoryPage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), on_delete=models.CASCADE, related_name="+"
    )
    alt = models.CharField(_("alternative text"), max_length=255)
    caption = models.CharField(_("caption"), max_length=300, blank=True)

    panels = [FieldPanel("image"), FieldPanel("alt"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("gallery image")
        verbose_name_plural = _("gallery images")


class ModelStoryProcedure(ProcedureLink):
    page = ParentalKey(ModelStoryPage, on_delete=models.CASCADE, related_name="procedure_links")
