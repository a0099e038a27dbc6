"""Creating many live articles fast (benchmarks, load tests): tens of thousands in a minute or two.

Wagtail's `add_child` + `save_revision().publish()` costs a dozen queries per page. Here the
treebeard paths are computed in Python, the `wagtailcore_page` rows are bulk-created, the
`news_newsarticlepage` rows are inserted in multi-row INSERTs, and the search index is filled with
the backend's `add_bulk`. The pages are live without revisions (as imported pages are); editing one
in the admin creates its first revision.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText
from wagtail.search.backends import get_search_backend

from campaign_site import site_lookup
from campaign_site.models import AdministrativeUnit

from .fragments import forget_rendered_fragments
from .models import Category, NewsArticlePage, NewsIndexPage
from .selectors import forget_listing_counts

SUBJECTS = [
    "tiếp nhận hồ sơ trực tuyến",
    "giải quyết thủ tục hành chính đúng hạn",
    "số hoá kết quả giải quyết hồ sơ",
    "chuyển đổi số tại Bộ phận Một cửa",
    "dịch vụ công trực tuyến toàn trình",
    "đăng ký cư trú qua ứng dụng VNeID",
    "khảo sát mức độ hài lòng của người dân",
    "kiểm soát thủ tục hành chính",
]
ACTIONS = ["đẩy mạnh", "tổng kết", "hướng dẫn", "triển khai", "đánh giá", "mở rộng"]


def _title(n: int, rng: random.Random) -> str:
    return f"Phường, xã {rng.choice(ACTIONS)} {rng.choice(SUBJECTS)} (bài số {n})"


def create_bulk_articles(
    *,
    index: NewsIndexPage,
    count: int,
    batch_size: int = 500,
    update_search_index: bool = True,
    seed: int = 2026,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Create `count` live articles under `index`, spread one hour apart back from now."""
    rng = random.Random(seed)
    categories = list(Category.objects.all()) or [Category.objects.create(name="Cải cách hành chính", slug="cchc")]
    unit_ids = list(AdministrativeUnit.objects.values_list("pk", flat=True))
    content_type = ContentType.objects.get_for_model(NewsArticlePage)
    locale_id = index.locale_id or Locale.get_default().pk
    now = timezone.now()
    created = 0
    while created < count:
        size = min(batch_size, count - created)
        with transaction.atomic():
            parent = Page.objects.select_for_update().get(pk=index.pk)
            last = parent.get_last_child()
            first_step = (Page._str2int(last.path[-Page.steplen :]) if last else 0) + 1
            depth = parent.depth + 1
            pages, articles = [], []
            for offset in range(size):
                n = created + offset + 1
                title = _title(n, rng)
                slug = f"bai-{uuid.uuid4().hex[:12]}"
                published = now - dt.timedelta(hours=n)
                page = Page(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    content_type=content_type,
                    path=Page._get_path(parent.path, depth, first_step + offset),
                    depth=depth,
                    numchild=0,
                    url_path=f"{parent.url_path}{slug}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=published,
                    last_published_at=published,
                    locale_id=locale_id,
                    translation_key=uuid.uuid4(),
                )
                pages.append(page)
                articles.append(
                    {
                        "lead": f"Bài viết thử nghiệm số {n} về {rng.choice(SUBJECTS)} tại các phường, xã.",
                        "body": [("paragraph", RichText(f"<p>{title}. Nội dung dùng để đo hiệu năng của trang.</p>"))],
                        "category": rng.choice(categories),
                        "author": "Ban biên tập",
                        "published_at": published,
                    }
                )
            Page.objects.bulk_create(pages)
            objects = []
            for page, fields in zip(pages, articles, strict=True):
                article = NewsArticlePage(page_ptr_id=page.pk, **fields)
                article.__dict__.update({f.attname: getattr(page, f.attname) for f in Page._meta.concrete_fields})
                objects.append(article)
            local_fields = list(NewsArticlePage._meta.local_concrete_fields)
            NewsArticlePage._base_manager._insert(objects, fields=local_fields, using=connection.alias, raw=True)
            if unit_ids:
                through = NewsArticlePage.units.through
                through.objects.bulk_create(
                    [
                        through(newsarticlepage_id=article.pk, administrativeunit_id=rng.choice(unit_ids))
                        for article in objects
                        if rng.random() < 0.7
                    ]
                )
            Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + size)
            if update_search_index:
                get_search_backend().add_bulk(NewsArticlePage, objects)
        created += size
        forget_listing_counts()
        forget_rendered_fragments()  # new neighbours and related articles
        site_lookup.forget_sites()  # the index's numchild changed without a signal
        if progress:
            progress(created)
    return created
