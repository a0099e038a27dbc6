"""From feed bytes to clean entries: encoding repair, feedparser, dates, links, sanitising, NFC.

Nothing here touches the database, so the benchmark can time it against feedparser alone.
"""

from __future__ import annotations

import calendar
import codecs
import datetime as dt
import functools
import hashlib
import io
import re
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import feedparser
from django.utils.translation import gettext as _

from campaign_site.sanitize import clean_feed_summary, html_to_text, sanitized_html_to_text
from campaign_site.text import clean_line, fold

from .dates import parse_date

MAX_GUID = 500
MAX_TITLE = 500
MAX_URL = 1000


# --- Dates: ours before feedparser's own (see bulletins.dates) --------------------------------
def _feedparser_date_handler(value: str):
    parsed = parse_date(value)
    if parsed is None:
        return None
    return parsed.astimezone(dt.UTC).timetuple()


if _feedparser_date_handler not in feedparser.datetimes._date_handlers:
    # Ours first: feedparser reads "UTC+7" and "ICT" as UTC and gives up on "GMT+7" and d/m/Y.
    feedparser.registerDateHandler(_feedparser_date_handler)


# --- Encoding ---------------------------------------------------------------------------------
_XML_DECL_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding=[\"']([A-Za-z0-9._-]+)[\"']", re.IGNORECASE)
_CHARSET = re.compile(r"charset=[\"']?([A-Za-z0-9._-]+)", re.IGNORECASE)
_UTF8_NAMES = {"utf-8", "utf8"}


class FeedDecodeError(ValueError):
    pass


