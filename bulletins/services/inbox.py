"""The editors' inbox actions: pick items into the day's bulletin, dismiss, restore, draft."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bulletins.models import (
    BulletinIndexPage,
    BulletinItem,
    BulletinPage,
    FeedItem,
    ItemStatus,
    bulletin_title,
)
from bulletins.permissions import can_write_bulletin
from bulletins.selectors import top_candidates


class BulletinError(ValueError):
    pass


def bulletin_index() -> BulletinIndexPage:
    index = BulletinIndexPage.objects.first()
    if index is None:
        raise BulletinError(_("There is no bulletin index page yet; create one in the page tree first."))
    return index


def pick_items(*, items, on: dt.date, user=None) -> BulletinPage:
    """Put feed items into the bulletin of `on` (created as a draft if missing) as a new draft
    revision; items already in it are not added twice. Publishing goes through the workflow.
    A `user` must be allowed to write that bulletin (commands and the demo act without one)."""
    if user is not None and not can_write_bulletin(user, on):
        raise PermissionDenied(_("You may not edit the bulletin of this day."))
    items = list(items)
    with transaction.atomic():
        index = bulletin_index()
        page = BulletinPage.objects.filter(date=on).first()
        if page is None:
            page = BulletinPage(title=bulletin_title(on), slug=on.isoformat(), date=on, live=False)
            index.add_child(instance=page)
            draft = page
        else:
            draft = page.get_latest_revision_as_object()
        present = {entry.feed_item_id for entry in draft.items.all() if entry.feed_item_id}
        next_order = max((entry.sort_order or 0 for entry in draft.items.all()), default=-1) + 1
        added = []
        for item in items:
            if item.pk in present:
                continue
            draft.items.add(BulletinItem.from_feed_item(item, next_order))
            present.add(item.pk)
            added.append(item.pk)
            next_order += 1
        draft.save_revision(user=user, log_action=True)
        picked = [item.pk for item in items]
        FeedItem.objects.filter(pk__in=picked).update(status=ItemStatus.PICKED)
        cover_twins(items=items)
    return page


def cover_twins(*, items) -> int:
    """Mark the other outlets' items of the picked items' stories as covered (still-new ones only:
    a twin an editor dismissed or picked keeps that decision)."""
    stories = {item.story_lead_id or item.pk for item in items}
    if not stories:
        return 0
    twins = FeedItem.objects.filter(Q(pk__in=stories) | Q(story_lead_id__in=stories), status=ItemStatus.NEW)
    return twins.exclude(pk__in=[item.pk for item in items]).update(status=ItemStatus.COVERED)


def dismiss_items(*, items) -> int:
    return FeedItem.objects.filter(pk__in=[item.pk for item in items]).update(status=ItemStatus.DISMISSED)


def restore_items(*, items) -> int:
    return FeedItem.objects.filter(pk__in=[item.pk for item in items]).update(status=ItemStatus.NEW)


def draft_bulletin(*, on: dt.date | None = None, user=None, limit: int | None = None) -> tuple[BulletinPage, int]:
    """Draft (or add to) the bulletin of `on` from the top-scored items. Returns (page, items added)."""
    on = on or timezone.localdate()
    if user is not None and not can_write_bulletin(user, on):
        raise PermissionDenied(_("You may not edit the bulletin of this day."))
    candidates = top_candidates(on=on, limit=limit)
    if not candidates and not BulletinPage.objects.filter(date=on).exists():
        raise BulletinError(
            _("No relevant new items for %(day)s; nothing to draft.") % {"day": on.strftime("%d/%m/%Y")}
        )
    page = pick_items(items=candidates, on=on, user=user)
    return page, len(candidates)
