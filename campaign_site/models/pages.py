"""Pages every part of the site shares: the home page, plain content pages, the glossary."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from campaign_site import site_lookup
from campaign_site.access.page_scope import ScopedPageMixin
from campaign_site.public_url import PublicUrlMixin
from campaign_site.slots import home_slots
from campaign_site.text import fold


class FoldedSearchMixin:
    """Adds accent-folded text to a page's search index so "cai cach" finds "cải cách".

    Subclasses list the attributes whose text is searchable in `folded_search_sources`.
    """

    folded_search_sources: tuple[str, ...] = ("title",)

    @property
    def folded_search_text(self) -> str:
        parts = []
        for name in self.folded_search_sources:
            value = getattr(self, name, "")
            value = value() if callable(value) else value
            if value:
                parts.append(str(value))
        return fold(" ".join(parts))


class HomePage(PublicUrlMixin, ScopedPageMixin, FoldedSearchMixin, Page):
    # Lists or counts other pages: any publication anywhere expires its cached answers.
    page_cache_purge_on_publish = True

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("folded_search_text")]
    folded_search_sources = ("title", "intro")
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from django.conf import settings

        context = super().get_context(request, *args, **kwargs)
        if self.locale.language_code == settings.LANGUAGE_CODE:
            context["slots"] = home_slots(request, self)
        else:
            # A translated home page (English, /en/): news, bulletins and polls are written in
            # Vietnamese only, so it shows its introduction and the sections translated under it.
            context["slots"] = []
            context["sections"] = self.get_children().live().public().in_menu().specific().defer_streamfields()
        return context

    @property
    def localized_draft(self):
        # As Wagtail's (TranslatableMixin), with the active locale from a per-process memo: routing
        # asks the site root for it on every request.
        from django.conf import settings

        if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            return self
        from wagtail.models import Locale

        try:
            locale = site_lookup.active_locale()
        except (LookupError, Locale.DoesNotExist):
            return self
        if locale.id == self.locale_id:
            return self
        return self.get_translation_or_none(locale) or self

    def route(self, request, path_components):
        # A site root served from the site memo knows its sections: no query to find one.
        routed = site_lookup.route_children(self, request, path_components)
        return routed if routed is not None else super().route(request, path_components)


class StandardPage(PublicUrlMixin, ScopedPageMixin, FoldedSearchMixin, Page):
    """A plain page (introduction, contact, how-to) written in blocks."""

    lead = models.TextField(_("lead"), blank=True)
    body = StreamField(
        [
            ("heading", blocks.CharBlock(label=_("Heading"), form_classname="title")),
            ("paragraph", blocks.RichTextBlock(label=_("Paragraph"))),
        ],
        verbose_name=_("body"),
        blank=True,
    )

    content_panels = Page.content_panels + [FieldPanel("lead"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("lead"),
        index.SearchField("body"),
        index.SearchField("folded_search_text"),
    ]
    folded_search_sources = ("title", "lead")

    class Meta:
        verbose_name = _("standard page")


class GlossaryPage(PublicUrlMixin, ScopedPageMixin, Page):
    """The public "Từ viết tắt" page: the whole abbreviation glossary, A to Z."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count = 1

    class Meta:
        verbose_name = _("glossary page")

    def get_context(self, request, *args, **kwargs):
        from campaign_site.models.glossary import Abbreviation

        context = super().get_context(request, *args, **kwargs)
        context["abbreviations"] = Abbreviation.objects.all()
        return context