def _cp1252_byte(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:  # the five holes of windows-1252
        return chr(byte)


def decode_utf8_with_fallback(body: bytes) -> tuple[str, int]:
    """Decode UTF-8, reading each invalid byte as windows-1252; return (text, invalid byte count)."""
    parts, position, bad = [], 0, 0
    while True:
        try:
            parts.append(body[position:].decode("utf-8"))
            return "".join(parts), bad
        except UnicodeDecodeError as error:
            start, end = position + error.start, position + error.end
            parts.append(body[position:start].decode("utf-8"))
            parts.append("".join(_cp1252_byte(b) for b in body[start:end]))
            bad += end - start
            position = end


def declared_encoding(body: bytes, headers: dict) -> str | None:
    content_type = _header(headers, "content-type")
    match = _CHARSET.search(content_type)
    if match:
        return match.group(1).lower()
    match = _XML_DECL_ENCODING.match(body[:200])
    if match:
        return match.group(1).decode("ascii").lower()
    return None


def repair_utf8(body: bytes, headers: dict) -> tuple[bytes, dict, int]:
    """Return (body, headers, repaired byte count) for feedparser.

    A body that is (or defaults to) UTF-8 but carries a few stray windows-1252 bytes is decoded
    with a per-byte fallback, so one bad quote mark does not turn the whole feed into mojibake.
    A body that mostly is not UTF-8 while claiming to be is refused: guessing would store mojibake.
    """
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return body, headers, 0
    encoding = declared_encoding(body, headers)
    if encoding is not None and encoding not in _UTF8_NAMES:
        return body, headers, 0
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return body, headers, 0
    text, bad = decode_utf8_with_fallback(body)
    non_ascii = sum(1 for b in body if b > 0x7F)
    if bad > max(8, non_ascii // 50):
        raise FeedDecodeError(
            _("The feed says it is UTF-8 but it is not (%(count)s invalid bytes); ask the outlet to fix its encoding.")
            % {"count": bad}
        )
    repaired_headers = {k: v for k, v in headers.items() if k.lower() != "content-type"}
    repaired_headers["content-type"] = "application/xml; charset=utf-8"
    return text.encode("utf-8"), repaired_headers, bad


def _header(headers: dict, name: str) -> str:
    for key, value in (headers or {}).items():
        if key.lower() == name:
            return value or ""
    return ""


# --- Links ------------------------------------------------------------------------------------
_ABSOLUTE_HTTP = re.compile(r"https?://[^/?#]", re.IGNORECASE)  # with a host: urljoin keeps it
_TRACKING_PREFIXES = ("utm_", "mc_", "_hs", "pk_", "mtm_")
_TRACKING_NAMES = {
    "fbclid",
    "gclid",
    "dclid",
    "msclkid",
    "yclid",
    "igshid",
    "zarsrc",
    "gidzl",
    "_ga",
    "ref_src",
    "cmpid",
}


# Characters urlsplit and urljoin keep as they are in a path (no whitespace, "?", "#", ";", "[", non-ASCII).
_PATH_CHARACTER = "[A-Za-z0-9._~%!$&'()*+,=:@-]"
# Most item links: an absolute http(s) URL with a plain host (no userinfo or port) and a plain path, nothing
# after it. Its canonical form is itself with the scheme and host in lower case ("/" for an empty path).
# (No re.IGNORECASE: it would let [A-Za-z] match "ſ" and the Kelvin sign.)
_PLAIN_ABSOLUTE = re.compile(rf"([hH][tT][tT][pP][sS]?)://([A-Za-z0-9.-]+)((?:/{_PATH_CHARACTER}*)*)")
# Most image links: a path from the root with neither empty nor dot segments, which urljoin puts after the
# base's host unchanged.
_PLAIN_ROOTED = re.compile(rf"(?:/(?![./]){_PATH_CHARACTER}+)+/?")
# A base whose scheme and host urlparse reads as they are written.
_PLAIN_BASE = re.compile(r"([hH][tT][tT][pP][sS]?)://([A-Za-z0-9.-]+)(?:[/?#][!-~]*)?")


@functools.lru_cache(maxsize=64)
def _plain_origin(base: str) -> str:
    """'https://host' (lower case) for a plain base, the start of every plain rooted link joined to it."""
    match = _PLAIN_BASE.fullmatch(base)
    return f"{match[1].lower()}://{match[2].lower()}" if match else ""


def canonical_link(value: str | None, base: str = "") -> str:
    """An absolute http(s) URL without tracking parameters or fragment; '' for anything else
    (javascript:, data:, mailto: as an item link, malformed, joined to a malformed base): it never raises."""
    value = clean_line(value)
    if not value:
        return ""
    plain = _PLAIN_ABSOLUTE.fullmatch(value)
    if plain:  # what urlsplit and urlunsplit would give, without them (~5 µs)
        scheme, host, path = plain.groups()
        url = f"{scheme.lower()}://{host.lower()}{path or '/'}"
        return url if len(url) <= MAX_URL else ""
    if base and value[0] == "/" and _PLAIN_ROOTED.fullmatch(value):
        origin = _plain_origin(base)
        if origin:  # what urljoin, urlsplit and urlunsplit would give, without them (~10 µs)
            url = origin + value
            return url if len(url) <= MAX_URL else ""
    if base and not (_ABSOLUTE_HTTP.match(value) and ";" not in value):
        # An absolute http(s) URL with a host joins to itself; urljoin would only split and rebuild it (a
        # trailing ";" aside, which is why such URLs still go through it).
        try:
            value = urljoin(base, value)
        except ValueError:  # a malformed link or base ("//[x", "https://[")
            return ""
    try:
        parts = urlsplit(value)
        _ = parts.port  # reading it raises for a port that is not a number from 0 to 65535
    except ValueError:
        return ""
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return ""
    query = parts.query and urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not k.lower().startswith(_TRACKING_PREFIXES) and k.lower() not in _TRACKING_NAMES
        ],
        doseq=True,
    )
    netloc = parts.netloc.lower() if "@" not in parts.netloc else parts.netloc
    url = urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", query, ""))
    return url if len(url) <= MAX_URL else ""


# --- HTML: sanitised with the project's one configuration (campaign_site/sanitize.py) -------
_IMG_SRC = re.compile(r"<img[^>]+src=[\"']([^\"']+)[\"']", re.IGNORECASE)


