"""Content the browser tests need, built with the apps' own models and services (small and fast,
unlike the whole demo)."""

import datetime as dt
from datetime import timedelta

from django.utils import timezone
from wagtail.rich_text import RichText

POLL_CHOICES = (("Rất hài lòng", True), ("Hài lòng", True), ("Không hài lòng", False))


def news_index(home):
    from news.models import NewsIndexPage

    index = home.add_child(instance=NewsIndexPage(title="Tin cải cách", slug="tin-tuc", show_in_menus=True))
    index.save_revision().publish()
    return NewsIndexPage.objects.get(pk=index.pk)


def article(index, title: str, *, lead: str, body: str = "", units=(), category=None, slug=None, days_ago=0):
    from news.models import Category, NewsArticlePage

    if category is None:
        category, _ = Category.objects.get_or_create(
            slug="cai-cach-dia-phuong", defaults={"name": "Cải cách địa phương"}
        )
    page = NewsArticlePage(
        title=title,
        slug=slug or f"bai-{NewsArticlePage.objects.count() + 1}",
        lead=lead,
        body=[("paragraph", RichText(f"<p>{body or lead}</p>"))],
        category=category,
        published_at=timezone.now() - timedelta(days=days_ago, minutes=5),
    )
    index.add_child(instance=page)
    page.units.set(list(units))
    page.save_revision().publish()
    return NewsArticlePage.objects.get(pk=page.pk)


def poll(question: str = "Đánh giá thái độ tiếp công dân của cán bộ Một cửa", *, unit=None, **fields):
    from surveys.models import Poll, PollChoice, ResultsVisibility

    fields.setdefault("results_visibility", ResultsVisibility.ALWAYS)
    poll = Poll(question=question, unit=unit, opens_at=timezone.now() - timedelta(days=1), **fields)
    for order, (label, positive) in enumerate(POLL_CHOICES):
        poll.choices.add(PollChoice(label=label, is_positive=positive, sort_order=order))
    poll.save()
    return poll


def kiosk(poll, unit, **fields):
    """(kiosk, its secret token)."""
    from surveys.models import Kiosk
    from surveys.services import issue_kiosk_token

    kiosk = Kiosk.objects.create(name="Quầy số 2", unit=unit, poll=poll, **fields)
    return kiosk, issue_kiosk_token(kiosk=kiosk)


def bulletin_index(home):
    from bulletins.models import BulletinIndexPage

    index = home.add_child(instance=BulletinIndexPage(title="Bản tin CCHC", slug="ban-tin", show_in_menus=True))
    index.save_revision().publish()
    return BulletinIndexPage.objects.get(pk=index.pk)


def rss(items: list[tuple[str, str]], *, when: dt.datetime | None = None) -> bytes:
    """A small RSS 2.0 document: (title, summary) pairs published today."""
    when = timezone.localtime(when or timezone.now()) - timedelta(minutes=30)
    stamp = when.strftime("%a, %d %b %Y %H:%M:%S %z")
    entries = "".join(
        f"<item><title>{title}</title><link>https://baothu.vn/bai-{n}.html</link>"
        f'<guid isPermaLink="false">bt-{n}</guid><description>{summary}</description>'
        f"<pubDate>{stamp}</pubDate></item>"
        for n, (title, summary) in enumerate(items, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Báo thử</title>'
        f"<link>https://baothu.vn/</link><description>Tin thử</description>{entries}</channel></rss>"
    ).encode()


def press_items(items: list[tuple[str, str]]):
    """Ingest press items for today through the real pipeline (parse, score, group); return them."""
    from bulletins.models import BulletinSection, FeedItem, FeedSource, KeywordRule
    from bulletins.services import ingest_feed_bytes

    section, _ = BulletinSection.objects.get_or_create(name="LĨNH VỰC CẢI CÁCH", defaults={"sort_order": 10})
    KeywordRule.objects.get_or_create(phrase="cải cách hành chính", defaults={"weight": 10, "section": section})
    KeywordRule.objects.get_or_create(phrase="thủ tục hành chính", defaults={"weight": 8, "section": section})
    source = FeedSource.objects.create(
        url="https://baothu.vn/rss.xml", name="Báo Thử", credit_label="Baothu.vn", default_section=section
    )
    ingest_feed_bytes(source, rss(items), {"Content-Type": "application/rss+xml; charset=utf-8"})
    return list(FeedItem.objects.filter(source=source).order_by("pk"))


def published_bulletin(home, items: list[tuple[str, str]]):
    """Today's bulletin, published, made of these press items."""
    from bulletins.models import BulletinPage
    from bulletins.services import pick_items

    bulletin_index(home)
    page = pick_items(items=press_items(items), on=timezone.localdate())
    page.get_latest_revision().publish()
    return BulletinPage.objects.get(pk=page.pk)
