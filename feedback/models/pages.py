"""The public "Hỏi đáp" page and its answered questions.

An answer whose citizen agreed to publication becomes an `AnsweredQuestionPage` under the index when
its approver approves it (feedback.services.approve_answer). Being a page, it is found by the site
search (accent-folded like every page), purges the page cache on publication, and can be corrected
by its unit in the page editor. It holds no personal data: only the question as rewritten for
publication, the answer, the units and the dates.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from campaign_site.access.page_scope import ScopedPageMixin
from campaign_site.models.pages import FoldedSearchMixin
from feedback.models.choices import Kind, ProcedureField


class FeedbackIndexPage(ScopedPageMixin, FoldedSearchMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("folded_search_text")]
    folded_search_sources = ("title", "intro")
    subpage_types = ["feedback.AnsweredQuestionPage"]
    max_count = 1
    page_cache_purge_on_publish = True  # lists its answers

    class Meta:
        verbose_name = _("questions and answers page")

    def get_context(self, request, *args, **kwargs):
        from feedback.context import index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(index_context(self, request))
        return context


class AnsweredQuestionPage(ScopedPageMixin, FoldedSearchMixin, Page):
    item = models.OneToOneField(
        "feedback.FeedbackItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="answer_page"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    field = models.CharField(_("procedure field"), max_length=32, choices=ProcedureField.choices)
    unit = models.ForeignKey(
        "campaign_site.AdministrativeUnit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("answering unit"),
    )
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"))
    asked_at = models.DateTimeField(_("asked at"))
    answered_at = models.DateTimeField(_("answered at"))
    is_faq = models.BooleanField(_("frequently asked question"), default=False)

    content_panels = Page.content_panels + [FieldPanel("question"), FieldPanel("answer")]
    search_fields = Page.search_fields + [
        index.SearchField("question"),
        index.SearchField("answer"),
        index.SearchField("folded_search_text"),
        index.FilterField("kind"),
        index.FilterField("field"),
    ]
    folded_search_sources = ("title", "question", "answer")
    unit_scope_field = "unit"
    parent_page_types = ["feedback.FeedbackIndexPage"]
    subpage_types = []
    is_creatable = False  # made by approving an answer, never by hand
    exclude_fields_in_copy = ["item"]  # one published page per item

    class Meta:
        verbose_name = _("answered question")
        verbose_name_plural = _("answered questions")

    @property
    def lead(self) -> str:
        # What the search results show under the title.
        return self.question
