"""A little demo: three confirmed readers, a leaders' internal list, mail settings."""

from wagtail.models import Site

from .models import MailSettings, Subscriber
from .models.subscribers import Digest, Origin, Status


def load(*, home=None, units=None, stdout=None, **kwargs) -> list[str]:
    people = [
        ("nguoidan.tayho@example.vn", Origin.PUBLIC, "", True, Digest.NONE),
        ("doanhnghiep.badinh@example.vn", Origin.PUBLIC, "", False, Digest.WEEKLY),
        ("phongvien@example.vn", Origin.PUBLIC, "", True, Digest.DAILY),
        ("lanhdao.vanphong@example.vn", Origin.INTERNAL, "Lãnh đạo", True, Digest.NONE),
        ("lanhdao.sonoivu@example.vn", Origin.INTERNAL, "Lãnh đạo", True, Digest.NONE),
    ]
    for email, origin, list_name, bulletin, digest in people:
        Subscriber.objects.get_or_create(
            email=email,
            defaults={
                "status": Status.ACTIVE,
                "origin": origin,
                "list_name": list_name,
                "wants_bulletin": bulletin,
                "digest": digest,
            },
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        chosen = MailSettings.for_site(site)
        if not chosen.reply_to:
            chosen.reply_to = "banbientap@example.vn"
            chosen.save()
    return [
        "Thư điện tử: 5 người nhận mẫu (3 người dân, 2 lãnh đạo); thư in ra màn hình khi chạy `make run`.",
    ]
