"""Actions that change news data: rating an article, importing an article from outside HTML."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.rich_text import RichText

from campaign_site.purge import purge_own_urls
from campaign_site.sanitize import clean_rich_text
from campaign_site.text import clean_line, nfc
from campaign_site.voters import voter_hash

from .models import NewsArticlePage, NewsIndexPage, Rating
from .models.ratings import MAX_STARS, MIN_STARS


class RatingRefused(Exception):
    """A rating that is not stored; `message` is for the citizen, `status` the HTTP status."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class RatingResult:
    rating: Rating
    count: int
    average: float


def parse_stars(raw) -> int:
    try:
        stars = int(str(raw).strip())
    except (TypeError, ValueError):
        stars = 0
    if not MIN_STARS <= stars <= MAX_STARS:
        raise RatingRefused(_("Please choose from 1 to 5 stars."), 400)
    return stars


def rate_article(*, page_id: int, stars, voter_key: str) -> RatingResult:
    """Store one rating of a live article by one browser; refuse anything else, storing nothing."""
    stars = parse_stars(stars)
    with transaction.atomic():
        page = NewsArticlePage.objects.live().public().filter(pk=page_id).first()
        if page is None:
            raise RatingRefused(_("This article is not published, so it cannot be rated."), 404)
        try:
            with transaction.atomic():
                rating = Rating.objects.create(page=page, stars=stars, voter_hash=voter_hash(voter_key))
        except IntegrityError as error:
            raise RatingRefused(_("You have already rated this article. Thank you!"), 409) from error
        from .selectors import forget_rating_summary, rating_summary, refresh_rating_summary

        summary = rating_summary(page.pk)
        forget_rating_summary(page.pk)
        # Once the rating is committed: a page rendered meanwhile may have cached the old summary.
        transaction.on_commit(partial(refresh_rating_summary, page.pk), robust=True)
        # The cached article shows the summary: expire it, so every reader sees the new one.
        purge_own_urls(page)
    return RatingResult(rating=rating, count=summary["count"], average=summary["average"])


@transaction.atomic
def import_article(
    *,
    index: NewsIndexPage,
    title: str,
    lead: str,
    html: str,
    category,
    source_name: str = "",
    source_url: str = "",
    published_at=None,
    publish: bool = False,
) -> NewsArticlePage:
    """Create an article from outside HTML (a press release, an old site); the HTML is sanitised."""
    article = NewsArticlePage(
        title=clean_line(title),
        lead=nfc(lead).strip(),
        body=[("paragraph", RichText(clean_rich_text(html)))],
        source_name=clean_line(source_name),
        source_url=source_url,
        published_at=published_at or timezone.now(),
        category=category,
        live=False,
    )
    index.add_child(instance=article)
    revision = article.save_revision()
    if publish:
        revision.publish()
    return article
