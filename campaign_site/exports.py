"""The writers of every officer export (polls, feedback statistics, subscriber addresses): rows as a
streamed CSV that Excel reads as UTF-8, or an XLSX workbook (openpyxl, write-only). Each app builds
its own rows; no cell is ever run as a formula (CSV injection)."""

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Keep spreadsheets from running a cell as a formula: a text starting like one gets a quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


class _Echo:
    def write(self, value):
        return value


def csv_response(rows: Iterable[list], filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # BOM: Excel then reads the Vietnamese text as UTF-8
        for row in rows:
            yield writer.writerow([safe_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(rows: Iterable[list], filename: str, *, sheet: str) -> HttpResponse:
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=sheet[:31])
    for row in rows:
        worksheet.append([safe_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
