"""The progress report as a Word document (python-docx) in the format of Nghị định 30/2020/NĐ-CP:
A4 portrait, margins 20/20/30/15 mm, Times New Roman 13 pt; the header in two borderless columns
(bodies and number on the left, national name, motto, place and date on the right), the title and
summary line, the body with its tables, then "Nơi nhận" and the signature block side by side.
"""

from io import BytesIO

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from campaign_site.text import format_date, format_percent
from plans import official
from plans.selectors import ProgressReport

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"
RULE = "\u2500" * 10  # the short line under the issuing body, the motto and the title
CENTER, JUSTIFY, LEFT, RIGHT = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.RIGHT,
)


def _fill(paragraph, text: str, *, size=13, bold=False, italic=False, align=None, indent=False):
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.space_before = Pt(0)
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(10)
        paragraph.paragraph_format.space_after = Pt(6)
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    return paragraph


def _paragraph(container, text: str = "", **style):
    return _fill(container.add_paragraph(), text, **style)


def _cell(cell, lines, **style) -> None:
    """Write `lines` into a table cell, the first into the cell's own (empty) first paragraph."""
    for index, line in enumerate(lines):
        if index == 0:
            _fill(cell.paragraphs[0], line, **style)
        else:
            _paragraph(cell, line, **style)


def _repeat_header(row) -> None:
    """The header row repeats on every page the table runs onto."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _grid(document, header: list[str], rows: list[list[str]], widths_mm: list[int], numeric: set[int]):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, label in enumerate(header):
        _cell(table.rows[0].cells[index], [label], size=11, bold=True, align=CENTER)
    _repeat_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for index, value in enumerate(values):
            _cell(cells[index], [str(value)], size=11, align=RIGHT if index in numeric else LEFT)
    for row in table.rows:
        for index, width in enumerate(widths_mm):
            row.cells[index].width = Mm(width)
    return table


def _setup(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    # Word picks the font for Vietnamese letters from the "east Asia" and "complex script" slots too.
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:eastAsia", "w:cs", "w:hAnsi"):
        fonts.set(qn(slot), FONT)


def _header(document, fmt: official.DocumentFormat) -> None:
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Mm(70), Mm(95)
    # The superior body in regular capitals, the issuing body in bold capitals below it.
    lines = [(line, False) for line in fmt.superior_lines] + [(line, True) for line in fmt.issuing_lines]
    for index, (line, bold) in enumerate(lines or [("", False)]):
        target = left.paragraphs[0] if index == 0 else left.add_paragraph()
        _fill(target, line, size=12, bold=bold, align=CENTER)
    _paragraph(left, RULE, size=8, align=CENTER)
    _paragraph(left, fmt.number_line, size=13, align=CENTER)
    _cell(right, [official.national_name()], size=12, bold=True, align=CENTER)
    _paragraph(right, official.motto(), size=13, bold=True, align=CENTER)
    _paragraph(right, RULE * 2, size=8, align=CENTER)
    _paragraph(right, fmt.place_and_date, size=13, italic=True, align=CENTER)


def _body(document, report: ProgressReport, fmt: official.DocumentFormat) -> None:
    _paragraph(document, "")
    _paragraph(document, official.document_kind(), size=14, bold=True, align=CENTER)
    _paragraph(document, official.summary_line(report), size=14, bold=True, align=CENTER)
    _paragraph(document, RULE, size=8, align=CENTER)
    _paragraph(document, "")
    _paragraph(document, official.opening_paragraph(report, fmt), align=JUSTIFY, indent=True)

    _paragraph(document, _("I. RESULTS OF THE TASKS"), bold=True, indent=True)
    _paragraph(document, official.status_sentence(report), align=JUSTIFY, indent=True)
    task_rows = [
        [
            number,
            row.task.content,
            str(row.task.lead_unit or ""),
            row.task.deadline_label,
            str(row.task.display_status_label),
            format_percent(row.progress, 0),
            row.total,
            row.task.progress_note,
        ]
        for number, row in enumerate(report.tasks, start=1)
    ]
    _grid(
        document,
        [
            _("No."),
            _("Task"),
            _("Lead unit"),
            _("Deadline"),
            _("Status"),
            _("Progress"),
            _("Published in the period"),
            _("Progress note"),
        ],
        task_rows,
        [10, 45, 22, 18, 18, 14, 16, 22],
        numeric={0, 5, 6},
    )

    _paragraph(document, "")
    _paragraph(document, _("II. INDICATORS"), bold=True, indent=True)
    indicator_rows = [
        [
            number,
            row.indicator.name,
            row.display_target,
            row.display_value,
            format_percent(row.percent_of_target, 2) if row.has_data else "",
            format_date(row.as_of),
        ]
        for number, row in enumerate(report.indicators, start=1)
    ]
    _grid(
        document,
        [_("No."), _("Indicator"), _("Target"), _("Current value"), _("Share of target"), _("Date measured")],
        indicator_rows,
        [10, 65, 22, 24, 22, 22],
        numeric={0, 2, 3, 4},
    )
    if not report.indicators:
        _paragraph(document, _("This plan has no indicators yet."), italic=True)


def _closing(document, fmt: official.DocumentFormat) -> None:
    _paragraph(document, "")
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(80), Mm(85)
    _cell(left, [pgettext("document format", "Recipients:")], size=12, bold=True, italic=True, align=LEFT)
    for line in fmt.recipient_lines:
        _paragraph(left, line, size=11, align=LEFT)
    authority = fmt.authority_lines or [""]
    _cell(right, authority[:1], size=13, bold=True, align=CENTER)
    for line in authority[1:]:
        _paragraph(right, line, size=13, bold=True, align=CENTER)
    for _blank in range(4):  # room for the signature and the seal
        _paragraph(right, "", align=CENTER)
    _paragraph(right, fmt.signer_name, size=13, bold=True, align=CENTER)


def report_document(report: ProgressReport, fmt: official.DocumentFormat) -> bytes:
    document = Document()
    _setup(document)
    _header(document, fmt)
    _body(document, report, fmt)
    _closing(document, fmt)
    properties = document.core_properties
    properties.title = official.summary_line(report)
    properties.author = " ".join(fmt.issuing_body.split())
    properties.language = "vi-VN"
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
