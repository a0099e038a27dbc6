"""The bulletin as plain text, to paste into an e-mail or a Zalo message."""

from django.utils.translation import gettext as _

from campaign_site.text import format_date_long


def bulletin_plain_text(bulletin, *, request=None) -> str:
    groups = bulletin.grouped_items()
    lines = [bulletin.title.upper(), format_date_long(bulletin.date), ""]
    for group in groups:
        lines.append(group["section"].name if group["section"] else _("OTHER NEWS"))
        lines.extend(f"{item.number}. {item.heading}" for item in group["items"])
        lines.append("")
    lines.append("=" * 40)
    for group in groups:
        lines += ["", group["section"].name if group["section"] else _("OTHER NEWS"), ""]
        for item in group["items"]:
            lines += [f"{item.number}. {item.heading}", ""]
            paragraphs = item.paragraphs or [""]
            paragraphs[-1] = f"{paragraphs[-1]} {item.credit_text}".strip()
            for paragraph in paragraphs:
                lines += [paragraph, ""]
            if item.source_url:
                lines += [item.source_url, ""]
    url = bulletin.get_full_url(request=request)
    if url:
        lines += ["—", _("Read online: %(url)s") % {"url": url}]
    return "\n".join(lines).rstrip() + "\n"
