"""Demo content: sections, keyword rules, four demo press feeds served by this site, their items,
and a week of published bulletins. Idempotent. Needs no running server: the feed files are
ingested directly; `manage.py fetch_feeds` fetches them over HTTP once the site runs."""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import selectors, services
from .demo_feeds import render_demo_feed
from .models import BulletinIndexPage, BulletinPage, BulletinSection, FeedItem, FeedSource, KeywordRule

FEEDS_DIR = Path(__file__).resolve().parent / "demo_feeds"

LOCAL, FIELD, ADMIN = "CẢI CÁCH ĐỊA PHƯƠNG", "LĨNH VỰC CẢI CÁCH", "QUẢN LÝ HÀNH CHÍNH"
SECTIONS = [(LOCAL, 10), (FIELD, 20), (ADMIN, 30)]

# (phrase, weight, section, is_exclude)
RULES = [
    ("cải cách hành chính", 10, FIELD, False),
    ("thủ tục hành chính", 8, ADMIN, False),
    ("một cửa", 6, ADMIN, False),
    ("Đề án 06", 8, FIELD, False),
    ("chuyển đổi số", 6, FIELD, False),
    ("dịch vụ công trực tuyến", 7, FIELD, False),
    ("Cổng dịch vụ công", 5, FIELD, False),
    ("chính quyền thân thiện", 6, ADMIN, False),
    ("hài lòng", 4, ADMIN, False),
    ("phường", 3, LOCAL, False),
    ("xã", 2, LOCAL, False),
    ("Tây Hồ", 3, LOCAL, False),
    ("Ba Đình", 3, LOCAL, False),
    ("Cầu Giấy", 3, LOCAL, False),
    ("Hà Đông", 3, LOCAL, False),
    ("Sóc Sơn", 3, LOCAL, False),
    ("Hoàn Kiếm", 3, LOCAL, False),
    ("thời tiết", 1, None, True),
    ("giá vé", 1, None, True),
]

# (file name, outlet, credit, default section)
SOURCES = [
    ("kinh-te-do-thi", "Kinh tế & Đô thị", "Kinhtedothi.vn", LOCAL),
    ("ha-noi-moi", "Hà Nội Mới", "Hanoimoi.com.vn", LOCAL),
    ("bao-gia-lai", "Báo Gia Lai", "Baogialai.com.vn", LOCAL),
    ("bao-quoc-te", "Báo Thế giới & Việt Nam", "Baoquocte.vn", FIELD),
]
ITEMS_PER_BULLETIN = 4


def _base_url() -> str:
    return getattr(settings, "WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")


def load_sections() -> dict[str, BulletinSection]:
    sections = {}
    for name, order in SECTIONS:
        sections[name], _created = BulletinSection.objects.update_or_create(name=name, defaults={"sort_order": order})
    return sections


def load_rules(sections) -> None:
    for phrase, weight, section, is_exclude in RULES:
        rule = KeywordRule.objects.filter(phrase__iexact=phrase, is_exclude=is_exclude).first() or KeywordRule()
        rule.phrase, rule.weight, rule.is_exclude = phrase, weight, is_exclude
        rule.section = sections.get(section)
        rule.save()


def load_sources(sections, *, today: dt.date) -> list[FeedSource]:
    sources = []
    for name, outlet, credit, section in SOURCES:
        url = f"{_base_url()}/demo-feeds/{name}.xml"
        source, _created = FeedSource.objects.update_or_create(
            url=url, defaults={"name": outlet, "credit_label": credit, "default_section": sections[section]}
        )
        body = render_demo_feed((FEEDS_DIR / f"{name}.xml").read_bytes(), today=today)
        result = services.ingest_feed_bytes(source, body, {"content-type": "application/rss+xml; charset=utf-8"})
        source.items_found = result.found
        source.last_success_at = source.last_fetched_at = timezone.now()
        source.last_status = 200
        source.save(update_fields=["items_found", "last_success_at", "last_fetched_at", "last_status"])
        sources.append(source)
    return sources


def load_index(home) -> BulletinIndexPage:
    index = BulletinIndexPage.objects.first()
    if index is None:
        index = home.add_child(
            instance=BulletinIndexPage(
                title="Bản tin cải cách hành chính",
                slug="ban-tin",
                show_in_menus=True,
                intro="Điểm báo hằng ngày về cải cách hành chính, tổng hợp từ các cơ quan báo chí.",
            )
        )
        index.save_revision().publish()
    return index


def working_days_before(today: dt.date, *, days: int = 7) -> list[dt.date]:
    candidates = (today - dt.timedelta(days=offset) for offset in range(days, 0, -1))
    return [day for day in candidates if day.weekday() < 5]


def load_bulletins(*, today: dt.date) -> list[BulletinPage]:
    pages = []
    for day in working_days_before(today):
        if BulletinPage.objects.filter(date=day).exists():
            continue
        items = selectors.top_candidates(on=day, limit=ITEMS_PER_BULLETIN)
        if not items:
            continue
        page = services.pick_items(items=items, on=day)
        page.get_latest_revision().publish()
        pages.append(page)
    return pages


@transaction.atomic
def load(*, home, units, stdout=None) -> list[str]:
    today = timezone.localdate()
    sections = load_sections()
    load_rules(sections)
    services.rescore_items(since=today - dt.timedelta(days=30))
    load_sources(sections, today=today)
    index = load_index(home)
    created = load_bulletins(today=today)
    if stdout is not None:
        stdout.write(
            f"  bulletins: {FeedSource.objects.count()} sources, {FeedItem.objects.count()} items, "
            f"{len(created)} new bulletins"
        )
    return [
        f"Bulletins: {_base_url()}{index.url} — press inbox: {_base_url()}/admin/bulletins/inbox/",
        "  Fetch the demo feeds over HTTP while the site runs: python manage.py fetch_feeds",
    ]
