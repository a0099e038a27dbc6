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
from plans import official
from plans.docx_export import DOCX_CONTENT_TYPE, report_document
from plans.exports import XLSX_CONTENT_TYPE, report_workbook
from plans.forms import ReportForm
from plans.models import CampaignPlanPage
from plans.official import document_format
from plans.permissions import can_view_progress
from plans.selectors import dashboard, progress_report

REPORT_FORMATS = ("", "html", "print", "xlsx", "docx")


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
        board = dashboard(request=self.request)
        context["dashboard"] = board
        context["report_url"] = reverse("plans_report")
        context["editable_plans"] = editable_plan_ids(self.request.user, board)
        return context


def editable_plan_ids(user, board) -> set[int]:
    """Plans whose tasks this user may edit: the page editor's own permission test, asked once per
    plan, so the dashboard offers "edit" exactly where the editor would open."""
    plans = {row.task.plan_id: row.task.plan for row in board.overdue + board.due_this_quarter}
    plans.update({progress.plan.pk: progress.plan for progress in board.plans})
    return {pk for pk, plan in plans.items() if plan.permissions_for_user(user).can_edit()}


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
        fmt = document_format(plan, signed_on=report.generated_on, given=form.cleaned_data)
        if output in ("xlsx", "docx"):
            if output == "xlsx":
                response = HttpResponse(report_workbook(report), content_type=XLSX_CONTENT_TYPE)
            else:
                response = HttpResponse(report_document(report, fmt), content_type=DOCX_CONTENT_TYPE)
            name = slugify(fold(plan.title))[:60] or "ke-hoach"
            response["Content-Disposition"] = (
                f'attachment; filename="bao-cao-{name}-{since:%Y%m%d}-{until:%Y%m%d}.{output}"'
            )
            return response
        if output == "print":
            context = {
                "report": report,
                "fmt": fmt,
                "national_name": official.national_name(),
                "motto": official.motto(),
                "kind": official.document_kind(),
                "summary": official.summary_line(report),
                "opening": official.opening_paragraph(report, fmt),
                "status_sentence": official.status_sentence(report),
            }
            return render(request, "plans/report_print.html", context)
        query = request.GET.copy()
        query.pop("format", None)
        return self.render_to_response(self.get_context_data(form=form, report=report, query=query.urlencode()))
