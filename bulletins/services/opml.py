"""Sources in and out as OPML (the feed readers' exchange format)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
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
    skipped: list[str] = field(default_factory=list)  # refused addresses
    refused: list[tuple[str, str]] = field(default_factory=list)  # (address, why), the same ones


class OpmlError(ValueError):
    pass


MAX_OPML_BYTES = 1024 * 1024  # base64 in the confirmation form stays under Django's 2.5 MB


def _outlines(data: bytes):
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError(_("The OPML file is larger than 1 MB."))
    if b"<!ENTITY" in data[:4096].upper():
        raise OpmlError(_("The OPML file declares XML entities; such files are not read."))
    try:
        root = ET.fromstring(data)  # noqa: S314 - size capped, entity declarations refused above
    except ET.ParseError as error:
        raise OpmlError(_("The file is not valid OPML: %(error)s") % {"error": error}) from error
    if root.tag.lower() != "opml":
        raise OpmlError(_("The file is not an OPML document."))
    return root.iter("outline")


def plan_opml_import(*, data: bytes) -> OpmlImport:
    """What importing `data` would do, writing nothing: the sources it would add (unsaved), the
    addresses already known and the ones refused with the reason. Raises OpmlError."""
    report = OpmlImport()
    known = set(FeedSource.objects.values_list("url", flat=True))
    planned: set[str] = set()
    for outline in _outlines(data):
        url = clean_line(outline.get("xmlUrl") or outline.get("xmlurl") or "")
        if not url:
            continue  # a folder outline
        if url in known or url in planned:
            report.existing.append(url)
            continue
        if not url.lower().startswith(("http://", "https://")):
            report.refused.append((url, _("not an http or https address")))
            continue
        if len(url) > 1000:
            report.refused.append((url[:200] + "…", _("the address is longer than 1000 characters")))
            continue
        name = clean_line(outline.get("title") or outline.get("text") or "") or url
        credit = (
            clean_line(outline.get("credit") or "")
            or _credit_from_url(outline.get("htmlUrl") or "")
            or _credit_from_url(url)
            or "?"
        )
        source = FeedSource(url=url, name=name[:200], credit_label=credit[:80])
        try:
            source.full_clean(exclude=["default_section"], validate_unique=False)
        except ValidationError as error:
            report.refused.append((url, " ".join(error.messages)))
            continue
        planned.add(url)
        report.created.append(source)
    report.skipped = [url for url, _why in report.refused]
    return report


def import_opml(*, data: bytes) -> OpmlImport:
    """Add a source for every feed outline (xmlUrl) not already known, in one transaction; an
    address added meanwhile by someone else is counted as known. Raises OpmlError (nothing written)."""
    report = plan_opml_import(data=data)
    created = []
    with transaction.atomic():
        for source in report.created:
            try:
                with transaction.atomic():  # a savepoint: a concurrent insert costs only this row
                    source.save()
            except IntegrityError:
                report.existing.append(source.url)
                continue
            created.append(source)
    report.created = created
    return report


def _credit_from_url(url: str) -> str:
    """'https://kinhtedothi.vn/rss/…' → 'Kinhtedothi.vn' (the way the bulletin credits outlets); '' when
    the address has no host that can be read."""
    from urllib.parse import urlsplit

    try:
        host = (urlsplit(url).hostname or "").removeprefix("www.")
    except ValueError:  # an address such as "https://[x": no host to credit
        return ""
    return host[:1].upper() + host[1:]


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
