"""Citizens' star ratings of articles: one row per vote, one vote per browser (hashed key)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MIN_STARS, MAX_STARS = 1, 5


class Rating(models.Model):
    page = models.ForeignKey(
        "news.NewsArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="ratings"
    )
    stars = models.PositiveSmallIntegerField(_("stars"))
    # SHA-256 of the browser's signed voter key; the key itself is never stored.
    voter_hash = models.CharField(_("voter"), max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["page", "voter_hash"], name="news_rating_one_per_voter"),
            models.CheckConstraint(
                condition=Q(stars__gte=MIN_STARS) & Q(stars__lte=MAX_STARS), name="news_rating_stars_1_5"
            ),
        ]

    def __str__(self):
        return f"{self.page_id}: {self.stars}"
