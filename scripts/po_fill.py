"""Fill msgstrs of a .po file from a Python dict file (msgid -> Vietnamese), keeping the rest.

Usage: python scripts/po_fill.py path/to/django.po translations.py
The translations file defines `T = {"English msgid": "Tiếng Việt", ...}`. Vietnamese has one
plural form, so a plural entry takes one string too. Entries not named are left alone.
"""

import ast
import sys
from pathlib import Path


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def split_entries(lines: list[str]) -> list[list[str]]:
    """Split a .po file into entries: an entry starts at a comment or msgid that follows a msgstr."""
    entries: list[list[str]] = [[]]
    seen_msgstr = False
    for line in lines:
        starts_entry = line.startswith(("#", "msgctxt ", "msgid "))
        if seen_msgstr and starts_entry:
            entries.append([])
            seen_msgstr = False
        if line.startswith("msgstr"):
            seen_msgstr = True
        if line.strip() or entries[-1]:
            entries[-1].append(line)
    return entries


def entry_msgid(entry: list[str]) -> str:
    msgid, collecting = None, False
    for line in entry:
        if line.startswith("msgid "):
            msgid, collecting = ast.literal_eval(line[6:]), True
        elif collecting and line.startswith('"'):
            msgid += ast.literal_eval(line)
        else:
            collecting = False
    return msgid or ""


def fill(po_path: Path, translations: dict) -> int:
    entries = split_entries(po_path.read_text(encoding="utf-8").splitlines())
    filled = 0
    for entry in entries:
        msgid = entry_msgid(entry)
        if not msgid or msgid not in translations:
            continue
        value = translations[msgid]
        first_msgstr = next(i for i, line in enumerate(entry) if line.startswith("msgstr"))
        plural = entry[first_msgstr].startswith("msgstr[")
        head = [line for line in entry[:first_msgstr] if not (line.startswith("#,") and "fuzzy" in line)]
        entry[:] = [*head, f"msgstr{'[0]' if plural else ''} {quote(value)}", ""]
        filled += 1
    text = "\n\n".join("\n".join(entry).strip("\n") for entry in entries if any(entry))
    po_path.write_text(text + "\n", encoding="utf-8")
    return filled


if __name__ == "__main__":
    namespace: dict = {}
    exec(Path(sys.argv[2]).read_text(encoding="utf-8"), namespace)  # noqa: S102 - a local dev script
    print(fill(Path(sys.argv[1]), namespace["T"]), "filled")
