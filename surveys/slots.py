"""The "Bình chọn" box on the home page (order 30) and beside articles, cheap on a warm cache.

Which poll a place shows (the city-wide choice, a unit's, an article's through its units) is kept in
Django's cache under the box token (surveys/poll_box_cache.py: replaced when a poll, a choice or a unit
changes) together with the next moment any poll opens or closes; from that moment the answer is
ignored and recomputed, so a box appears and disappears on time. An article's answer also carries
its revision, and is dropped when the page is saved. The box itself is rendered once per poll, place
and language (`{% wagtailcache %}` in surveys/slots/poll_box.html, which renders previews live);
nothing in it depends on the visitor. Previews and unsaved pages are never looked up in the cache.
"""

from __future__ import annotations

import functools
import math

from django.core.cache import cache
from django.db.models import Min, Q
from django.templatetags.static import static
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from campaign_site.slots import Slot
from surveys.models import Ballot, Poll
from surveys.poll_box_cache import box_token, page_poll_key
from surveys.security import BadVoterCookie, read_voter_key, voted_poll_ids, voter_hash
from surveys.selectors import active_poll, poll_box_context

TEMPLATE = "surveys/slots/poll_box.html"
BOX_SECONDS = 60 * 60  # the longest a choice or a rendered box is kept (boundaries cut it shorter)
BOX_SCHEMA = 1  # bump when surveys/slots/poll_box.html or the box it includes change shape
CITY_KEY = "surveys:city-poll:{token}"
UNIT_KEY = "surveys:unit-poll:{token}:{unit_id}"


def _page_unit(page):
    unit = getattr(page, "unit", None)
    if unit is None and hasattr(page, "units"):
        unit = page.units.first()
    return unit


def next_boundary(now):
    """The next time (after `now`) any poll opens or closes, or None."""
    row = Poll.objects.aggregate(
        opens=Min("opens_at", filter=Q(opens_at__gt=now)),
        closes=Min("closes_at", filter=Q(closes_at__gt=now)),
    )
    return min((moment for moment in row.values() if moment is not None), default=None)


def _seconds_until(until: float | None, now) -> int:
    if until is None:
        return BOX_SECONDS
    return max(1, min(BOX_SECONDS, math.ceil(until - now.timestamp())))


class _Choice:
    """The poll a place shows: its id, and until when that answer holds (a timestamp, or None)."""

    __slots__ = ("poll", "poll_id", "token", "until")

    def __init__(self, poll_id, until, token, poll=None):
        self.poll_id, self.until, self.token, self.poll = poll_id, until, token, poll


def _choose(key: str | None, stamp, token: str, compute) -> _Choice:
    """The cached answer under `key` if its stamp matches and no poll opened or closed since; else compute it."""
    now = timezone.now()
    if key is not None:
        cached = cache.get(key)
        if cached is not None:
            cached_stamp, poll_id, until = cached
            if cached_stamp == stamp and (until is None or now.timestamp() < until):
                return _Choice(poll_id, until, token)
    poll = compute()
    boundary = next_boundary(now)
    until = boundary.timestamp() if boundary is not None else None
    if key is not None:
        cache.set(key, (stamp, poll.pk if poll else None, until), _seconds_until(until, now))
    return _Choice(poll.pk if poll else None, until, token, poll)


def _is_preview(request) -> bool:
    return bool(request is not None and getattr(request, "is_preview", False))


def city_choice() -> _Choice:
    token = box_token()
    return _choose(CITY_KEY.format(token=token), None, token, active_poll)


def page_choice(request, page) -> _Choice:
    """The poll beside `page`: for its unit (a model story) or its first unit (an article)."""
    if page is None:
        return city_choice()
    token = box_token()
    if _is_preview(request) or getattr(page, "pk", None) is None:
        return _choose(None, None, token, lambda: active_poll(unit=_page_unit(page)))
    if hasattr(page, "unit_id"):  # the unit is on the page row: no query to know it
        if page.unit_id is None:
            return city_choice()
        key = UNIT_KEY.format(token=token, unit_id=page.unit_id)
        return _choose(key, None, token, lambda: active_poll(unit=page.unit))
    # The units of a live page change only with its revision, or with a save (signals.py drops the key).
    stamp = (page.live_revision_id, page.latest_revision_id, page.last_published_at)
    return _choose(page_poll_key(page.pk, token), stamp, token, lambda: active_poll(unit=_page_unit(page)))


def _box(choice: _Choice, place: str, voted: bool = False):
    def build():
        poll = choice.poll
        if poll is None:
            poll = Poll.objects.select_related("unit").prefetch_related("choices").filter(pk=choice.poll_id).first()
        # None only if the poll was deleted since: its deletion replaced the token, so nothing stale is kept.
        return poll_box_context(poll, place=place, voted=voted) if poll is not None else None

    return build() if choice.poll is not None else SimpleLazyObject(build)


@functools.cache
def _assets() -> str:
    """The box's static URLs: hashed names change with a release (a new process)."""
    return f"{static('surveys/surveys.css')} {static('surveys/poll.js')}"


def _visitor_voted(request, poll_id: int) -> bool:
    """Whether this browser voted in the poll: its "voted" cookie names the poll and its ballot exists.
    Only such visitors reach here with the cookie (it makes the page cache pass them)."""
    if request is None or poll_id not in voted_poll_ids(request):
        return False
    try:
        key = read_voter_key(request)
    except BadVoterCookie:
        return False
    return bool(key) and Ballot.objects.filter(poll_id=poll_id, channel="web", voter_hash=voter_hash(key)).exists()


def _slot(choice: _Choice, place: str, request=None) -> list[Slot]:
    if choice.poll_id is None:
        return []
    if _visitor_voted(request, choice.poll_id):
        # The visitor's own box: thanks and the fresh results, rendered for this request only.
        context = {"box": _box(choice, place, voted=True), "place": place, "poll_id": choice.poll_id}
        return [Slot(30, TEMPLATE, {**context, "cache_key": "", "cache_seconds": 0})]
    now = timezone.now()
    cache_key = ":".join(
        str(part)
        for part in (
            BOX_SCHEMA,
            choice.token,
            choice.poll_id,
            place,
            choice.until,
            get_language(),
            _assets(),
        )
    )
    context = {
        "box": _box(choice, place),  # read only when the cached box is missing
        "place": place,
        "poll_id": choice.poll_id,
        "cache_key": cache_key,
        "cache_seconds": _seconds_until(choice.until, now),
    }
    return [Slot(30, TEMPLATE, context)]


def home_slots(request, page):
    return _slot(city_choice(), "home", request)


def sidebar_slots(request, page):
    return _slot(page_choice(request, page), "side", request)
