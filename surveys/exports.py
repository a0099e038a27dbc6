"""Ballots and result counts as rows of real values (local date-times, dates, integers) for officers'
CSV and XLSX; the writers are campaign_site.exports."""

from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from campaign_site.exports import XLSX_TYPE, csv_response, xlsx_response
from campaign_site.models import AdministrativeUnit
from surveys.models import Ballot, Poll, PollResultCount

__all__ = ["XLSX_TYPE", "ballot_rows", "count_rows", "csv_response", "xlsx_response"]


def ballot_rows(poll: Poll, *, within: AdministrativeUnit | None = None) -> Iterator[list]:
    yield [_("Ballot"), _("Time"), _("Answer"), _("Counts as satisfied"), _("Channel"), _("Unit"), _("Case code"),
           _("Comment"), _("Comment status")]  # fmt: skip
    ballots = Ballot.objects.filter(poll=poll).select_related("choice", "unit").order_by("pk")
    if within is not None:
        ballots = ballots.filter(unit__path__startswith=within.path)
    for ballot in ballots.iterator(chunk_size=2000):
        yield [
            ballot.pk,
            timezone.localtime(ballot.created_at).replace(tzinfo=None),
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
            row.day,
            row.choice.label,
            _("yes") if row.choice.is_positive else _("no"),
            row.get_channel_display(),
            row.unit.name if row.unit else "",
            row.count,
        ]