# --- Entries ----------------------------------------------------------------------------------
@dataclass
class Entry:
    guid: str
    link: str
    title: str
    summary_html: str
    summary_text: str
    author: str
    image_url: str
    published_at: dt.datetime | None
    title_hash: str = field(init=False)
    title_key: str = field(init=False)
    content_hash: str = field(init=False)
    folded_title: str = field(init=False)

    def __post_init__(self):
        self.folded_title = fold(self.title)
        self.title_hash = hashlib.sha1(self.folded_title.encode(), usedforsecurity=False).hexdigest()
        self.title_key = _title_key(self.folded_title)
        # Each part and a NUL, then the date: the bytes of one joined text, hashed in one call.
        published = self.published_at.isoformat() if self.published_at else ""
        parts = (self.guid, self.link, self.title, self.summary_html, self.author, self.image_url, published)
        self.content_hash = hashlib.sha1("\0".join(parts).encode(), usedforsecurity=False).hexdigest()


@dataclass
class ParsedFeed:
    entries: list[Entry]
    title: str = ""
    warnings: list[str] = field(default_factory=list)


class FeedParseError(ValueError):
    pass


_NON_WORD = re.compile(r"[^\w]+")
# In ASCII text \w is [A-Za-z0-9_]: the others become spaces, and runs of spaces one (str.translate of ASCII
# text and str.split are several times faster than the substitution).
_ASCII_NON_WORD = str.maketrans({c: " " for c in range(128) if not (chr(c).isalnum() or chr(c) == "_")})


def _title_key(folded: str) -> str:
    """Words of the folded title, one space between them: `_NON_WORD.sub(" ", folded).strip()`, at most 300."""
    if folded.isascii():
        return " ".join(folded.translate(_ASCII_NON_WORD).split())[:300]
    return _NON_WORD.sub(" ", folded).strip()[:300]


