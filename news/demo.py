"""Demo news: categories, the news and model-story indexes, 30+ articles over the first half of
2026 and 5 model stories with their figures. Idempotent: looked up by slug before creation."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from .demo_content import ARTICLES, CATEGORIES, STORIES
from .models import (
    Category,
    ModelStoryFigure,
    ModelStoryIndexPage,
    ModelStoryPage,
    NewsArticlePage,
    NewsIndexPage,
)

# (title, colours, alt text): abstract illustrations drawn with Pillow, so nothing is downloaded.
IMAGES = [
    (
        "Minh hoạ quầy một cửa",
        ((164, 22, 26), (255, 214, 10)),
        "Hình minh hoạ: dãy quầy tiếp nhận hồ sơ màu đỏ dưới dải đèn vàng.",
    ),
    (
        "Minh hoạ chuyển đổi số",
        ((11, 79, 156), (230, 240, 250)),
        "Hình minh hoạ: các ô vuông xanh nối với nhau như một mạng dữ liệu.",
    ),
    (
        "Minh hoạ khảo sát hài lòng",
        ((30, 107, 52), (245, 244, 240)),
        "Hình minh hoạ: ba vòng tròn xanh lá lớn dần, tượng trưng cho mức độ hài lòng.",
    ),
    (
        "Minh hoạ mô hình điển hình",
        ((122, 15, 18), (255, 255, 255)),
        "Hình minh hoạ: bậc thang màu đỏ đậm đi lên trên nền trắng.",
    ),
]


def _aware(text: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(text))


def _image(title: str, colours, index: int):
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    dark, light = colours
    picture = PILImage.new("RGB", (1200, 675), light)
    draw = ImageDraw.Draw(picture)
    for step in range(6):
        x = 80 + step * 180
        if index == 0:
            draw.rectangle([x, 300, x + 140, 600], fill=dark)
            draw.rectangle([x, 200, x + 140, 240], fill=(255, 214, 10))
        elif index == 1:
            draw.rectangle([x, 120 + step * 60, x + 120, 240 + step * 60], fill=dark)
            if step:
                draw.line([x - 60, 180 + step * 60, x, 180 + step * 60], fill=dark, width=8)
        elif index == 2:
            radius = 60 + step * 30
            draw.ellipse([600 - radius, 338 - radius, 600 + radius, 338 + radius], outline=dark, width=10)
        else:
            draw.rectangle([x, 600 - step * 90, x + 180, 675], fill=dark)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name=f"demo-{index + 1}.png"))


def _index(home, model, slug: str, title: str, intro: str):
    page = model.objects.filter(slug=slug).first()
    if page is None:
        page = home.add_child(instance=model(title=title, slug=slug, intro=intro, show_in_menus=True))
        page.save_revision().publish()
    return page


def _body(paragraphs, figure=None):
    blocks = [("paragraph", RichText(f"<p>{text}</p>")) for text in paragraphs[:1]]
    if figure:
        value, unit, label = figure
        blocks.append(("key_figure", {"value": Decimal(value), "unit": unit, "label": label, "as_of": None}))
    blocks += [("paragraph", RichText(f"<p>{text}</p>")) for text in paragraphs[1:]]
    return blocks


def load(*, home, units, stdout=None) -> list[str]:
    with transaction.atomic():
        categories = {}
        for order, (slug, name) in enumerate(CATEGORIES):
            categories[slug], _ = Category.objects.update_or_create(
                slug=slug, defaults={"name": name, "sort_order": order}
            )
        news_index = _index(
            home,
            NewsIndexPage,
            "tin-cai-cach",
            "Tin cải cách hành chính",
            "Tin tức về cải cách hành chính của thành phố và các phường, xã.",
        )
        story_index = _index(
            home,
            ModelStoryIndexPage,
            "mo-hinh-dien-hinh",
            "Mô hình điển hình",
            "Những cách làm hay trong cải cách hành chính, kèm số liệu kiểm chứng.",
        )
        images = [_image(title, colours, i) for i, (title, colours, _alt) in enumerate(IMAGES)]
        alts = [alt for _title, _colours, alt in IMAGES]

        created = 0
        for number, (when, category, unit_codes, tags, title, lead, paragraphs, figure, source, author) in enumerate(
            ARTICLES
        ):
            slug = f"tin-{when[:10]}-{number + 1:02d}"
            if NewsArticlePage.objects.filter(slug=slug).exists():
                continue
            with_image = number % 5 == 0
            article = NewsArticlePage(
                title=title,
                slug=slug,
                lead=lead,
                body=_body(paragraphs, figure),
                category=categories[category],
                author=author,
                source_name=source[0] if source else "",
                source_url=source[1] if source else "",
                published_at=_aware(when),
                lead_image=images[number % len(images)] if with_image else None,
                lead_image_alt=alts[number % len(images)] if with_image else "",
            )
            news_index.add_child(instance=article)
            article.units.set([units[code] for code in unit_codes if code in units])
            article.tags.set(tags)
            article.save_revision().publish()
            created += 1

        for number, (slug, code, title, model_name, since, lead, paragraphs, figures, featured) in enumerate(STORIES):
            if ModelStoryPage.objects.filter(slug=slug).exists():
                continue
            story = ModelStoryPage(
                title=title,
                slug=slug,
                unit=units.get(code),
                model_name=model_name,
                since=dt.date.fromisoformat(since),
                lead=lead,
                body=_body(paragraphs),
                featured=featured,
                published_at=_aware(f"2026-{number + 2:02d}-20 09:00"),
                lead_image=images[3],
                lead_image_alt=alts[3],
            )
            for value, unit, label, detail, as_of in figures:
                story.figures.add(
                    ModelStoryFigure(
                        value=Decimal(value),
                        unit=unit,
                        label=label,
                        detail=detail,
                        as_of=dt.date.fromisoformat(as_of) if as_of else None,
                    )
                )
            story_index.add_child(instance=story)
            story.tags.set(["mô hình điển hình"])
            story.save_revision().publish()
        pending = _pending_ward_draft(news_index, categories["cai-cach-dia-phuong"], units)
    if stdout:
        stdout.write(f"  news: {created} new articles, {len(STORIES)} model stories")
    lines = [f"Tin tức: {news_index.url}  ·  Mô hình: {story_index.url}  ·  Tìm kiếm: /search/?q=cai+cach"]
    if pending:
        lines.append(f"Chờ duyệt: “{pending.title}” do bientap.tayho viết; lanhdao.tayho hoặc lanhdao.duyet duyệt")
    return lines


PENDING_SLUG = "ban-nhap-tay-ho-tiep-dan-thu-bay"


def _pending_ward_draft(news_index, category, units) -> NewsArticlePage | None:
    """A Tây Hồ editor's draft waiting in the approval workflow: what a ward approver sees first."""
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.filter(username="bientap.tayho").first()
    ward = units.get("00103")
    workflow = news_index.get_workflow()
    if editor is None or ward is None or workflow is None:
        return None
    existing = NewsArticlePage.objects.filter(slug=PENDING_SLUG).first()
    if existing:
        return existing
    draft = NewsArticlePage(
        title="Phường Tây Hồ mở Bộ phận Một cửa vào sáng thứ Bảy",
        slug=PENDING_SLUG,
        lead="Từ tháng 12, người dân Tây Hồ nộp và nhận hồ sơ cả sáng thứ Bảy, không phải xin nghỉ làm.",
        body=_body(
            [
                "Bộ phận Một cửa của phường sẽ làm việc từ 7 giờ 30 đến 11 giờ 30 sáng thứ Bảy hằng tuần.",
                "Trong buổi sáng này phường ưu tiên các thủ tục hộ tịch, chứng thực và cư trú, là những loại "
                "hồ sơ người dân đi làm giờ hành chính khó sắp xếp thời gian nộp nhất.",
            ]
        ),
        category=category,
        author="Trần Minh Đức",
        published_at=timezone.now(),
        owner=editor,
        live=False,
    )
    news_index.add_child(instance=draft)
    draft.units.set([ward])
    draft.save()
    draft.save_revision(user=editor)
    workflow.start(draft, editor)
    return draft
