"""The statistics table as rows for CSV and XLSX (written by campaign_site.exports)."""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from feedback.selectors import StatsRow


def stats_rows(rows: list[StatsRow]) -> Iterator[list]:
    yield [_("Month"), _("Handling unit"), _("Received"), _("Answered"), _("Answered on time"), _("On-time share (%)"),
           _("Overdue"), _("Average days to answer")]  # fmt: skip
    for row in rows:
        yield [
            f"{row.month.month:02d}/{row.month.year}",
            row.unit or _("Not yet assigned"),
            row.received,
            row.answered,
            row.on_time,
            # Numbers, not text: spreadsheets format them in the reader's locale.
            float(row.on_time_share) if row.on_time_share is not None else "",
            row.overdue,
            float(row.average_days) if row.average_days is not None else "",
        ]
