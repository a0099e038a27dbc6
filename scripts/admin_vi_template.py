"""Build the template of our Vietnamese supplement to the admin's third-party catalogues.

Wagtail ships a partial Vietnamese translation (and Django's and taggit's lag behind their English),
so much of the admin would show English. This lists every msgid of the catalogues the admin uses
that their own `vi` catalogue leaves untranslated, in one .pot per domain (django, djangojs);
`campaign_site/locale_admin/` holds our translation of them (README "Vietnamese everywhere"). After
upgrading Wagtail, Django or taggit: run this, `msgmerge --update` the .po files with the new
templates, translate what is new; tests/campaign_site/test_i18n.py fails until then.

Usage: python scripts/admin_vi_template.py OUTPUT_DIR
"""

import ast
import sys
from pathlib import Path

import django
import taggit
import wagtail

PROJECT = Path(__file__).resolve().parents[1]
WAGTAIL = Path(wagtail.__file__).parent
DJANGO = Path(django.__file__).parent
# Folders holding a locale/ directory, in the order their strings are listed.
CATALOGUES = [
    WAGTAIL,
    *(WAGTAIL / app for app in ("admin", "users", "images", "documents", "snippets", "locales", "embeds", "search",
                               "sites", "contrib/settings", "contrib/forms", "contrib/redirects",
                               "contrib/search_promotions", "contrib/table_block", "contrib/typed_table_block")),
    DJANGO / "conf",
    DJANGO / "contrib/auth",
    Path(taggit.__file__).parent,
]  # fmt: skip


def entries(path: Path):
    """(msgctxt, msgid, msgid_plural, translated) for each entry of a .po file but the header."""
    if path.exists():
        yield from entries_of_text(path.read_text(encoding="utf-8"))


def entries_of_text(text: str):
    for block in text.split("\n\n"):
        fields, current = {}, None
        for line in block.splitlines():
            if line.startswith("#~") or not line.strip():
                continue
            if line.startswith("#"):
                continue
            if line.startswith(("msgctxt ", "msgid ", "msgid_plural ", "msgstr ", "msgstr[")):
                current, _, rest = line.partition(" ")
                fields[current] = ast.literal_eval(rest)
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        if fields.get("msgid"):
            strs = [value for key, value in fields.items() if key.startswith("msgstr")]
            yield fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural"), any(s.strip() for s in strs)


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def build(domain: str) -> str:
    # Strings the project's own apps translate keep the project's wording (app catalogues rank below
    # LOCALE_PATHS, so the supplement must not carry them); those the admin's catalogues translate too.
    done = set()
    for path in PROJECT.glob(f"*/locale/vi/LC_MESSAGES/{domain}.po"):
        done |= {(ctx, msgid) for ctx, msgid, _p, ok in entries(path) if ok}
    for folder in CATALOGUES:
        done |= {(ctx, msgid) for ctx, msgid, _p, ok in entries(folder / f"locale/vi/LC_MESSAGES/{domain}.po") if ok}
    wanted, seen = [], set()
    for folder in CATALOGUES:
        for ctx, msgid, plural, _ok in entries(folder / f"locale/en/LC_MESSAGES/{domain}.po"):
            if (ctx, msgid) in done or (ctx, msgid) in seen:
                continue
            seen.add((ctx, msgid))
            wanted.append((ctx, msgid, plural))
    header = ["Project-Id-Version: campaign_site (admin supplement)", "Language: vi", "MIME-Version: 1.0",
              "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: 8bit",
              "Plural-Forms: nplurals=1; plural=0;"]  # fmt: skip
    out = ['msgid ""', 'msgstr ""', *(quote(line + "\n") for line in header), ""]
    for ctx, msgid, plural in wanted:
        if ctx is not None:
            out.append(f"msgctxt {quote(ctx)}")
        out.append(f"msgid {quote(msgid)}")
        if plural is not None:
            out += [f"msgid_plural {quote(plural)}", 'msgstr[0] ""', ""]
        else:
            out += ['msgstr ""', ""]
    return "\n".join(out)


if __name__ == "__main__":
    target = Path(sys.argv[1])
    target.mkdir(parents=True, exist_ok=True)
    for domain in ("django", "djangojs"):
        (target / f"{domain}.pot").write_text(build(domain), encoding="utf-8")
        print(domain, build(domain).count("\nmsgid "), "msgids")
