"""Limits on what one address may do, through the shared limiter (campaign_site.counters), and the
checks of citizens' uploads (campaign_site.uploads: extension, size, content)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from campaign_site.counters import within_rate_limit
from campaign_site.security import client_ip_hash
from campaign_site.uploads import content_matches_extension
from feedback import conf

IMAGE_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG"}
CONTENT_TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}


def ip_digest(request) -> str:
    return client_ip_hash(request, purpose="feedback")


def may_send(request) -> bool:
    return within_rate_limit(
        ip_digest(request), scope="feedback-send", limit=conf.send_limit(), window=conf.rate_window()
    )


def may_look_up(request) -> bool:
    return within_rate_limit(
        ip_digest(request), scope="feedback-lookup", limit=conf.lookup_limit(), window=conf.rate_window()
    )


def check_attachment(file) -> str:
    """Raise ValidationError unless `file` is a JPEG, PNG or PDF within the size limit whose content
    is what its extension says; return its content type."""
    name = file.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in conf.ATTACHMENT_EXTENSIONS:
        raise ValidationError(
            _("%(name)s: only JPEG or PNG photos and PDF files can be attached."), code="type", params={"name": name}
        )
    if file.size > conf.max_attachment_bytes():
        raise ValidationError(
            _("%(name)s is larger than %(size)s MB."),
            code="size",
            params={"name": name, "size": conf.max_attachment_bytes() // (1024 * 1024)},
        )
    if not content_matches_extension(file, extension) or not _image_matches(file, extension):
        raise ValidationError(
            _("The content of %(name)s does not match its extension .%(extension)s."),
            code="content",
            params={"name": name, "extension": extension},
        )
    file.seek(0)
    return CONTENT_TYPES[extension]


def _image_matches(file, extension: str) -> bool:
    expected = IMAGE_FORMATS.get(extension)
    if expected is None:
        return True
    try:
        file.seek(0)
        with Image.open(file) as image:
            image.verify()
            return image.format == expected
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return False
    finally:
        file.seek(0)
