"""How plan facts read in Vietnamese: the document line, deadlines, indicator values."""

from decimal import Decimal

from django.utils.translation import gettext as _

from campaign_site.text import format_date, format_number, format_percent
from plans.choices import IndicatorUnit

ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}


def document_label(plan) -> str:
    """'Số 28/KH-UBND ngày 15/1/2026', or whichever half is known."""
    number, day = plan.document_number, format_date(plan.document_date)
    if number and day:
        return _("No. %(number)s dated %(date)s") % {"number": number, "date": day}
    if number:
        return _("No. %(number)s") % {"number": number}
    if day:
        return _("Dated %(date)s") % {"date": day}
    return ""


def deadline_label(task) -> str:
    """'15/12/2026', 'Quý IV/2026', or 'Cả năm 2026'."""
    if task.deadline:
        return format_date(task.deadline)
    year = task.due_on.year if task.due_on else ""
    if task.deadline_quarter:
        return _("Quarter %(quarter)s/%(year)s") % {"quarter": ROMAN_QUARTERS[task.deadline_quarter], "year": year}
    return _("Whole year %(year)s") % {"year": year}


def format_value(value: Decimal | float | None, unit: str) -> str:
    """84,57% for a share, 2.599 for a count, 'chưa có số liệu' when nothing is measured."""
    if value is None:
        return _("no data yet")
    if unit == IndicatorUnit.PERCENT:
        return format_percent(value, 2)
    decimals = 0 if Decimal(str(value)) == Decimal(str(value)).to_integral_value() else 2
    return format_number(value, decimals)
