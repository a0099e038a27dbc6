"""Reads: the feed a screen pulls (built once, cached, versioned), counts, reports.

The feed is cached per screen under a global generation number that every change to a screen or
a message bumps, so the hot path (a poll answered 304) reads the cache only, never the database:
`poll_state` (used by screens.middleware) is two round trips of small entries.
Automatic content (news, bulletin, poll) is re-read when the cached feed expires
(SCREENS_FEED_CACHE_SECONDS) or earlier when a message starts or ends. Screens depends on news,
bulletins and surveys (it shows their content) and reads them through their selectors.
"""

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from bulletins.selectors import bulletin_headlines, latest_bulletin
from campaign_site.text import format_date, shorten_at_word
from news.selectors import latest_articles
from screens import conf, polling
from screens.models import EXPIRED, MessageKind, MessageStatus, Screen, ScreenMessage, ScreenPlay
from screens.ticker import needed_seconds
from surveys.selectors import active_poll, poll_vote_path

logger = logging.getLogger(__name__)

GENERATION_KEY = "screens:generation"
# Bumped only when an emergency message (or a screen) changes: the emergency poll's cache key.
EMERGENCY_GENERATION_KEY = "screens:emergency-generation"


# --- Versioning ----------------------------------------------------------------------------


def generation(key: str = GENERATION_KEY) -> int:
    value = cache.get(key)
    if value is None:
        # A fresh random start, so a restarted cache never serves a stale entry under an old number.
        value = int.from_bytes(hashlib.sha256(f"{key}{timezone.now().timestamp()}".encode()).digest()[:4], "big")
        cache.add(key, value, None)
        value = cache.get(key, value)
    return value


def bump_generation(key: str = GENERATION_KEY) -> None:
    try:
        cache.incr(key)
    except ValueError:
        generation(key)


def emergency_generation() -> int:
    return generation(EMERGENCY_GENERATION_KEY)


def bump_emergency_generation() -> None:
    bump_generation(EMERGENCY_GENERATION_KEY)


def _auth_key(screen_id: int, gen: int) -> str:
    return f"screens:auth:{screen_id}:{gen}"


def _feed_key(screen_id: int, gen: int) -> str:
    return f"screens:feed:{screen_id}:{gen}"


def _etag_key(screen_id: int, gen: int) -> str:
    return f"screens:etag:{screen_id}:{gen}"


def _emergency_key(screen_id: int, egen: int) -> str:
    return f"screens:emergency:{screen_id}:{egen}"


def _last_key(screen_id: int) -> str:
    return f"screens:feed-last:{screen_id}"


# --- Counting and listing ------------------------------------------------------------------


def count_screens(*, online: bool | None = None) -> int:
    screens = Screen.objects.all()
    if online is True:
        screens = screens.online()
    elif online is False:
        screens = screens.offline()
    return screens.count()


def pending_messages(*, user=None):
    from screens import permissions

    messages = ScreenMessage.objects.filter(status=MessageStatus.PENDING).select_related(
        "target_screen__unit", "target_unit", "created_by"
    )
    if user is not None:
        messages = messages.within(permissions.scope_unit(user)).exclude(created_by=user)
    return messages.order_by("submitted_at", "pk")


def status_counts(*, user=None) -> dict[str, int]:
    from screens import permissions

    messages = ScreenMessage.objects.within(permissions.scope_unit(user) if user is not None else None)
    counts = dict(messages.values_list("status").annotate(n=Count("pk")).order_by())
    result = {status: counts.get(status, 0) for status in MessageStatus.values}
    # An approved message that has ended reads "expired": counted there, not as approved.
    result[EXPIRED] = messages.expired().count()
    result[MessageStatus.APPROVED] -= result[EXPIRED]
    return result


def running_emergencies(*, messages=None):
    """Emergencies on the screens now (among `messages`), soonest end first."""
    messages = ScreenMessage.objects.all() if messages is None else messages
    return messages.approved().current().filter(kind=MessageKind.EMERGENCY).order_by("ends_at", "pk")


def message_ids_for_screen(screen: Screen) -> set[int]:
    return set(ScreenMessage.objects.approved().for_screen(screen).values_list("pk", flat=True))


def play_report(*, messages=None):
    """Messages with how often, how long and on how many screens they were shown."""
    messages = ScreenMessage.objects.all() if messages is None else messages
    return (
        messages.annotate(
            play_count=Count("plays"),
            play_seconds=Sum("plays__duration_seconds"),
            screen_count=Count("plays__screen", distinct=True),
            last_played_at=Max("plays__started_at"),
        )
        .filter(play_count__gt=0)
        .order_by("-last_played_at")
    )


