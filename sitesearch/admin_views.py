"""The officers' search report: top queries and queries without results, this week and month."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import querylog

REPORT_PERMISSION = "sitesearch.view_search_report"


class SearchReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "sitesearch/admin/report.html"
    page_title = gettext_lazy("Search report")
    header_icon = "search"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REPORT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tables"] = [
            {"title": title, "top": querylog.top_queries(days), "empty": querylog.top_queries(days, empty_only=True)}
            for title, days in ((_("Last 7 days"), 7), (_("Last 30 days"), 30))
        ]
        return context
