"""The writers of every officer export (polls, feedback statistics, subscriber addresses): rows as a
streamed CSV that Excel reads as UTF-8, or an XLSX workbook (openpyxl, write-only). Each app builds
its own rows of real values (local date-times, dates, numbers); each format writes them its own way:
the spreadsheet as typed cells with Vietnamese display formats, so Excel or LibreOffice can sort,
filter and sum them; the CSV as text in the site's date style ("14:05 3/12/2026"). No cell is ever
run as a formula (CSV injection)."""

import csv
import datetime as dt
import io
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Spreadsheet display formats: day first, no leading zeros, as the site writes dates; numbers with
# grouping (shown with the reader's separators: 2.599 and 84,57 on a Vietnamese system).
DATETIME_FORMAT = "hh:mm d/m/yyyy"
DATE_FORMAT = "d/m/yyyy"
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"


def safe_cell(value):
    """Keep spreadsheets from running a cell as a formula: a text starting like one gets a quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def as_text(value):
    """A value as the CSV shows it: dates in the site's style, everything else as it is."""
    if isinstance(value, dt.datetime):
        return f"{value:%H:%M} {value.day}/{value.month}/{value.year}"
    if isinstance(value, dt.date):
        return f"{value.day}/{value.month}/{value.year}"
    return value


class _Echo:
    def write(self, value):
        return value


def csv_response(rows: Iterable[list], filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # BOM: Excel then reads the Vietnamese text as UTF-8
        for row in rows:
            yield writer.writerow([safe_cell(as_text(value)) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _number_format(value) -> str | None:
    if isinstance(value, dt.datetime):
        return DATETIME_FORMAT
    if isinstance(value, dt.date):
        return DATE_FORMAT
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return INTEGER_FORMAT
    if isinstance(value, float | Decimal):
        return DECIMAL_FORMAT
    return None


def typed_cell(worksheet, value, *, bold: bool = False) -> WriteOnlyCell:
    """A cell holding the value itself (a date, a number), displayed in the Vietnamese format."""
    cell = WriteOnlyCell(worksheet, value=safe_cell(value))
    number_format = _number_format(value)
    if number_format:
        cell.number_format = number_format
    if bold:
        cell.font = Font(bold=True)
    return cell


def xlsx_response(rows: Iterable[list], filename: str, *, sheet: str) -> HttpResponse:
    """The first row is the header: bold, frozen in view."""
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=sheet[:31])
    worksheet.freeze_panes = "A2"
    rows = iter(rows)
    header = next(rows, [])
    for index in range(len(header)):
        worksheet.column_dimensions[get_column_letter(index + 1)].width = 18
    worksheet.append([typed_cell(worksheet, label, bold=True) for label in header])
    for row in rows:
        worksheet.append([typed_cell(worksheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