def play_report_by_screen(*, message: ScreenMessage):
    """Where one message was shown: per screen, count, seconds, first and last play."""
    return (
        ScreenPlay.objects.filter(message=message)
        .values("screen__pk", "screen__name", "screen__unit__name", "screen__location")
        .annotate(
            play_count=Count("pk"),
            play_seconds=Sum("duration_seconds"),
            first_played_at=Min("started_at"),
            last_played_at=Max("started_at"),
        )
        .order_by("screen__unit__name", "screen__name")
    )


# --- Authentication data -------------------------------------------------------------------


@dataclass(frozen=True)
class ScreenAuth:
    screen_id: int
    token_hash: str
    revoked: bool
    poll_interval: int


def screen_auth(screen_id: int, *, gen: int | None = None) -> ScreenAuth | None:
    gen = generation() if gen is None else gen
    key = _auth_key(screen_id, gen)
    data = cache.get(key)
    if data is None:
        row = Screen.objects.filter(pk=screen_id).values("token_hash", "token_revoked_at", "poll_interval").first()
        data = (row["token_hash"], row["token_revoked_at"] is not None, row["poll_interval"]) if row else ()
        # Short-lived: with a per-process cache (no Redis) another worker's revocation still lands within this.
        cache.set(key, data, conf.feed_cache_seconds())
    return ScreenAuth(screen_id, *data) if data else None


def screen_id_for_token_hash(token_hash: str) -> int | None:
    return Screen.objects.filter(token_hash=token_hash).values_list("pk", flat=True).first()


# --- The feed ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Feed:
    etag: str  # quoted, strong
    body: bytes  # the exact JSON bytes the ETag names
    version: str

    @property
    def data(self) -> dict:
        return json.loads(self.body)


def cached_feed(screen_id: int, *, base_url: str, gen: int | None = None) -> Feed | None:
    """The current feed for a screen, from the cache when possible; None for an unknown screen."""
    gen = generation() if gen is None else gen
    key = _feed_key(screen_id, gen)
    entry = cache.get(key)
    if entry is not None:
        return Feed(*entry)
    screen = Screen.objects.select_related("unit", "profile").filter(pk=screen_id).first()
    if screen is None:
        return None
    now = timezone.now()
    payload, valid_until = build_feed_payload(screen, now=now, base_url=base_url)
    feed = _versioned(screen_id, payload, now=now)
    ttl = max(1, min(conf.feed_cache_seconds(), int((valid_until - now).total_seconds()) + 1))
    # The ETag alone, for the 304 fast path (poll_state); written first with the same lifetime, so it
    # never outlives the feed it names.
    cache.set(_etag_key(screen_id, gen), feed.etag, ttl)
    cache.set(key, (feed.etag, feed.body, feed.version), ttl)
    return feed


@dataclass(frozen=True)
class PollState:
    auth: ScreenAuth
    etag: str
    heartbeat_throttled: bool  # a feed poll's heartbeat was written recently: this one writes nothing


def poll_state(screen_id: int) -> PollState | None:
    """What answering a conditional feed poll needs, from the cache only (never the database):
    the screen's token data and its current feed's ETag under the current generation, and whether
    its feed heartbeat is throttled. None when anything is missing; the caller then takes the full
    path, which fills the cache."""
    beat_key = polling.heartbeat_key(screen_id, "feed")
    first = cache.get_many([GENERATION_KEY, beat_key])
    gen = first.get(GENERATION_KEY)
    if gen is None:
        return None
    auth_key, etag_key = _auth_key(screen_id, gen), _etag_key(screen_id, gen)
    second = cache.get_many([auth_key, etag_key])
    auth, etag = second.get(auth_key), second.get(etag_key)
    if not auth or not etag:  # () is a cached "no such screen"
        return None
    return PollState(ScreenAuth(screen_id, *auth), etag, beat_key in first)


def emergency_poll_state(screen_id: int) -> PollState | None:
    """What answering a conditional emergency poll needs, from the cache only: the screen's token
    data (under the feed generation, as for feed polls) and the ETag of its emergency state (under
    the emergency generation). An emergency poll writes no heartbeat (the feed poll does)."""
    first = cache.get_many([GENERATION_KEY, EMERGENCY_GENERATION_KEY])
    gen, egen = first.get(GENERATION_KEY), first.get(EMERGENCY_GENERATION_KEY)
    if gen is None or egen is None:
        return None
    auth_key, state_key = _auth_key(screen_id, gen), _emergency_key(screen_id, egen)
    second = cache.get_many([auth_key, state_key])
    auth, state = second.get(auth_key), second.get(state_key)
    if not auth or not state:
        return None
    return PollState(ScreenAuth(screen_id, *auth), state[0], heartbeat_throttled=True)


