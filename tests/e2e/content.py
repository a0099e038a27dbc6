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
    """A small RSS 2.0 document: (title, summary) pairs published today (half an hour ago, or at
    midnight in the first half hour of the day: still today's news in the inbox)."""
    now = timezone.localtime(when or timezone.now())
    when = max(now - timedelta(minutes=30), now.replace(hour=0, minute=0, second=0, microsecond=0))
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


def press_items(items: list[tuple[str, str]], *, when: dt.datetime | None = None):
    """Ingest press items for today through the real pipeline (parse, score, group); return them."""
    from bulletins.models import BulletinSection, FeedItem, FeedSource, KeywordRule
    from bulletins.services import ingest_feed_bytes

    section, _ = BulletinSection.objects.get_or_create(name="LĨNH VỰC CẢI CÁCH", defaults={"sort_order": 10})
    KeywordRule.objects.get_or_create(phrase="cải cách hành chính", defaults={"weight": 10, "section": section})
    KeywordRule.objects.get_or_create(phrase="thủ tục hành chính", defaults={"weight": 8, "section": section})
    source = FeedSource.objects.create(
        url="https://baothu.vn/rss.xml", name="Báo Thử", credit_label="Baothu.vn", default_section=section
    )
    ingest_feed_bytes(source, rss(items, when=when), {"Content-Type": "application/rss+xml; charset=utf-8"})
    return list(FeedItem.objects.filter(source=source).order_by("pk"))


def published_bulletin(home, items: list[tuple[str, str]]):
    """Today's bulletin, published, made of these press items."""
    from bulletins.models import BulletinPage
    from bulletins.services import pick_items

    bulletin_index(home)
    page = pick_items(items=press_items(items), on=timezone.localdate())
    page.get_latest_revision().publish()
    return BulletinPage.objects.get(pk=page.pk)


# --- Every public page a citizen opens on a phone (tests/e2e/test_phone.py) -------------------


