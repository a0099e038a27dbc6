"""Checking a procedure list (CSV or XLSX, as exported from the national database) into rows.

Same rules as the register import: headers matched accent-insensitively, formulas never evaluated and
refused, capped in size; each row is accepted or refused with its reasons."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from campaign_site.text import clean_line
from documents import importing
from documents.models.procedures import CODE_PATTERN

COLUMNS = {
    "code": ("ma tthc", "ma thu tuc", "ma thu tuc hanh chinh", "code"),
    "name": ("ten thu tuc", "ten thu tuc hanh chinh", "ten tthc", "name"),
    "field": ("linh vuc", "field"),
    "level": ("cap thuc hien", "level"),
}
REQUIRED = ("code", "name")
LABELS = {"code": "Mã TTHC", "name": "Tên thủ tục", "field": "Lĩnh vực", "level": "Cấp thực hiện"}


def check_rows(table: list[list[str]]) -> list[importing.CheckedRow]:
    if not table or not any(cell.strip() for cell in table[0]):
        raise importing.FileRefused(_("The file is empty or has no header row."))
    lookup = {name: key for key, names in COLUMNS.items() for name in names}
    columns: dict[str, int] = {}
    for position, header in enumerate(table[0]):
        key = lookup.get(importing._header_key(header or ""))
        if key is None:
            if (header or "").strip():
                raise importing.FileRefused(_("Unknown columns: %(names)s.") % {"names": header.strip()})
            continue
        if key in columns:
            raise importing.FileRefused(_("The column “%(name)s” appears twice.") % {"name": header})
        columns[key] = position
    missing = [LABELS[key] for key in REQUIRED if key not in columns]
    if missing:
        raise importing.FileRefused(
            _("The file lacks the columns: %(missing)s. Expected columns: %(expected)s.")
            % {"missing": ", ".join(missing), "expected": ", ".join(LABELS.values())}
        )
    seen: dict[str, int] = {}
    checked = []
    for line, row in enumerate(table[1:], start=2):
        cells = {key: (row[position] if position < len(row) else "") for key, position in columns.items()}
        if not any(value.strip() for value in cells.values()):
            continue
        errors = []
        for key, value in cells.items():
            if value.strip().startswith(importing.FORMULA_STARTS):
                errors.append(
                    _("Column %(column)s holds a formula or starts with = + - @: refused.") % {"column": LABELS[key]}
                )
        values = {key: clean_line(value) for key, value in cells.items()}
        code = values["code"].upper()
        result = importing.CheckedRow(line=line, values={}, number_symbol=code[:40], number_key=code)
        if not errors:
            if not re.match(CODE_PATTERN, code):
                errors.append(_("The procedure code “%(value)s” is not in the form 1.001612.") % {"value": code[:40]})
            elif code in seen:
                errors.append(_("The same code is already on line %(line)s of this file.") % {"line": seen[code]})
            if not values["name"]:
                errors.append(_("The procedure name is missing."))
            if len(values["name"]) > 500 or len(values.get("field", "")) > 200 or len(values.get("level", "")) > 120:
                errors.append(_("A cell is too long."))
        if code and code not in seen:
            seen[code] = line
        result.errors = errors
        if not errors:
            result.values = {
                "name": values["name"],
                "field": values.get("field", ""),
                "level": values.get("level", ""),
            }
        checked.append(result)
    if not checked:
        raise importing.FileRefused(_("The file has a header but no rows."))
    return checked