@dataclass(frozen=True)
class EmergencyState:
    etag: str
    body: bytes


def cached_emergency(screen_id: int) -> EmergencyState | None:
    """The emergency a screen must show now (or none), as a tiny JSON body and its ETag: what the
    player polls every few seconds. Cached until an emergency is saved or deleted (the emergency
    generation) or one of this screen's emergencies starts or ends, whichever comes first; None for
    an unknown screen."""
    egen = emergency_generation()
    key = _emergency_key(screen_id, egen)
    entry = cache.get(key)
    if entry is not None:
        return EmergencyState(*entry)
    screen = Screen.objects.select_related("unit").filter(pk=screen_id).first()
    if screen is None:
        return None
    now = timezone.now()
    emergencies = list(
        ScreenMessage.objects.approved().for_screen(screen).filter(kind=MessageKind.EMERGENCY, ends_at__gt=now)
    )
    valid_until = now + timedelta(seconds=conf.feed_cache_seconds())
    for message in emergencies:
        for moment in (message.starts_at, message.ends_at):
            if moment > now:
                valid_until = min(valid_until, moment)
    current = sorted(
        (m for m in emergencies if m.starts_at <= now),
        key=lambda m: (-m.priority, -m.starts_at.timestamp(), -m.pk),  # as build_feed_payload orders them
    )
    top = current[0] if current else None
    payload = {"emergency": {"id": top.item_id, "title": top.title, "ends_at": _iso(top.ends_at)} if top else None}
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    state = EmergencyState(f'"e{hashlib.sha256(body).hexdigest()[:24]}"', body)
    ttl = max(1, int((valid_until - now).total_seconds()) + 1)
    cache.set(key, (state.etag, state.body), ttl)
    return state


def _versioned(screen_id: int, payload: dict, *, now: datetime) -> Feed:
    """Hash the content (not generated_at); reuse the previous bytes when the content is unchanged,
    so one strong ETag always names exactly one body."""
    content = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    version = hashlib.sha256(content.encode()).hexdigest()[:32]
    etag = f'"{version}"'
    last = cache.get(_last_key(screen_id))
    if last and last[0] == etag:
        return Feed(*last)
    body = json.dumps(
        {**payload, "version": version, "generated_at": now.isoformat()},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    ).encode()
    feed = Feed(etag, body, version)
    cache.set(_last_key(screen_id), (feed.etag, feed.body, feed.version), None)
    return feed


def build_feed_payload(screen: Screen, *, now: datetime, base_url: str) -> tuple[dict, datetime]:
    """What the screen shows now, filtered by schedule and profile; and when that may change next."""
    local_now = now.astimezone(screen.zone)
    candidates = list(
        ScreenMessage.objects.approved()
        .for_screen(screen)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .select_related("image")
    )
    valid_until = now + timedelta(seconds=conf.feed_cache_seconds())
    for message in candidates:
        for moment in (message.starts_at, message.ends_at):
            if moment and moment > now:
                valid_until = min(valid_until, moment)
    current = [m for m in candidates if m.starts_at <= now]
    emergencies = [m for m in current if m.kind == MessageKind.EMERGENCY]
    if emergencies:
        # An emergency overrides everything on its targets until it ends.
        emergencies.sort(key=lambda m: (-m.priority, -m.starts_at.timestamp(), -m.pk))
        items = [_message_item(m, screen, base_url) for m in emergencies]
        emergency = items[0]
    else:
        emergency = None
        playing = sorted((m for m in current if m.plays_on(local_now)), key=lambda m: (-m.priority, m.starts_at, m.pk))
        items = [_message_item(m, screen, base_url) for m in playing]
        items.extend(automatic_items(screen, now=now, base_url=base_url))
    profile = screen.profile
    payload = {
        "screen": {
            "id": screen.pk,
            "name": screen.name,
            "unit": screen.unit.name,
            "location": screen.location,
            "time_zone": screen.time_zone,
            "profile": {
                "kind": profile.kind,
                "width": profile.width_px,
                "height": profile.height_px,
                "lines": profile.text_lines,
            },
        },
        "next_poll_seconds": polling.next_poll_seconds(screen.pk, screen.poll_interval),
        "emergency": emergency,
        "items": items,
    }
    return payload, valid_until


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _message_item(message: ScreenMessage, screen: Screen, base_url: str) -> dict:
    image_url = image_alt = None
    if message.image_id and screen.profile.shows_images:
        try:
            rendition = message.image.get_rendition(screen.profile.rendition_spec)
            image_url = _absolute(base_url, rendition.url)
            image_alt = message.image.default_alt_text
        except Exception:  # a missing or broken file must not take the feed down
            logger.warning("Screen feed: no rendition for image %s", message.image_id, exc_info=True)
    return {
        "id": message.item_id,
        "kind": message.kind,
        "title": message.title,
        "text": message.text,
        "image": image_url,
        "image_alt": image_alt,
        "duration": message.duration_seconds,
        "starts_at": _iso(message.starts_at),
        "ends_at": _iso(message.ends_at),
        "priority": message.priority,
    }


