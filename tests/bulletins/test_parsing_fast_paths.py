"""The parser's shortcuts give what the full path gives: titles without markup skip the HTML
parser, absolute http(s) links skip urljoin, links without a query skip its parsing."""

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bulletins.parsing import _TRACKING_NAMES, _TRACKING_PREFIXES, MAX_URL, _plain_text, canonical_link
from campaign_site.sanitize import html_to_text
from campaign_site.text import clean_line


def full_canonical_link(value, base=""):
    """canonical_link as it was before the shortcuts: urljoin always, the query always parsed."""
    value = clean_line(value)
    if not value:
        return ""
    if base:
        value = urljoin(base, value)
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return ""
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING_PREFIXES) and k.lower() not in _TRACKING_NAMES
    ]
    netloc = parts.netloc.lower() if "@" not in parts.netloc else parts.netloc
    url = urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", urlencode(query, doseq=True), ""))
    return url if len(url) <= MAX_URL else ""


URL_PIECES = st.sampled_from(
    ["http://", "HTTPS://", "https://", "//", "/", "a", "B", ".", "..", ";", "?", "#", "&", "=", "@", ":",
     "%20", " ", "utm_source", "x=1", "bao.vn", "tin", "[", "]", "ư"]
)  # fmt: skip
BASES = st.sampled_from(["", "https://bao.example.vn/rss", "http://bao.example.vn/a/b;p?q=1#f", "https://x.vn"])


@settings(max_examples=3000, deadline=None)
@given(st.lists(URL_PIECES, max_size=12).map("".join), BASES)
def test_canonical_link_equals_the_full_path(value, base):
    try:
        expected = full_canonical_link(value, base)
        urlsplit(expected).port  # a link whose port is impossible is refused too
    except ValueError:  # the full path let urljoin's errors out; canonical_link refuses the link ("")
        expected = ""
    assert canonical_link(value, base) == expected


def outcome(function, value):
    try:
        return function(value)
    except UnicodeError as error:  # a lone surrogate: the HTML parser refuses it, and so must the shortcut
        return type(error)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.characters()))
@example("\ufeff")  # the HTML parser drops a leading byte-order mark
@example("\ufeffTin")
def test_plain_text_equals_html_to_text(value):
    assert outcome(_plain_text, value) == outcome(html_to_text, value)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="<&\0\r\ufeff")))
def test_text_without_markup_takes_the_shortcut_and_still_equals_html_to_text(value):
    assert _plain_text(value) == clean_line(value) == html_to_text(value)
