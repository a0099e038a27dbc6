"""Sources in and out as OPML (the feed readers' exchange format)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bulletins.models import (
    FeedSource,
)
from campaign_site.text import clean_line


@dataclass
class OpmlImport:
    created: list[FeedSource] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


class OpmlError(ValueError):
    pass


def import_opml(*, data: bytes) -> OpmlImport:
    """Add a source for every feed outline (xmlUrl) not already known; nothing is written on error."""
    try:
        root = ET.fromstring(data)  # noqa: S314
    except ET.ParseError as error:
        raise OpmlError(_("The file is not valid OPML: %(error)s") % {"error": error}) from error
    if root.tag.lower() != "opml":
        raise OpmlError(_("The file is not an OPML document."))
    report = OpmlImport()
    known = set(FeedSource.objects.values_list("url", flat=True))
    with transaction.atomic():
        for outline in root.iter("outline"):
            url = clean_line(outline.get("xmlUrl") or outline.get("xmlurl") or "")
            if not url:
                continue
            if url in known:
                report.existing.append(url)
                continue
            if not url.lower().startswith(("http://", "https://")) or len(url) > 1000:
                report.skipped.append(url)
                continue
            name = clean_line(outline.get("title") or outline.get("text") or "") or url
            credit = clean_line(outline.get("credit") or "") or _credit_from_url(outline.get("htmlUrl") or url)
            source = FeedSource(url=url[:1000], name=name[:200], credit_label=credit[:80])
            try:
                source.full_clean(exclude=["default_section"])
            except ValidationError:
                report.skipped.append(url)
                continue
            source.save()
            known.add(url)
            report.created.append(source)
    return report


def _credit_from_url(url: str) -> str:
    """'https://kinhtedothi.vn/rss/…' → 'Kinhtedothi.vn' (the way the bulletin credits outlets)."""
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return host[:1].upper() + host[1:] if host else "?"


def export_opml(*, sources=None) -> bytes:
    sources = sources if sources is not None else FeedSource.objects.order_by("name")
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = "Nguồn tin báo chí – Bản tin cải cách hành chính"
    ET.SubElement(head, "dateCreated").text = timezone.now().strftime("%a, %d %b %Y %H:%M:%S +0000")
    body = ET.SubElement(root, "body")
    for source in sources:
        ET.SubElement(
            body,
            "outline",
            type="rss",
            text=source.name,
            title=source.name,
            xmlUrl=source.url,
            credit=source.credit_label,
        )
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