def story(home, unit, title: str = "Tây Hồ: đăng ký cư trú trực tuyến trở thành thói quen"):
    from decimal import Decimal

    from news.models import ModelStoryFigure, ModelStoryIndexPage, ModelStoryPage

    index = home.add_child(instance=ModelStoryIndexPage(title="Mô hình điển hình", slug="mo-hinh", show_in_menus=True))
    index.save_revision().publish()
    page = ModelStoryPage(
        title=title,
        slug="tay-ho-cu-tru",
        unit=unit,
        model_name="Cư trú trực tuyến có người đồng hành",
        lead="8.429 trên 9.682 hồ sơ đăng ký thường trú được nộp trực tuyến, đạt 87,05%.",
        body=[("paragraph", RichText("<p>Cán bộ phường hướng dẫn người dân nộp hồ sơ ngay tại quầy.</p>"))],
    )
    page.figures.add(
        ModelStoryFigure(
            label="hồ sơ cư trú nộp trực tuyến", value=Decimal("87.05"), unit="%", detail="8.429/9.682 hồ sơ"
        )
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return ModelStoryPage.objects.get(pk=page.pk)


def survey(home, units):
    from surveys.models import QuestionKind, SipasFactor, SurveyPage, SurveyQuestion
    from surveys.services import submit_survey

    page = SurveyPage(
        title="Khảo sát mức độ hài lòng về phục vụ hành chính",
        slug="khao-sat-sipas",
        show_in_menus=True,
        intro="Phiếu khảo sát theo 5 yếu tố của Chỉ số SIPAS.",
        opens_at=timezone.now() - timedelta(days=10),
    )
    factors = (SipasFactor.ACCESS, SipasFactor.PROCEDURE, SipasFactor.CIVIL_SERVANTS, SipasFactor.RESULT)
    for order, factor in enumerate(factors):
        page.questions.add(
            SurveyQuestion(
                text=f"Mức độ hài lòng về yếu tố thứ {order + 1} của dịch vụ hành chính công",
                kind=QuestionKind.LIKERT,
                factor=factor,
                required=True,
                sort_order=order,
            )
        )
    home.add_child(instance=page)
    page.save_revision().publish()
    page = SurveyPage.objects.get(pk=page.pk)
    for n, unit in enumerate((units["ward_a"], units["ward_b"], units["ward_a"])):
        data = {f"q{q.pk}": str(3 + (n + q.sort_order) % 3) for q in page.questions.all()}
        submit_survey(page=page, data=data, voter_key=f"khao-sat-{n}", ip=None, unit=unit)
    return page


def votes(poll, units) -> None:
    from surveys.models import Channel
    from surveys.services import cast_ballot

    choices = list(poll.choices.all())
    for n, unit in enumerate((units["ward_a"], units["ward_b"], units["ward_c"], units["ward_a"])):
        cast_ballot(poll=poll, choice=choices[n % 3], channel=Channel.WEB, voter_key=f"cu-tri-{n}", ip=None, unit=unit)


def earlier_votes(poll, units) -> None:
    """Ballots of two months ago, as if cast then (counted into their month's bucket)."""
    from surveys.models import Ballot, Channel
    from surveys.services import cast_ballot, rebuild_counts

    earlier = timezone.now() - timedelta(days=62)
    choices = list(poll.choices.all())
    for n in range(3):
        ballot = cast_ballot(poll=poll, choice=choices[n % 2], channel=Channel.WEB, voter_key=f"cu-tri-cu-{n}", ip=None)
        Ballot.objects.filter(pk=ballot.pk).update(created_at=earlier)
    rebuild_counts(poll=poll)


def plan(home, units):
    """A plan with an indicator and a task; (plan page, task)."""
    from decimal import Decimal

    from plans.choices import IndicatorMode, IndicatorUnit, TaskStatus
    from plans.models import CampaignPlanPage, PlanIndexPage, PlanIndicator, PlanTask

    index = home.add_child(instance=PlanIndexPage(title="Kế hoạch tuyên truyền", slug="ke-hoach", show_in_menus=True))
    index.save_revision().publish()
    page = index.add_child(
        instance=CampaignPlanPage(
            title="Kế hoạch thông tin, tuyên truyền cải cách hành chính năm 2026",
            slug="ke-hoach-2026",
            year=2026,
            issuing_unit=units["city"],
        )
    )
    page.save_revision().publish()
    page = CampaignPlanPage.objects.get(pk=page.pk)
    PlanIndicator.objects.create(
        plan=page,
        name="Tỷ lệ thủ tục hành chính được công khai trên Cổng Dịch vụ công",
        target_value=Decimal(100),
        current_value=Decimal("84.57"),
        unit=IndicatorUnit.PERCENT,
        mode=IndicatorMode.MANUAL,
    )
    task = PlanTask.objects.create(
        plan=page,
        content="Đăng tin, bài về kết quả cải cách thủ tục hành chính trên Cổng thông tin điện tử",
        lead_unit=units["city"],
        status=TaskStatus.IN_PROGRESS,
    )
    return page, task


def glossary(home):
    from campaign_site.models import Abbreviation, GlossaryPage

    for short, expansion in (("TTHC", "Thủ tục hành chính"), ("SIPAS", "Chỉ số hài lòng về sự phục vụ hành chính")):
        Abbreviation.objects.update_or_create(short=short, defaults={"expansion": expansion})
    page = home.add_child(instance=GlossaryPage(title="Từ viết tắt", slug="tu-viet-tat", show_in_menus=True))
    page.save_revision().publish()
    return page


def led_screen(unit):
    """A 192×96 LED screen with an approved message; (screen, its token)."""
    from screens import services
    from screens.models import DisplayProfile, MessageStatus, ProfileKind, Screen, ScreenMessage

    profile = DisplayProfile.objects.create(
        name="LED 192×96",
        kind=ProfileKind.LED_TEXT,
        width_px=192,
        height_px=96,
        text_lines=3,
        max_title_chars=30,
        max_text_chars=80,
    )
    screen = Screen.objects.create(name="LED cổng trụ sở", unit=unit, profile=profile, poll_interval=10)
    token = f"e2e-phone-{screen.pk}-0123456789abcdef"
    services.set_token(screen=screen, token=token)
    now = timezone.now()
    ScreenMessage.objects.create(
        title="Tiếp nhận hồ sơ sáng thứ Bảy",
        text="Bộ phận Một cửa làm việc từ 8 giờ đến 12 giờ.",
        target_unit=unit,
        starts_at=now - timedelta(minutes=1),
        ends_at=now + timedelta(hours=1),
        duration_seconds=10,
        status=MessageStatus.APPROVED,
    )
    return screen, token
