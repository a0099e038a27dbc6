"""The feed normalisation as it was before its fast paths (bulletins.parsing and bulletins.dates of
commit 527aa39, nh3.clean called with its options each time), kept whole so the differential tests can
compare every field of every entry with what the fast code gives. Not used by the site.

One deliberate change since (6/12/2026): canonical_link refuses ("") a link that urljoin cannot join
(a link such as "//[x" or a base such as "https://[", where it raised ValueError) and a link whose port is
not a number from 0 to 65535 (kept before, though nothing could open it)."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import html as html_lib
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import feedparser
import nh3

from campaign_site import sanitize
from campaign_site.text import clean_line, fold, nfc

# --- bulletins.dates ------------------------------------------------------------------------------
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
_MONTHS = {
    m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)
}
_RFC822 = re.compile(
    r"^(?:[A-Za-z]{2,9},?\s+)?(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{4}|\d{2})\s+"
    r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(.*)$"
)
_VI_WEEKDAY = re.compile(
    r"^(?:th[ứu]\s+(?:hai|ba|t[ưu]|n[ăa]m|s[áa]u|b[ảa]y|\d)|ch[ủu]\s+nh[ậa]t)\s*,?\s*", re.IGNORECASE
)
_DMY = re.compile(
    r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:(?:\s*[,-]\s*|[\sT]+)(\d{1,2})[:h](\d{2})(?::(\d{2}))?)?\s*(.*)$"
)
_ZONE_OFFSET = re.compile(r"^(?:GMT|UTC|UT)?\s*([+-])(\d{1,2})(?::?([0-5]\d))?$", re.IGNORECASE)
MAX_OFFSET = dt.timedelta(hours=14)
_NAMED_ZONES = {"": None, "ICT": 7 * 60, "GMT": 0, "UTC": 0, "UT": 0, "Z": 0, "ICT+7": 7 * 60}


def _zone_minutes(zone):
    zone = zone.strip().upper()
    if zone.startswith("(") and zone.endswith(")"):
        zone = zone[1:-1].strip()
    if zone in _NAMED_ZONES:
        return _NAMED_ZONES[zone]
    match = _ZONE_OFFSET.match(zone)
    if not match:
        return False
    sign, hours, minutes = match.groups()
    total = int(hours) * 60 + int(minutes or 0)
    if dt.timedelta(minutes=total) > MAX_OFFSET:
        return False
    return total if sign == "+" else -total


def _aware(year, month, day, hour, minute, second, zone):
    offset = _zone_minutes(zone)
    if offset is False:
        return None
    try:
        naive = dt.datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    if offset is None:
        return naive.replace(tzinfo=VIETNAM)
    return naive.replace(tzinfo=dt.timezone(dt.timedelta(minutes=offset)))


def parse_date(value):
    value = nfc(value).strip()
    if not value:
        return None
    match = _RFC822.match(value)
    if match:
        day, month_name, year, hour, minute, second, zone = match.groups()
        month = _MONTHS.get(month_name.lower())
        if month is None:
            return None
        year_value = int(year) + (2000 if len(year) == 2 else 0)
        return _aware(year_value, month, int(day), int(hour), int(minute), int(second or 0), zone)
    match = _DMY.match(_VI_WEEKDAY.sub("", value))
    if match:
        day, month, year, hour, minute, second, zone = match.groups()
        return _aware(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0), zone)
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if not parsed.tzinfo:
        return parsed.replace(tzinfo=VIETNAM)
    return parsed if abs(parsed.utcoffset()) <= MAX_OFFSET else None


def feedparser_date_handler(value):
    parsed = parse_date(value)
    if parsed is None:
        return None
    return parsed.astimezone(dt.UTC).timetuple()


# --- campaign_site.sanitize -----------------------------------------------------------------------
def clean_feed_summary(value):
    return nh3.clean(
        nfc(value or ""),
        tags=set(sanitize.FEED_SUMMARY_TAGS),
        attributes={tag: set(names) for tag, names in sanitize.FEED_SUMMARY_ATTRIBUTES.items()},
        url_schemes=set(sanitize.URL_SCHEMES),
        link_rel=f"{sanitize.LINK_REL} nofollow",
        clean_content_tags=set(sanitize.DROPPED_WITH_CONTENT),
        strip_comments=True,
    ).strip()


def html_to_text(value):
    if not value:
        return ""
    spaced = re.sub(r"(?i)<\s*(br|/p|/li|/blockquote)[^>]*>", " ", value)
    return clean_line(html_lib.unescape(nh3.clean(spaced, tags=set(), clean_content_tags={"script", "style"})))


# --- bulletins.parsing ----------------------------------------------------------------------------
MAX_GUID = 500
MAX_TITLE = 500
MAX_URL = 1000
_TRACKING_PREFIXES = ("utm_", "mc_", "_hs", "pk_", "mtm_")
_TRACKING_NAMES = {"fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "zarsrc", "gidzl", "_ga", "ref_src"}
_TRACKING_NAMES.add("cmpid")
_ABSOLUTE_HTTP = re.compile(r"https?://[^/?#]", re.IGNORECASE)


def canonical_link(value, base=""):
    value = clean_line(value)
    if not value:
        return ""
    try:
        if base and not (_ABSOLUTE_HTTP.match(value) and ";" not in value):
            value = urljoin(base, value)
        parts = urlsplit(value)
        _ = parts.port  # the deliberate change (see the top)
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


_IMG_SRC = re.compile(r"<img[^>]+src=[\"']([^\"']+)[\"']", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w]+")


def entry_image(entry, summary_raw, base):
    for media in entry.get("media_content", []) + entry.get("media_thumbnail", []):
        url = canonical_link(media.get("url"), base)
        if url:
            return url
    for enclosure in entry.get("enclosures", []):
        if str(enclosure.get("type", "")).startswith("image/"):
            url = canonical_link(enclosure.get("href"), base)
            if url:
                return url
    match = _IMG_SRC.search(summary_raw)
    return canonical_link(match.group(1), base) if match else ""


def struct_to_datetime(value):
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(calendar.timegm(value), tz=dt.UTC)
    except (OverflowError, ValueError, OSError):
        return None


def entry_fields(guid, link, title, summary_html, summary_text, author, image_url, published_at):
    """Every field of an Entry, in the dataclass's order, hashes and folding as __post_init__ made them."""
    folded_title = fold(title)
    title_hash = hashlib.sha1(folded_title.encode(), usedforsecurity=False).hexdigest()
    title_key = _NON_WORD.sub(" ", folded_title).strip()[:300]
    digest = hashlib.sha1(usedforsecurity=False)
    for part in (guid, link, title, summary_html, author, image_url):
        digest.update(part.encode())
        digest.update(b"\0")
    digest.update(published_at.isoformat().encode() if published_at else b"")
    return {
        "guid": guid,
        "link": link,
        "title": title,
        "summary_html": summary_html,
        "summary_text": summary_text,
        "author": author,
        "image_url": image_url,
        "published_at": published_at,
        "title_hash": title_hash,
        "title_key": title_key,
        "content_hash": digest.hexdigest(),
        "folded_title": folded_title,
    }


