"""Reading and checking a register file (CSV or XLSX) into rows, before anything is written.

Headers are matched accent- and case-insensitively ("Số ký hiệu", "so_ky_hieu"). XLSX cells are
read as stored values, never calculated: a cell holding a formula, or any cell starting with = + - @
(which a spreadsheet would run when the file is opened again), is refused. Files are capped in bytes,
in uncompressed size (an XLSX is a zip) and in rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from campaign_site.text import clean_line, fold, nfc
from documents.models import DocumentField, DocumentKind, DocumentStatus
from documents.references import key_of

MAX_BYTES = 2 * 1024 * 1024
MAX_UNZIPPED_BYTES = 20 * 1024 * 1024
MAX_ROWS = 2000
MAX_CELL = 2000
FORMULA_STARTS = ("=", "+", "-", "@")

# Column key -> the headers that name it (folded, spaces and underscores alike).
COLUMNS = {
    "number_symbol": ("so ky hieu", "so hieu", "number symbol", "number"),
    "kind": ("loai van ban", "loai", "type", "kind"),
    "issuer": ("co quan ban hanh", "issuer", "issuing body"),
    "issued_on": ("ngay ban hanh", "issue date", "issued on"),
    "summary": ("trich yeu", "summary"),
    "signer": ("nguoi ky", "signer"),
    "effective_on": ("ngay hieu luc", "effective date", "effective on"),
    "status": ("tinh trang", "tinh trang hieu luc", "trang thai", "status"),
    "field": ("linh vuc", "field"),
}
REQUIRED = ("number_symbol", "kind", "issuer", "issued_on", "summary")
# How the columns are named to officers (messages, the form's help).
LABELS = {
    "number_symbol": "Số ký hiệu",
    "kind": "Loại",
    "issuer": "Cơ quan ban hành",
    "issued_on": "Ngày ban hành",
    "summary": "Trích yếu",
    "signer": "Người ký",
    "effective_on": "Ngày hiệu lực",
    "status": "Tình trạng",
    "field": "Lĩnh vực",
}

STATUS_WORDS = {
    "con hieu luc": DocumentStatus.IN_FORCE,
    "het hieu luc": DocumentStatus.EXPIRED,
    "bi thay the": DocumentStatus.REPLACED,
    "bi sua doi": DocumentStatus.AMENDED,
}


class FileRefused(Exception):
    """The whole file cannot be read (wrong format, too big, missing columns): nothing is imported."""


@dataclass
class CheckedRow:
    line: int
    values: dict  # the cleaned values (strings and dates), when the row is accepted
    number_symbol: str = ""
    number_key: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _header_key(text: str) -> str:
    return re.sub(r"[\s_]+", " ", fold(text)).strip()


def _column_map(headers: list[str]) -> dict[str, int]:
    lookup = {name: key for key, names in COLUMNS.items() for name in names}
    found: dict[str, int] = {}
    unknown = []
    for position, header in enumerate(headers):
        key = lookup.get(_header_key(header or ""))
        if key is None:
            if (header or "").strip():
                unknown.append(header.strip())
            continue
        if key in found:
            raise FileRefused(_("The column “%(name)s” appears twice.") % {"name": header})
        found[key] = position
    missing = [LABELS[key] for key in REQUIRED if key not in found]
    if missing:
        raise FileRefused(
            _("The file lacks the columns: %(missing)s. Expected columns: %(expected)s.")
            % {"missing": ", ".join(missing), "expected": ", ".join(LABELS.values())}
        )
    if unknown:
        raise FileRefused(_("Unknown columns: %(names)s.") % {"names": ", ".join(unknown[:10])})
    return found


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return nfc(str(value))


def read_table(*, content: bytes, filename: str) -> list[list[str]]:
    """The file's rows as text cells (the header first)."""
    if len(content) > MAX_BYTES:
        raise FileRefused(_("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(content)
    if name.endswith(".csv"):
        return _read_csv(content)
    raise FileRefused(_("Upload a .csv or .xlsx file."))


def _read_csv(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRefused(_("The CSV file is not UTF-8 text. Save it as “CSV UTF-8”.")) from error
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    try:
        for row in csv.reader(io.StringIO(text), dialect):
            rows.append([nfc(cell) for cell in row])
            if len(rows) > MAX_ROWS + 1:
                raise FileRefused(_("The file has more than %(rows)s rows.") % {"rows": MAX_ROWS})
    except csv.Error as error:
        raise FileRefused(_("The CSV file cannot be read: %(error)s") % {"error": error}) from error
    return rows


def _read_xlsx(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise FileRefused(_("The spreadsheet is too large once unpacked."))
        # data_only=False: a formula stays its text ("=1+1") and is refused below, never calculated.
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except FileRefused:
        raise
    except Exception as error:
        raise FileRefused(_("The spreadsheet cannot be read; is it an .xlsx file?")) from error
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows():
            cells = []
            for cell in row:
                if getattr(cell, "data_type", None) == "f":
                    cells.append("=" + str(cell.value).lstrip("="))
                else:
                    cells.append(_cell_text(cell.value))
            rows.append(cells)
            if len(rows) > MAX_ROWS + 1:
                raise FileRefused(_("The file has more than %(rows)s rows.") % {"rows": MAX_ROWS})
        return rows
    finally:
        workbook.close()


def parse_date(text: str) -> dt.date | None:
    """'22/3/2024', '22-03-2024', '22.03.2024' or '2024-03-22'; None for anything else."""
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
            year, month, day = (int(part) for part in text.split("-"))
        elif match := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text):
            day, month, year = (int(part) for part in match.groups())
        else:
            return None
        return dt.date(year, month, day)
    except ValueError:
        return None


def _choice(text: str, choices, words: dict | None = None) -> str:
    folded = fold(text)
    for value, label in choices:
        if folded in (fold(value), fold(str(label))):
            return value
    return (words or {}).get(folded, "")


def check_rows(table: list[list[str]]) -> list[CheckedRow]:
    """Every data row with its cleaned values or the reasons it is refused (Vietnamese)."""
    if not table or not any(cell.strip() for cell in table[0]):
        raise FileRefused(_("The file is empty or has no header row."))
    columns = _column_map(table[0])
    fields = {fold(name): pk for name, pk in DocumentField.objects.values_list("name", "pk")}
    kind_words = {fold(word): kind for kind, _label in DocumentKind.choices for word in _kind_words(kind)}
    seen: dict[str, int] = {}
    checked = []
    for line, row in enumerate(table[1:], start=2):
        cells = {key: (row[position] if position < len(row) else "") for key, position in columns.items()}
        if not any(value.strip() for value in cells.values()):
            continue  # blank line
        errors = []
        for key, value in cells.items():
            if value.strip().startswith(FORMULA_STARTS):
                errors.append(
                    _("Column %(column)s holds a formula or starts with = + - @: refused.") % {"column": LABELS[key]}
                )
            elif len(value) > MAX_CELL:
                errors.append(_("Column %(column)s is too long.") % {"column": LABELS[key]})
        values = {key: (clean_line(value) if key != "summary" else nfc(value).strip()) for key, value in cells.items()}
        result = CheckedRow(line=line, values={}, number_symbol=values.get("number_symbol", "")[:60])
        if errors:
            result.errors = errors
            checked.append(result)
            continue

        number_key = key_of(values["number_symbol"]) if len(values["number_symbol"]) <= 60 else ""
        if not number_key:
            errors.append(
                _("The number and symbol “%(value)s” is not in a recognised form (e.g. 61/2018/NĐ-CP).")
                % {"value": values["number_symbol"][:60]}
            )
        elif number_key in seen:
            errors.append(
                _("The same number and symbol is already on line %(line)s of this file.") % {"line": seen[number_key]}
            )
        kind = _choice(values["kind"], DocumentKind.choices, kind_words)
        if not kind:
            errors.append(_("Unknown document type “%(value)s”.") % {"value": values["kind"][:60]})
        issued_on = parse_date(values["issued_on"])
        if issued_on is None:
            errors.append(
                _("The issue date “%(value)s” is not a date (d/m/yyyy).") % {"value": values["issued_on"][:30]}
            )
        effective_on = None
        if values.get("effective_on"):
            effective_on = parse_date(values["effective_on"])
            if effective_on is None:
                errors.append(
                    _("The effective date “%(value)s” is not a date (d/m/yyyy).")
                    % {"value": values["effective_on"][:30]}
                )
            elif issued_on and effective_on < issued_on:
                errors.append(_("The effective date cannot be before the issue date."))
        status = DocumentStatus.IN_FORCE
        if values.get("status"):
            status = _choice(values["status"], DocumentStatus.choices, STATUS_WORDS)
            if not status:
                errors.append(_("Unknown status “%(value)s”.") % {"value": values["status"][:60]})
        field_id = None
        if values.get("field"):
            field_id = fields.get(fold(values["field"]))
            if field_id is None:
                errors.append(_("Unknown field “%(value)s”.") % {"value": values["field"][:60]})
        if not values["issuer"]:
            errors.append(_("The issuing body is missing."))
        if not values["summary"]:
            errors.append(_("The summary is missing."))
        if len(values["issuer"]) > 200 or len(values.get("signer", "")) > 200:
            errors.append(_("The issuing body or signer is longer than 200 characters."))

        result.number_key = number_key
        if number_key and number_key not in seen:
            seen[number_key] = line
        if errors:
            result.errors = errors
        else:
            result.values = {
                "kind": kind,
                "number_symbol": values["number_symbol"],
                "issuer": values["issuer"],
                "signer": values.get("signer", ""),
                "issued_on": issued_on.isoformat(),
                "effective_on": effective_on.isoformat() if effective_on else None,
                "status": status,
                "field_id": field_id,
                "summary": values["summary"],
            }
        checked.append(result)
    if not checked:
        raise FileRefused(_("The file has a header but no rows."))
    return checked


def _kind_words(kind: str) -> tuple[str, ...]:
    from documents.references import KIND_WORDS

    return KIND_WORDS.get(kind, ())
