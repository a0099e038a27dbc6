"""Page contexts the news page models add in get_context(): article, story, listings, JSON-LD.

Page models call these; views.py keeps only the endpoints (ratings, CSRF token, robots.txt).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING
from urllib.parse import quote

from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from taggit.models import Tag
from wagtail.images import get_image_model

from campaign_site.models import AdministrativeUnit
from campaign_site.public_url import absolute_url
from campaign_site.text import format_date_long, format_number
from campaign_site.voters import VOTER_COOKIE, BadVoterCookie, voter_hash

from . import conf, fragments, selectors
from .archive import archive_context
from .qr import qr_svg

if TYPE_CHECKING:
    from .models import NewsArticlePage


def _share_links(url: str, title: str) -> dict[str, str]:
    quoted = quote(url, safe="")
    return {
        "facebook": f"https://www.facebook.com/sharer/sharer.php?u={quoted}",
        "zalo": conf.zalo_share_url().format(url=quoted),
        "email": f"mailto:?subject={quote(title)}&body={quoted}",
    }


def _reading_context(request, page) -> dict:
    url = page.get_full_url(request) or absolute_url(page.url, request)
    return {
        "canonical_url": url,
        "qr_svg": qr_svg(url, _("QR code to open this page on a phone")),
        "share": _share_links(url, page.title),
    }


class _ArticleParts:
    """What the article template shows beside the page's own fields, each read on first use only:
    when the cached fragments (news/fragments.py) are found, none of it is computed."""

    fragment_seconds = fragments.FRAGMENT_SECONDS

    def __init__(self, request, page: NewsArticlePage):
        self.request = request
        self.page = page

    @cached_property
    def fragment_key(self) -> str:
        return fragments.fragment_key(self.request, self.page)

    @cached_property
    def details(self) -> dict:
        return selectors.article_for_page(self.page)

    @cached_property
    def reading(self) -> dict:
        return _reading_context(self.request, self.page)

    @cached_property
    def neighbours(self):
        return selectors.neighbours(self.page)

    @cached_property
    def related(self) -> list:
        return selectors.related_articles(self.page, tag_ids=[tag.pk for tag in self.details["tags"]])

    @cached_property
    def og_image_url(self) -> str | None:
        page = self.page
        if page.lead_image_id and page.lead_image:
            return absolute_url(page.lead_image.get_rendition("fill-1200x630").url, self.request)
        return None

    @cached_property
    def json_ld_text(self) -> str:
        return json_ld(
            _article_json_ld(
                self.request,
                self.page,
                {
                    "canonical_url": self.reading["canonical_url"],
                    "category": self.details["category"],
                    "og_image_url": self.og_image_url,
                },
            )
        )


def _lazy(compute):
    """A context value computed when the template (or a test) first uses it."""
    return SimpleLazyObject(compute)


def article_context(request, page: NewsArticlePage) -> dict:
    parts = _ArticleParts(request, page)
    return {
        "article_parts": parts,
        "category": _lazy(lambda: parts.details["category"]),
        "tags": _lazy(lambda: parts.details["tags"]),
        "units": _lazy(lambda: parts.details["units"]),
        "canonical_url": _lazy(lambda: parts.reading["canonical_url"]),
        "qr_svg": _lazy(lambda: parts.reading["qr_svg"]),
        "share": _lazy(lambda: parts.reading["share"]),
        "newer": _lazy(lambda: parts.neighbours[0]),
        "older": _lazy(lambda: parts.neighbours[1]),
        "related": _lazy(lambda: parts.related),
        "og_image_url": _lazy(lambda: parts.og_image_url),
        "json_ld_text": _lazy(lambda: parts.json_ld_text),
        "rating": selectors.cached_rating_summary(page.pk),
        "own_rating": own_rating(request, page) if request is not None else None,
        "rating_url": reverse("news:rate", args=[page.pk]),
        # Routing leaves the parent on the page (no query); the date picker needs it on every render.
        "index_page": page.get_parent().specific_deferred if page.depth > 1 else None,
    }


_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld(data: dict) -> str:
    """JSON for a <script type="application/ld+json"> element: < > & escaped, so it cannot end the element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 - escaped above, like Django's json_script


def _article_json_ld(request, page: NewsArticlePage, context: dict) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title[:110],
        "description": page.lead,
        "datePublished": page.published_at.isoformat(),
        "dateModified": (page.last_published_at or page.published_at).isoformat(),
        "mainEntityOfPage": context["canonical_url"],
        "inLanguage": "vi",
    }
    if page.author:
        data["author"] = {"@type": "Person", "name": page.author}
    if context.get("category"):
        data["articleSection"] = context["category"].name
    if context.get("og_image_url"):
        data["image"] = [context["og_image_url"]]
    return data


def story_context(request, page) -> dict:
    return {
        **_reading_context(request, page),
        "figures": list(page.figures.all()),
        "gallery": list(
            page.gallery_images.prefetch_related(
                Prefetch("image", queryset=get_image_model().objects.prefetch_renditions("width-800"))
            )
        ),
        "tags": list(page.tags.all()),
        "unit": AdministrativeUnit.objects.filter(pk=page.unit_id).first() if page.unit_id else None,
    }


