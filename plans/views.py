"""Officer views in the Wagtail admin: the progress dashboard and the period report (HTML, print, XLSX)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from campaign_site.text import fold
from plans.exports import XLSX_CONTENT_TYPE, report_workbook
from plans.forms import ReportForm
from plans.models import CampaignPlanPage
from plans.permissions import can_view_progress
from plans.selectors import dashboard, progress_report

REPORT_FORMATS = ("", "html", "print", "xlsx")


class ProgressPermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_view_progress(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DashboardView(ProgressPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "plans/admin/dashboard.html"
    page_title = _("Plan progress")
    header_icon = "tasks"
    breadcrumbs_items = WagtailAdminTemplateMixin.breadcrumbs_items + [
        {"url": reverse_lazy("plans_dashboard"), "label": _("Plan progress")}
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["dashboard"] = dashboard(request=self.request)
        context["report_url"] = reverse("plans_report")
        return context


class ReportView(ProgressPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "plans/admin/report.html"
    page_title = _("Plan progress report")
    header_icon = "doc-full"
    breadcrumbs_items = WagtailAdminTemplateMixin.breadcrumbs_items + [
        {"url": reverse_lazy("plans_dashboard"), "label": _("Plan progress")},
        {"url": reverse_lazy("plans_report"), "label": _("Report")},
    ]

    def get(self, request, *args, **kwargs):
        output = request.GET.get("format", "")
        if "plan" not in request.GET:
            latest = CampaignPlanPage.objects.order_by("-year").first()
            form = ReportForm(initial=ReportForm.initial_for(latest))
            return self.render_to_response(self.get_context_data(form=form))
        form = ReportForm(request.GET)
        if output not in REPORT_FORMATS:
            form.add_error(None, _("Unknown report format."))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        plan, since, until = form.cleaned_data["plan"], form.cleaned_data["since"], form.cleaned_data["until"]
        report = progress_report(plan, since=since, until=until, request=request)
        if output == "xlsx":
            response = HttpResponse(report_workbook(report), content_type=XLSX_CONTENT_TYPE)
            name = slugify(fold(plan.title))[:60] or "ke-hoach"
            response["Content-Disposition"] = (
                f'attachment; filename="bao-cao-{name}-{since:%Y%m%d}-{until:%Y%m%d}.xlsx"'
            )
            return response
        if output == "print":
            return render(request, "plans/report_print.html", {"report": report})
        query = request.GET.copy()
        query.pop("format", None)
        return self.render_to_response(self.get_context_data(form=form, report=report, query=query.urlencode()))
