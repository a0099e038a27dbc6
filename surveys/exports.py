"""Ballots and result counts as CSV (streamed) and XLSX (openpyxl, write-only) for officers."""

import csv
import io
from collections.abc import Iterable, Iterator

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from campaign_site.models import AdministrativeUnit
from surveys.models import Ballot, Poll, PollResultCount

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value):
    """Keep spreadsheets from running a cell as a formula (CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def ballot_rows(poll: Poll, *, within: AdministrativeUnit | None = None) -> Iterator[list]:
    yield [_("Ballot"), _("Time"), _("Answer"), _("Counts as satisfied"), _("Channel"), _("Unit"), _("Case code"),
           _("Comment"), _("Comment status")]  # fmt: skip
    ballots = Ballot.objects.filter(poll=poll).select_related("choice", "unit").order_by("pk")
    if within is not None:
        ballots = ballots.filter(unit__path__startswith=within.path)
    for ballot in ballots.iterator(chunk_size=2000):
        yield [
            ballot.pk,
            timezone.localtime(ballot.created_at).strftime("%d/%m/%Y %H:%M:%S"),
            ballot.choice.label,
            _("yes") if ballot.choice.is_positive else _("no"),
            ballot.get_channel_display(),
            ballot.unit.name if ballot.unit else "",
            ballot.case_code,
            ballot.comment,
            ballot.get_comment_status_display() if ballot.comment else "",
        ]


def count_rows(poll: Poll, *, within: AdministrativeUnit | None = None) -> Iterator[list]:
    yield [_("Day"), _("Answer"), _("Counts as satisfied"), _("Channel"), _("Unit"), _("Votes")]
    counts = (
        PollResultCount.objects.filter(poll=poll).select_related("choice", "unit").order_by("day", "choice__sort_order")
    )
    if within is not None:
        counts = counts.filter(unit__path__startswith=within.path)
    for row in counts.iterator(chunk_size=2000):
        yield [
            row.day.strftime("%d/%m/%Y"),
            row.choice.label,
            _("yes") if row.choice.is_positive else _("no"),
            row.get_channel_display(),
            row.unit.name if row.unit else "",
            row.count,
        ]


class _Echo:
    def write(self, value):
        return value


def csv_response(rows: Iterable[list], filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # BOM: Excel then reads the Vietnamese text as UTF-8
        for row in rows:
            yield writer.writerow([_safe(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(rows: Iterable[list], filename: str, *, sheet: str) -> HttpResponse:
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=sheet[:31])
    for row in rows:
        worksheet.append([_safe(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