class _CountedPaginator(Paginator):
    """A paginator with a cached count whose queryset (`object_list`, possibly lazy) is built and sliced
    on first use only: a cached listing reads no rows, nor the view restrictions that Wagtail's
    `public()` reads while the listing's queryset is built."""

    def __init__(self, object_list, per_page, *, count_key):
        super().__init__(object_list, per_page)
        self.count_key = count_key

    def _check_object_list_is_ordered(self):
        pass  # the selectors order every listing; checking would build a lazy queryset

    @cached_property
    def count(self):
        return selectors.cached_count(self.object_list, *self.count_key)

    def page(self, number):
        # As Paginator.page, with the slice taken lazily.
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(_lazy(lambda: self.object_list[bottom:top]), number, self)


def _paginate(request, queryset, per_page: int, *, count_key=None):
    paginator = (
        _CountedPaginator(queryset, per_page, count_key=count_key) if count_key else Paginator(queryset, per_page)
    )
    return paginator.get_page(request.GET.get("page"))


def listing_context(request, *, index_page, period=None) -> dict:
    """The news index: filters from the query string (unknown values simply match nothing). The
    filter form's choices are read on first use only: a cached listing (news/fragments.py) needs none."""
    # Read before any row: the count and the cached listing are both keyed by it, so a count read
    # during a change is never shown once the change is committed (deletions and moves included).
    token = fragments.render_token()
    choices = _lazy(selectors.filter_choices)
    category_slug = request.GET.get("category", "").strip()[:120]
    tag_slug = request.GET.get("tag", "").strip()[:120]
    unit_code = request.GET.get("unit", "").strip()[:20]
    category = next((c for c in choices["categories"] if c.slug == category_slug), None) if category_slug else None
    unit = next((u for u in choices["units"] if u.code == unit_code), None) if unit_code else None
    tag = Tag.objects.filter(slug=tag_slug).first() if tag_slug else None
    filtering = bool(category_slug or tag_slug or unit_code)
    unknown = (category_slug and not category) or (tag_slug and not tag) or (unit_code and not unit)
    articles = _lazy(
        lambda: selectors.filtered_articles(
            index_page=index_page,
            category=category,
            tag=tag,
            unit=unit,
            period=period[:2] if period else None,
        )
    )
    if unknown:
        articles = articles.none()
    query = request.GET.copy()
    query.pop("page", None)
    count_key = None
    if not unknown:
        count_key = (token, index_page.pk, *(getattr(x, "pk", "") for x in (category, tag, unit)), *(period or ())[:2])
    page = _paginate(request, articles, conf.per_page(), count_key=count_key)
    return {
        "categories": _lazy(lambda: choices["categories"]),
        "units": _lazy(lambda: choices["units"]),
        "tags": _lazy(lambda: choices["tags"]),
        "articles": page,
        # "" (render live) when filtered; news/fragments.py says what else renders live.
        "listing_key": ""
        if filtering
        else fragments.listing_fragment_key(request, index_page, token=token, page_number=page.number, period=period),
        "listing_seconds": fragments.FRAGMENT_SECONDS,
        "selected": {"category": category, "tag": tag, "unit": unit, "tag_slug": tag_slug},
        "filtering": filtering,
        "period": period,
        "period_label": _period_label(period),
        "archive": _lazy(lambda: archive_context(index_page=index_page, period=period)),
        "query_string": query.urlencode(),
        "feed_urls": _feed_urls(category=category, unit=unit),
    }


def _period_label(period) -> str:
    """ "tháng 3/2026", "năm 2026" or the day with its weekday, for the heading and the <title>."""
    if not period:
        return ""
    start, _end, precision = period
    if precision == "day":
        return format_date_long(start)
    if precision == "month":
        return _("month %(month)s/%(year)s") % {"month": start.month, "year": start.year}
    return _("year %(year)s") % {"year": start.year}


def _feed_urls(*, category=None, unit=None) -> dict[str, str]:
    if category is not None:
        return {
            "rss": reverse("news:category_rss", args=[category.slug]),
            "atom": reverse("news:category_atom", args=[category.slug]),
        }
    if unit is not None:
        return {"rss": reverse("news:unit_rss", args=[unit.code]), "atom": reverse("news:unit_atom", args=[unit.code])}
    return {"rss": reverse("news:rss"), "atom": reverse("news:atom")}


def story_listing_context(request, *, index_page) -> dict:
    return {"stories": _paginate(request, selectors.story_listing(index_page=index_page), conf.per_page())}


# --- Ratings summary (also answered by the rating endpoint) ------------------------------------


def own_rating(request, page) -> int | None:
    """The stars this reader gave `page`; asked only when the article's rated cookie came with the
    request (set on that article's path by the rating endpoint; such requests pass the page cache)."""
    if conf.RATED_COOKIE not in request.COOKIES:
        return None
    try:
        key = VOTER_COOKIE.read(request)
    except BadVoterCookie:
        return None
    return selectors.own_rating(page.pk, voter_hash(key)) if key else None


def rating_summary_text(count: int, average: float | None) -> str:
    if not count:
        return _("No ratings yet. Be the first!")
    return ngettext(
        "Average %(average)s/5 from %(count)s rating", "Average %(average)s/5 from %(count)s ratings", count
    ) % {"average": format_number(average, 1), "count": format_number(count)}