def _looks_like_html(body: bytes) -> bool:
    head = body[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or (b"<html" in head and b"<rss" not in head)


def _truncated(body: bytes) -> bool:
    tail = body[-512:].rstrip().lower()
    return not tail.endswith((b"</rss>", b"</feed>", b"</rdf:rdf>"))


def _struct_to_datetime(value: time.struct_time | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(calendar.timegm(value), tz=dt.UTC)
    except (OverflowError, ValueError, OSError):
        return None


# feedparser's FeedParserDict.get runs its aliases and special cases in Python on every lookup (about
# 1 µs; 1.6 µs and an exception for a missing key). For a key it neither aliases nor treats specially,
# the plain dict lookup gives the same answer: an entry's fields are read that way.
_PLAIN_KEYS = frozenset(
    key
    for key in (
        "title",
        "summary",
        "content",
        "link",
        "id",
        "published_parsed",
        "published",
        "author",
        "media_content",
        "media_thumbnail",
    )
    if key not in feedparser.FeedParserDict.keymap
    and key not in {"category", "enclosures", "license", "updated", "updated_parsed"}
)


def _get(entry, key: str, default=None):
    return dict.get(entry, key, default) if key in _PLAIN_KEYS else entry.get(key, default)


def _enclosures(entry) -> list:
    """What `entry.get("enclosures", [])` reads, without feedparser copying each link (less its rel): the
    links of rel "enclosure"; none when there are no links or one has no rel (feedparser's KeyError)."""
    try:
        return [link for link in dict.__getitem__(entry, "links") if link["rel"] == "enclosure"]
    except KeyError:
        return []


def _entry_image(entry, summary_raw: str, base: str) -> str:
    for media in _get(entry, "media_content", []) + _get(entry, "media_thumbnail", []):
        url = canonical_link(media.get("url"), base)
        if url:
            return url
    for enclosure in _enclosures(entry):
        if str(enclosure.get("type", "")).startswith("image/"):
            url = canonical_link(enclosure.get("href"), base)
            if url:
                return url
    match = _IMG_SRC.search(summary_raw)
    return canonical_link(match.group(1), base) if match else ""


# Markup, and what the HTML parser itself changes (NUL, CR, a leading byte-order mark) or refuses
# (lone surrogates).
_NEEDS_HTML_PARSER = re.compile("[<&\0\r\ufeff\ud800-\udfff]")


def _plain_text(value: str) -> str:
    """html_to_text, without the HTML parser for text that has no markup (most titles)."""
    if _NEEDS_HTML_PARSER.search(value):
        return html_to_text(value)
    return clean_line(value)


def _entry(raw, base: str) -> Entry | None:
    title = _plain_text(_get(raw, "title", ""))[:MAX_TITLE]  # clean_line's already: a second pass changes nothing
    summary_raw = _get(raw, "summary") or ""
    if not summary_raw and _get(raw, "content"):
        summary_raw = raw["content"][0].get("value", "")
    summary_html = clean_feed_summary(summary_raw)
    summary_text = sanitized_html_to_text(summary_html)  # one nh3 pass per summary, not two
    link = canonical_link(_get(raw, "link"), base)
    guid = clean_line(_get(raw, "id") or raw.get("guid") or "")
    if guid.lower().startswith(("javascript:", "data:", "vbscript:")):
        guid = ""
    if len(guid) > MAX_GUID:
        guid = "sha1:" + hashlib.sha1(guid.encode(), usedforsecurity=False).hexdigest()
    if not title:
        title = summary_text[:120].rsplit(" ", 1)[0] if summary_text else ""
    if not title:
        return None
    published = _struct_to_datetime(_get(raw, "published_parsed") or raw.get("updated_parsed"))
    if published is None:
        # A date feedparser could not read at all may still be one of ours.
        published = parse_date(_get(raw, "published") or raw.get("updated") or "")
    return Entry(
        guid=guid,
        link=link,
        title=title,
        summary_html=summary_html,
        summary_text=summary_text,
        author=clean_line(_get(raw, "author", ""))[:200],
        image_url=_entry_image(raw, summary_raw, base),
        published_at=published,
    )


def parse_feed(body: bytes, headers: dict | None = None, *, base_url: str = "") -> ParsedFeed:
    """Parse feed bytes; raise FeedParseError with a readable (Vietnamese) reason when nothing usable is there."""
    headers = dict(headers or {})
    if not body or not body.strip():
        raise FeedParseError(_("The feed is empty (the server sent no content)."))
    try:
        body, headers, repaired = repair_utf8(body, headers)
    except FeedDecodeError as error:
        raise FeedParseError(str(error)) from error
    # A stream, never the bytes themselves: feedparser opens bytes that name a file (a feed answering
    # "/etc/passwd" or "/dev/zero" would be read from this machine).
    parsed = feedparser.parse(
        io.BytesIO(body), response_headers=headers, sanitize_html=False, resolve_relative_uris=False
    )
    warnings = []
    if repaired:
        warnings.append(_("%(count)s stray non-UTF-8 bytes were read as windows-1252.") % {"count": repaired})
    if not parsed.entries:
        if not parsed.get("version"):
            if _looks_like_html(body):
                raise FeedParseError(_("The address returned a web page (HTML), not an RSS or Atom feed."))
            reason = str(parsed.get("bozo_exception") or "")
            raise FeedParseError(_("The feed could not be read as RSS or Atom: %(reason)s") % {"reason": reason[:300]})
        return ParsedFeed(entries=[], title=clean_line(parsed.feed.get("title", "")), warnings=warnings)
    raw_entries = list(parsed.entries)
    if parsed.get("bozo"):
        reason = str(parsed.get("bozo_exception") or "")[:300]
        if _truncated(body) and len(raw_entries) > 0:
            # The last entry of a cut-off document is likely incomplete: keep only the whole ones.
            raw_entries = raw_entries[:-1]
            warnings.append(_("The feed was cut off; the incomplete last item was skipped."))
        warnings.append(
            _("The feed is not well-formed XML (%(reason)s); its items were read leniently.") % {"reason": reason}
        )
    base = base_url or parsed.feed.get("link", "")
    entries = [entry for entry in (_entry(raw, base) for raw in raw_entries) if entry is not None]
    return ParsedFeed(entries=entries, title=clean_line(parsed.feed.get("title", "")), warnings=warnings)
