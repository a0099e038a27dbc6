"""The administrative document format of Nghị định 30/2020/NĐ-CP for the printed and DOCX report.

What a report issued by an agency carries, in its fixed places: the national name and motto, the
superior and issuing bodies, "Số: …/BC-…", the place and date ("Hà Nội, ngày 05 tháng 12 năm 2026"),
the title and summary line, the body, "Nơi nhận" and the signature block. Officers fill in the
variable parts on the report form; what they leave empty is derived from the plan's issuing unit.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from campaign_site.text import format_date

# Territorial units are named after their level ("Phường Tây Hồ"); the place line drops the level.
LEVEL_WORDS = ("Thành phố", "Tỉnh", "Quận", "Huyện", "Thị xã", "Thị trấn", "Phường", "Xã", "Đặc khu")
NUMBER_BLANK = "\u00a0" * 8  # the clerk writes the number in by hand when the report is issued


def national_name() -> str:
    return pgettext("document format", "SOCIALIST REPUBLIC OF VIETNAM")


def motto() -> str:
    return pgettext("document format", "Independence - Freedom - Happiness")


def document_kind() -> str:
    return pgettext("document format", "REPORT")


@dataclass(frozen=True)
class DocumentFormat:
    superior_body: str  # "tên cơ quan chủ quản"; empty for a People's Committee
    issuing_body: str  # may hold a line break ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI")
    number: str  # empty: left blank for the clerk
    symbol: str  # "BC-UBND"
    place: str
    signed_on: dt.date
    signer_authority: str  # "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    signer_name: str
    recipients: tuple[str, ...]

    @property
    def number_line(self) -> str:
        """'Số: 12/BC-UBND', or 'Số:        /BC-UBND' while the number is not given yet."""
        return _("No.: %(number)s/%(symbol)s") % {"number": self.number or NUMBER_BLANK, "symbol": self.symbol}

    @property
    def place_and_date(self) -> str:
        return place_and_date(self.place, self.signed_on)

    @property
    def issuing_lines(self) -> list[str]:
        return [line for line in self.issuing_body.upper().splitlines() if line.strip()]

    @property
    def superior_lines(self) -> list[str]:
        return [line for line in self.superior_body.upper().splitlines() if line.strip()]

    @property
    def authority_lines(self) -> list[str]:
        return [line for line in self.signer_authority.upper().splitlines() if line.strip()]

    @property
    def recipient_lines(self) -> list[str]:
        """'- Như trên;' … '- Lưu: VT.': each recipient on a line of its own, as ND 30 lays them out."""
        lines = [line.strip().lstrip("-–").strip() for line in self.recipients]
        lines = [line for line in lines if line]
        return [f"- {line}" for line in lines]


def day_and_month(day: dt.date) -> tuple[str, str]:
    """ND 30: a day below 10 and the months January and February take a leading zero."""
    return f"{day.day:02d}", f"{day.month:02d}" if day.month <= 2 else str(day.month)


def place_and_date(place: str, day: dt.date) -> str:
    """'Hà Nội, ngày 05 tháng 12 năm 2026'."""
    d, m = day_and_month(day)
    text = _("day %(day)s month %(month)s year %(year)s") % {"day": d, "month": m, "year": day.year}
    return f"{place}, {text}" if place else text


def place_name(unit) -> str:
    """The place a unit's documents are dated at: a territorial unit's own name without its level
    ('Phường Tây Hồ' → 'Tây Hồ', but 'Phường 1' stays whole); a department's, its parent's."""
    if unit is None:
        return ""
    if unit.level == "agency":
        return place_name(unit.parent) if unit.parent_id else ""
    for word in LEVEL_WORDS:
        if unit.name.startswith(word + " "):
            rest = unit.name[len(word) + 1 :].strip()
            return unit.name if re.fullmatch(r"[\d\s]+", rest) else rest
    return unit.name


def _committee_of(unit) -> str:
    return pgettext("document format", "People's Committee") + "\n" + unit.name


def default_format(plan, *, signed_on: dt.date) -> DocumentFormat:
    """What the report carries when the officer gives nothing: the plan's issuing unit as the
    issuing body (its People's Committee, or the department under its committee)."""
    unit = plan.issuing_unit
    if unit is not None and unit.level == "agency":
        parent = unit.parent if unit.parent_id else None
        superior = _committee_of(parent).replace("\n", " ") if parent else ""
        issuing = unit.name
        code = unit.code if unit.code and unit.code.isalpha() else ""
        symbol = f"BC-{code.upper()}" if code else "BC-"
        authority = pgettext("document format", "p.p. DIRECTOR\nDEPUTY DIRECTOR")
    else:
        superior = ""
        issuing = _committee_of(unit) if unit is not None else ""
        symbol = "BC-UBND"
        authority = pgettext("document format", "p.p. CHAIR\nVICE CHAIR")
    return DocumentFormat(
        superior_body=superior,
        issuing_body=issuing,
        number="",
        symbol=symbol,
        place=place_name(unit),
        signed_on=signed_on,
        signer_authority=authority,
        signer_name="",
        recipients=(pgettext("document format", "Archive: VT."),),
    )


def document_format(plan, *, signed_on: dt.date, given: dict) -> DocumentFormat:
    """The default format with what the officer entered (non-empty values only) put over it."""
    base = default_format(plan, signed_on=signed_on)
    recipients = tuple(line for line in (given.get("recipients") or "").splitlines() if line.strip())
    return DocumentFormat(
        superior_body=given.get("superior_body") or base.superior_body,
        issuing_body=given.get("issuing_body") or base.issuing_body,
        number=given.get("number") or "",
        symbol=given.get("symbol") or base.symbol,
        place=given.get("place") or base.place,
        signed_on=given.get("signed_on") or signed_on,
        signer_authority=given.get("signer_authority") or base.signer_authority,
        signer_name=given.get("signer_name") or "",
        recipients=recipients or base.recipients,
    )


def summary_line(report) -> str:
    """The title's summary line (trích yếu): which plan, which period."""
    return _("Results of carrying out “%(plan)s” from %(since)s to %(until)s") % {
        "plan": report.plan.title,
        "since": format_date(report.since),
        "until": format_date(report.until),
    }


def opening_paragraph(report, fmt: DocumentFormat) -> str:
    body = " ".join(fmt.issuing_body.split()) or report.plan.title
    if report.plan.document_label:
        text = _("Carrying out plan %(document)s, %(body)s reports the results from %(since)s to %(until)s as follows:")
        return text % {
            "document": report.plan.document_label[:1].lower() + report.plan.document_label[1:],  # "số 28/…"
            "body": body,
            "since": format_date(report.since),
            "until": format_date(report.until),
        }
    return _("%(body)s reports the results of the plan from %(since)s to %(until)s as follows:") % {
        "body": body,
        "since": format_date(report.since),
        "until": format_date(report.until),
    }


def status_sentence(report) -> str:
    counts = report.status_counts
    return _(
        "%(total)s tasks in all: %(done)s done, %(in_progress)s in progress, %(not_started)s not started "
        "and %(overdue)s overdue."
    ) % {
        "total": len(report.tasks),
        "done": counts.get("done", 0),
        "in_progress": counts.get("in_progress", 0),
        "not_started": counts.get("not_started", 0),
        "overdue": counts.get("overdue", 0),
    }