def _absolute(base_url: str, path: str) -> str:
    return path if path.startswith(("http://", "https://")) else f"{base_url.rstrip('/')}{path}"


def _fit(text: str, limit: int) -> str:
    """Automatic content is shortened visibly, at a word boundary and with an ellipsis, to what the panel shows."""
    return shorten_at_word(text, limit)


def _auto_item(screen: Screen, **fields) -> dict:
    profile = screen.profile
    item = {
        "kind": "announcement",
        "text": "",
        "image": None,
        "image_alt": None,
        "duration": 10,
        "starts_at": None,
        "ends_at": None,
        "priority": 0,
        **fields,
    }
    item["title"] = _fit(item["title"], profile.max_title_chars)
    item["text"] = _fit(item["text"], profile.max_text_chars) if profile.max_text_chars else ""
    if profile.is_led:  # long enough to scroll at a readable speed (nobody edits automatic items)
        item["duration"] = max(
            item["duration"], needed_seconds(title=item["title"], text=item["text"], profile=profile)
        )
    return item


def automatic_items(screen: Screen, *, now: datetime, base_url: str) -> list[dict]:
    items: list[dict] = []
    if screen.show_news:
        items.extend(_news_items(screen, base_url))
    if screen.show_bulletin:
        items.extend(_bulletin_items(screen, now))
    if screen.show_poll:
        items.extend(_poll_items(screen, base_url))
    if screen.show_clock:
        items.append(_auto_item(screen, id="clock", kind="clock", title=_("Date and time"), duration=8))
    return items


def _news_items(screen: Screen, base_url: str) -> list[dict]:
    items = []
    for article in latest_articles(unit=screen.unit, limit=conf.news_items()):
        url = article.get_url()
        items.append(
            _auto_item(
                screen,
                id=f"news-{article.pk}",
                kind="news",
                title=article.title,
                text=getattr(article, "lead", "") or "",
                url=_absolute(base_url, url) if url else None,
                published_at=_iso(getattr(article, "published_at", None)),
            )
        )
    return items


def _bulletin_items(screen: Screen, now: datetime) -> list[dict]:
    bulletin = latest_bulletin(on=now.astimezone(screen.zone).date())
    if bulletin is None:
        return []
    headlines = bulletin_headlines(bulletin, limit=5)
    if not headlines:
        return []
    separator = " · " if screen.profile.is_led else "\n"
    return [
        _auto_item(
            screen,
            id=f"bulletin-{bulletin.pk}",
            kind="bulletin",
            title=_("Reform bulletin, %(date)s") % {"date": format_date(bulletin.date)},
            text=separator.join(headlines),
            lines=headlines,
            duration=15,
        )
    ]


def _poll_items(screen: Screen, base_url: str) -> list[dict]:
    poll = active_poll(unit=screen.unit)
    if poll is None:
        return []
    import segno

    vote_url = _absolute(base_url, poll_vote_path(poll))
    qr = segno.make(vote_url, error="m")
    return [
        _auto_item(
            screen,
            id=f"poll-{poll.pk}",
            kind="poll",
            title=poll.question,
            text=_("Scan the QR code or open %(url)s to vote.") % {"url": vote_url},
            url=vote_url,
            qr=qr.svg_data_uri(scale=8, border=2, dark="#000", light="#fff"),
            duration=15,
        )
    ]


def feed_item(feed: Feed, item_id: str) -> dict | None:
    for item in feed.data["items"]:
        if item["id"] == item_id:
            return item
    return None


def describe_now(feed: Feed | None) -> str:
    """A short line for the dashboard: what the screen is playing now."""
    if feed is None:
        return ""
    data = feed.data
    if data.get("emergency"):
        return _("EMERGENCY: %(title)s") % {"title": data["emergency"]["title"]}
    titles = [item["title"] for item in data["items"] if item["kind"] != "clock"]
    return " · ".join(titles[:3])
