"""Every msgid in the project's catalogues has a Vietnamese translation, and the .mo files are current."""

import ast
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(path for path in ROOT.glob("*/locale/vi/LC_MESSAGES/django.po") if ".venv" not in path.parts)


def _unquote(line: str) -> str:
    return ast.literal_eval(line.strip())


def parse_po(path: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for every entry but the header; plural msgstrs are joined with |,
    and an empty plural form counts as untranslated (it leaves a trailing or double |)."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if line.strip()]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        current, fields = None, {}
        for line in lines:
            if line.startswith("#"):
                continue
            if line.startswith(("msgid ", "msgid_plural ", "msgstr ", "msgstr[", "msgctxt ")):
                current, _, rest = line.partition(" ")
                fields[current] = _unquote(rest)
            elif line.startswith('"') and current:
                fields[current] += _unquote(line)
        if "msgid" not in fields or fields["msgid"] == "":
            continue
        if "msgid_plural" in fields:
            forms = [value for key, value in fields.items() if key.startswith("msgstr[")]
            msgstr = "|".join(forms) if all(forms) else ""
        else:
            msgstr = fields.get("msgstr", "")
        entries.append((fields["msgid"], msgstr, fuzzy))
    return entries


def test_project_catalogue_exists():
    assert ROOT / "campaign_site/locale/vi/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_msgid_is_translated(path):
    missing = [msgid for msgid, msgstr, fuzzy in parse_po(path) if not msgstr.strip() or fuzzy]
    assert not missing, f"{len(missing)} untranslated or fuzzy msgids in {path}: {missing[:10]}"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalogue_is_committed(path):
    assert path.with_suffix(".mo").exists(), f"run compilemessages for {path}"


def test_strings_render_in_vietnamese():
    with translation.override("vi"):
        assert gettext("Skip to main content") == "Chuyển đến nội dung chính"
        assert gettext("Page not found") == "Không tìm thấy trang"
