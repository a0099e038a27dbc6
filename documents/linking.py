"""Links legal references in rendered HTML to their register entries.

Text nodes only (never inside links, scripts, code, headings of the page, existing <abbr>), so it is
safe on the HTML that Wagtail's blocks render. All the references of one HTML string are looked up
in one query. A document no longer in force is linked with its status beside it; a reference the
register does not hold stays plain text (the officers' report lists it, see services.record_citations).
The result is cached by whoever caches the surrounding fragment or page.
"""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

from documents.models import DocumentStatus
from documents.models.register import NOT_IN_FORCE
from documents.references import Reference, find_references

SKIP_ELEMENTS = {"a", "abbr", "script", "style", "code", "pre", "button", "textarea", "svg", "title", "h1", "select"}
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Splitter(HTMLParser):
    """Splits HTML into ("markup", text) and ("text", unescaped text) pieces, marking skipped text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[tuple[str, str]] = []
        self.skip: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.pieces.append(("markup", self.get_starttag_text()))
        if tag in SKIP_ELEMENTS and tag not in VOID_ELEMENTS:
            self.skip.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.pieces.append(("markup", self.get_starttag_text()))

    def handle_endtag(self, tag):
        self.pieces.append(("markup", f"</{tag}>"))
        if self.skip and self.skip[-1] == tag:
            self.skip.pop()

    def handle_data(self, data):
        if self.skip and self.skip[-1] in ("script", "style"):
            self.pieces.append(("markup", data))  # raw text, never unescaped by the parser
        else:
            self.pieces.append(("skipped" if self.skip else "text", data))

    def handle_comment(self, data):
        self.pieces.append(("markup", f"<!--{data}-->"))

    def handle_decl(self, decl):
        self.pieces.append(("markup", f"<!{decl}>"))

    def unknown_decl(self, data):
        self.pieces.append(("markup", f"<![{data}]>"))

    def handle_pi(self, data):
        self.pieces.append(("markup", f"<?{data}>"))


def _link(ref: Reference, document) -> str:
    url = document.url
    if not url:
        return escape(ref.text, quote=False)
    status_class = " legal-ref--not-in-force" if document.status in NOT_IN_FORCE else ""
    html = (
        f'<a class="legal-ref{status_class}" href="{escape(url)}" title="{escape(document.summary[:300])}">'
        f"{escape(ref.text, quote=False)}</a>"
    )
    if document.status in NOT_IN_FORCE:
        html += (
            f' <span class="legal-ref__status">({escape(str(DocumentStatus(document.status).label).lower())})</span>'
        )
    return html


def _rewrite(text: str, refs: list[Reference], documents: dict) -> str:
    out, position = [], 0
    for ref in refs:
        document = documents.get(ref.key)
        if document is None:
            continue
        out.append(escape(text[position : ref.start], quote=False))
        out.append(_link(ref, document))
        position = ref.end
    out.append(escape(text[position:], quote=False))
    return "".join(out)


def link_references(html: str) -> str:
    """`html` with every reference to a live register entry linked (one query for all of them)."""
    if not html or not any(ch.isdigit() for ch in html):
        return html
    splitter = _Splitter()
    splitter.feed(html)
    splitter.close()
    found = [(kind, data, find_references(data) if kind == "text" else []) for kind, data in splitter.pieces]
    keys = {ref.key for _kind, _data, refs in found for ref in refs}
    if not keys:
        return html
    from documents.selectors import documents_for_keys

    documents = documents_for_keys(keys)
    if not documents:
        return html
    out = []
    for kind, data, refs in found:
        if kind == "markup":
            out.append(data)
        elif refs:
            out.append(_rewrite(data, refs, documents))
        else:
            out.append(escape(data, quote=False))
    return "".join(out)