def entry(raw, base):
    """The fields reference `_entry` gives for a feedparser entry (None when it skips the entry)."""
    title = clean_line(html_to_text(raw.get("title", "")))[:MAX_TITLE]
    summary_raw = raw.get("summary") or ""
    if not summary_raw and raw.get("content"):
        summary_raw = raw["content"][0].get("value", "")
    summary_html = clean_feed_summary(summary_raw)
    summary_text = html_to_text(summary_html)
    link = canonical_link(raw.get("link"), base)
    guid = clean_line(raw.get("id") or raw.get("guid") or "")
    if guid.lower().startswith(("javascript:", "data:", "vbscript:")):
        guid = ""
    if len(guid) > MAX_GUID:
        guid = "sha1:" + hashlib.sha1(guid.encode(), usedforsecurity=False).hexdigest()
    if not title:
        title = summary_text[:120].rsplit(" ", 1)[0] if summary_text else ""
    if not title:
        return None
    published = struct_to_datetime(raw.get("published_parsed") or raw.get("updated_parsed"))
    if published is None:
        published = parse_date(raw.get("published") or raw.get("updated") or "")
    return entry_fields(
        guid,
        link,
        title,
        summary_html,
        summary_text,
        clean_line(raw.get("author", ""))[:200],
        entry_image(raw, summary_raw, base),
        published,
    )


def feedparser_handlers():
    """feedparser's date handlers with the reference handler first, in place of the site's."""
    return [feedparser_date_handler] + [
        handler
        for handler in feedparser.datetimes._date_handlers
        if getattr(handler, "__module__", "").startswith("feedparser")
    ]


def comparable(fields):
    """Fields as they would be stored: an aware datetime compares equal across offsets, so its offset
    and its text are compared too."""
    if fields is None:
        return None
    published = fields["published_at"]
    stamp = (published, published.utcoffset(), published.isoformat(), repr(published.tzinfo)) if published else None
    return {**fields, "published_at": stamp}
