"""Every msgid in the project's catalogues has a Vietnamese translation, and the .mo files are current."""

import ast
import datetime as dt
import importlib.util
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.timesince import timesince
from django.utils.translation import gettext

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(path for path in ROOT.glob("*/locale/vi/LC_MESSAGES/django.po") if ".venv" not in path.parts)
# Our Vietnamese for the admin strings that Wagtail's, Django's and taggit's catalogues leave in English.
ADMIN_SUPPLEMENT = sorted(ROOT.glob("campaign_site/locale_admin/vi/LC_MESSAGES/*.po"))
CATALOGUES += ADMIN_SUPPLEMENT


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
        # A msgid with a context is another message: keyed as gettext keys it ("context\x04msgid").
        key = f"{fields['msgctxt']}\x04{fields['msgid']}" if "msgctxt" in fields else fields["msgid"]
        entries.append((key, msgstr, fuzzy))
    return entries


def test_project_catalogue_exists():
    assert ROOT / "campaign_site/locale/vi/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_msgid_is_translated(path):
    missing = [msgid for msgid, msgstr, fuzzy in parse_po(path) if not msgstr.strip() or fuzzy]
    assert not missing, f"{len(missing)} untranslated or fuzzy msgids in {path}: {missing[:10]}"


def test_no_message_is_translated_two_ways():
    """Django merges every app's catalogue into one: a msgid translated differently by two apps shows
    the first app's wording in both. Give such a message a context (pgettext) instead."""
    seen: dict[str, dict[str, list[str]]] = {}
    for path in CATALOGUES:
        if path in ADMIN_SUPPLEMENT:
            continue
        for msgid, msgstr, _fuzzy in parse_po(path):
            seen.setdefault(msgid, {}).setdefault(msgstr, []).append(path.parts[-5])
    clashes = {msgid: variants for msgid, variants in seen.items() if len(variants) > 1}
    assert not clashes, f"translated two ways (use a context): {clashes}"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalogue_is_committed(path):
    assert path.with_suffix(".mo").exists(), f"run compilemessages for {path}"


def test_strings_render_in_vietnamese():
    with translation.override("vi"):
        assert gettext("Skip to main content") == "Chuyển đến nội dung chính"
        assert gettext("Page not found") == "Không tìm thấy trang"


def _admin_template():
    """scripts/admin_vi_template.py, which lists what the admin's catalogues leave untranslated."""
    spec = importlib.util.spec_from_file_location("admin_vi_template", ROOT / "scripts/admin_vi_template.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_admin_string_has_vietnamese(domain):
    """What Wagtail's, Django's and taggit's own "vi" catalogues leave in English, our supplement
    translates: after an upgrade this fails until the new strings are translated (see the script)."""
    template = _admin_template()
    wanted = {msgid for _ctx, msgid, _plural, _done in template.entries_of_text(template.build(domain))}
    supplement = ROOT / f"campaign_site/locale_admin/vi/LC_MESSAGES/{domain}.po"
    ours = {
        msgid.rpartition("\x04")[2] for msgid, msgstr, fuzzy in parse_po(supplement) if msgstr.strip() and not fuzzy
    }
    missing = sorted(wanted - ours)
    assert not missing, f"{len(missing)} admin strings without Vietnamese: {missing[:10]}"


def test_admin_supplement_never_overrides_the_apps_wording():
    """The supplement sits in LOCALE_PATHS, above every app catalogue: it must not carry a (context,
    msgid) our apps translate (plans' "Tasks" is "Nhiệm vụ", not Wagtail's workflow "Các bước")."""
    template = _admin_template()

    def keys(path):
        return {(ctx, msgid) for ctx, msgid, _plural, done in template.entries(path) if done}

    supplement = keys(ROOT / "campaign_site/locale_admin/vi/LC_MESSAGES/django.po")
    for path in CATALOGUES:
        if path not in ADMIN_SUPPLEMENT:
            shared = sorted(msgid for _ctx, msgid in supplement & keys(path))
            assert not shared, f"{path} and locale_admin both translate {shared[:5]}"
    with translation.override("vi"):
        assert gettext("Tasks") == "Nhiệm vụ"


def test_admin_renders_in_vietnamese(admin_client):
    with translation.override("vi"):
        assert gettext("Awaiting your review") != "Awaiting your review"  # Wagtail's admin
        assert gettext("just now") != "just now"
        assert gettext("live") != "live"  # Wagtail's core (page status)
        assert "phút" in timesince(timezone.now() - dt.timedelta(minutes=6))  # Django's own, behind its English
    html = admin_client.get("/admin/").content.decode()
    assert "Search all pages" not in html and "Pages</a>" not in html
    js = admin_client.get("/admin/jsi18n/").content.decode()
    assert '"(New)"' in js  # the admin's own script strings are in the catalogue, with Vietnamese
    assert '"(New)": "(New)"' not in js
