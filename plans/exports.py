"""The progress report as an XLSX workbook (openpyxl): one sheet of tasks, one of indicators."""

from io import BytesIO

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from campaign_site.text import format_date
from plans.choices import OVERDUE, TaskStatus
from plans.selectors import ProgressReport

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def _title_rows(sheet, report: ProgressReport, heading: str) -> None:
    sheet.append([heading])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([report.plan.title])
    if report.plan.document_label:
        sheet.append([report.plan.document_label])
    sheet.append(
        [
            _("Period: %(since)s – %(until)s; made on %(today)s")
            % {
                "since": format_date(report.since),
                "until": format_date(report.until),
                "today": format_date(report.generated_on),
            }
        ]
    )
    sheet.append([])


def _header(sheet, labels: list[str], widths: list[int]) -> None:
    sheet.append(labels)
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
        cell.alignment = WRAP
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(row=sheet.max_row + 1, column=1)


def _tasks_sheet(sheet, report: ProgressReport) -> None:
    sheet.title = _("Tasks")[:31]
    _title_rows(sheet, report, _("Plan progress report"))
    kind_labels = [str(kind.label) for kind in report.kinds]
    _header(
        sheet,
        [
            _("No."),
            _("Task"),
            _("Lead unit"),
            _("Partner units"),
            _("Channels"),
            _("Deadline"),
            _("Status"),
            _("Progress note"),
            *kind_labels,
            _("Published in the period"),
        ],
        [5, 50, 22, 28, 28, 14, 14, 40, *[12] * len(kind_labels), 14],
    )
    for number, row in enumerate(report.tasks, start=1):
        task = row.task
        sheet.append(
            [
                number,
                task.content,
                str(task.lead_unit or ""),
                ", ".join(str(unit) for unit in task.partner_units.all()),
                ", ".join(task.get_channels_display()),
                task.deadline_label,
                str(task.display_status_label),
                task.progress_note,
                *[row.counts.get(kind.key, 0) for kind in report.kinds],
                row.total,
            ]
        )
        for cell in sheet[sheet.max_row]:
            cell.alignment = WRAP
    sheet.append([])
    for value, label in [*TaskStatus.choices, (OVERDUE, _("Overdue"))]:
        sheet.append(["", str(label), report.status_counts.get(value, 0)])


def _indicators_sheet(sheet, report: ProgressReport) -> None:
    sheet.title = _("Indicators")[:31]
    _title_rows(sheet, report, _("Indicators"))
    _header(
        sheet,
        [
            _("No."),
            _("Indicator"),
            _("Target"),
            _("Current value"),
            pgettext("indicator", "Unit"),
            _("Share of target (%)"),
            _("Measured"),
            _("How it is measured"),
            _("Date measured"),
        ],
        [5, 50, 12, 16, 8, 14, 22, 40, 14],
    )
    for number, row in enumerate(report.indicators, start=1):
        indicator = row.indicator
        how = indicator.measured_how
        if indicator.is_computed and indicator.source_definition:
            how = how or str(indicator.source_definition.label)
        sheet.append(
            [
                number,
                indicator.name,
                float(indicator.target_value),
                float(row.value) if row.has_data else row.display_value,
                indicator.get_unit_display(),
                float(row.percent_of_target) if row.percent_of_target is not None else "",
                indicator.get_mode_display(),
                how,
                format_date(row.as_of),
            ]
        )
        for cell in sheet[sheet.max_row]:
            cell.alignment = WRAP


def report_workbook(report: ProgressReport) -> bytes:
    workbook = Workbook()
    _tasks_sheet(workbook.active, report)
    _indicators_sheet(workbook.create_sheet(), report)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
