"""Actions on feeds, items and bulletins. Keyword-only arguments, one transaction each."""

from __future__ import annotations

import datetime as dt
import logging
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import requests
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from campaign_site.text import clean_line

from . import conf
from .fetching import FetchError, FetchResult, fetch, guarded_session
from .models import (
    BulletinIndexPage,
    BulletinItem,
    BulletinPage,
    FeedItem,
    FeedSource,
    ItemStatus,
    KeywordRule,
    bulletin_title,
)
from .parsing import Entry, FeedParseError, parse_feed
from .relevance import compile_rules, score_text

logger = logging.getLogger(__name__)

STORED_FIELDS = (
    "guid",
    "link",
    "title",
    "title_hash",
    "title_key",
    "content_hash",
    "summary_html",
    "summary_text",
    "author",
    "image_url",
    "published_at",
    "day",
    "updated_at",
    "score",
    "matched_keywords",
    "is_excluded",
    "suggested_section",
)


@dataclass
class IngestResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_duplicates: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def found(self) -> int:
        return self.created + self.updated + self.unchanged


# --- Ingesting --------------------------------------------------------------------------------
def _local_day(entry: Entry, now: dt.datetime) -> dt.date:
    return timezone.localtime(entry.published_at or now).date()


def _identity(entry: Entry) -> tuple[str, str]:
    if entry.guid:
        return ("guid", entry.guid)
    if entry.link:
        return ("link", entry.link)
    return ("title", entry.title_hash)


def _existing_items(source: FeedSource, entries: list[Entry]) -> dict[tuple[str, str], FeedItem]:
    """Every stored item of `source` that an entry may be, in one query, keyed like `_identity`."""
    guids = {e.guid for e in entries if e.guid}
    links = {e.link for e in entries if e.link}
    hashes = {e.title_hash for e in entries if not e.guid and not e.link}
    if not (guids or links or hashes):
        return {}
    condition = Q(guid__in=guids) | Q(link__in=links) | Q(guid="", link="", title_hash__in=hashes)
    found: dict[tuple[str, str], FeedItem] = {}
    for item in FeedItem.objects.filter(source=source).filter(condition):
        if item.guid:
            found[("guid", item.guid)] = item
        if item.link:
            found.setdefault(("link", item.link), item)
        if not item.guid and not item.link:
            found[("title", item.title_hash)] = item
    return found


def _match(entry: Entry, existing: dict[tuple[str, str], FeedItem]) -> FeedItem | None:
    """GUID first, then link (a row without GUID, or any row when the entry has none), then title."""
    if entry.guid:
        item = existing.get(("guid", entry.guid))
        if item is not None:
            return item
        item = existing.get(("link", entry.link)) if entry.link else None
        return item if item is not None and not item.guid else None
    if entry.link:
        return existing.get(("link", entry.link))
    return existing.get(("title", entry.title_hash))


def _score(rules, entry: Entry):
    return score_text(rules, title=entry.title, summary=entry.summary_text, folded_title=entry.folded_title)


def _apply(item: FeedItem, entry: Entry, *, now: dt.datetime, scored) -> None:
    if entry.guid:
        item.guid = entry.guid
    if entry.link:
        item.link = entry.link
    for name in ("title", "title_hash", "title_key", "content_hash", "summary_html", "summary_text", "author"):
        setattr(item, name, getattr(entry, name))
    item.image_url = entry.image_url
    item.published_at = entry.published_at
    item.day = _local_day(entry, item.fetched_at or now)
    item.updated_at = now
    item.score = scored.score
    item.matched_keywords = scored.matches
    item.is_excluded = scored.excluded
    item.suggested_section_id = scored.section_id or item.source.default_section_id


def _group_stories(items: list[FeedItem]) -> None:
    """Link new items to an earlier item with a near-identical folded title from another outlet."""
    items = [item for item in items if item.title_key]
    if not items:
        return
    window = dt.timedelta(days=conf.story_window_days())
    days = [item.day for item in items]
    keys = {item.title_key for item in items}
    prefixes = {_prefix(key) for key in keys}
    sources = {item.source_id for item in items}
    candidates = (
        FeedItem.objects.filter(day__gte=min(days) - window, day__lte=max(days) + window, story_lead__isnull=True)
        .exclude(pk__in=[item.pk for item in items])
        .filter(Q(title_key__in=keys) | _prefix_filter(prefixes))
        .values_list("pk", "source_id", "title_key")  # tuples: thousands of rows, no model instances
    )
    if len(sources) == 1:  # one outlet's ingest: its own stored items can never be the same story
        candidates = candidates.exclude(source_id__in=sources)
    # Titles are grouped only when they start with the same three words (that is what the query
    # fetched), so bucket the pool by that prefix: each item is compared with its own bucket only,
    # oldest first, and the first match (the story's lead) ends the search.
    by_prefix: dict[str, list[tuple[int, int, str, set[str]]]] = {}
    for pk, source_id, key in [*candidates, *((item.pk, item.source_id, item.title_key) for item in items)]:
        by_prefix.setdefault(_prefix(key), []).append((pk, source_id, key, set(key.split())))
    for bucket in by_prefix.values():
        bucket.sort()
    changed, lead_of = [], {}
    for item in sorted(items, key=lambda i: i.pk):
        words, best = set(item.title_key.split()), None
        for pk, source_id, key, other in by_prefix.get(_prefix(item.title_key), ()):
            if pk >= item.pk:
                break  # only an earlier item can be the same story
            if source_id != item.source_id and (key == item.title_key or _similar(words, other)):
                best = pk
                break
        if best is not None:
            item.story_lead_id = lead_of.get(best, best)
            lead_of[item.pk] = item.story_lead_id
            changed.append(item)
    if changed:
        FeedItem.objects.bulk_update(changed, ["story_lead"])


def _prefix(key: str) -> str:
    return " ".join(key.split()[:3])


def _prefix_filter(prefixes: set[str]) -> Q:
    condition = Q(pk__in=[])
    for prefix in prefixes:
        if prefix:
            condition |= Q(title_key__startswith=prefix)
    return condition


def _similar(a: set[str], b: set[str]) -> bool:
    """Jaccard similarity of the word sets ≥ 0.8 (which needs their sizes within 4:5 of each other)."""
    small, large = sorted((len(a), len(b)))
    if not small or small * 5 < large * 4:
        return False
    return len(a & b) * 5 >= len(a | b) * 4


def ingest_entries(source: FeedSource, entries: list[Entry]) -> IngestResult:
    """Store parsed entries of `source`: dedupe (GUID → link → title), create, update what changed."""
    result = IngestResult()
    now = timezone.now()
    unique: dict[tuple[str, str], Entry] = {}
    for entry in entries:
        key = _identity(entry)
        if key in unique:  # a feed that repeats a GUID: the first copy wins
            result.skipped_duplicates += 1
            continue
        unique[key] = entry
    if not unique:
        return result
    rules = compile_rules(KeywordRule.objects.only("phrase", "weight", "section_id", "is_exclude"))
    with transaction.atomic():
        existing = _existing_items(source, list(unique.values()))
        to_create, to_update, seen = [], [], set()
        for entry in unique.values():
            item = _match(entry, existing)
            if item is not None and item.pk in seen:
                result.skipped_duplicates += 1
                continue
            if item is not None:
                seen.add(item.pk)
                if item.content_hash == entry.content_hash:
                    result.unchanged += 1
                    continue
                item.source = source
                _apply(item, entry, now=now, scored=_score(rules, entry))
                to_update.append(item)
                continue
            item = FeedItem(source=source, fetched_at=now)
            _apply(item, entry, now=now, scored=_score(rules, entry))
            to_create.append(item)
        if to_update:
            FeedItem.objects.bulk_update(to_update, STORED_FIELDS)
            result.updated = len(to_update)
        created = _create_items(source, to_create, now=now, result=result)
        _group_stories(created)
    return result


def _create_items(source: FeedSource, items: list[FeedItem], *, now, result: IngestResult) -> list[FeedItem]:
    if not items:
        return []
    try:
        with transaction.atomic():
            created = FeedItem.objects.bulk_create(items)
        if any(item.pk is None for item in created):  # backends that return no ids
            keys = {item.content_hash for item in created}
            created = list(FeedItem.objects.filter(source=source, content_hash__in=keys))
        result.created += len(created)
        return created
    except IntegrityError:
        # Another runner stored some of these meanwhile: fall back to one at a time.
        pass
    created = []
    for item in items:
        try:
            with transaction.atomic():
                item.pk = None
                item.save(force_insert=True)
            created.append(item)
            result.created += 1
        except IntegrityError:
            key = (
                Q(guid=item.guid)
                if item.guid
                else Q(guid="", link=item.link)
                if item.link
                else Q(guid="", link="", title_hash=item.title_hash)
            )
            current = FeedItem.objects.filter(source=source).filter(key).first()
            if current is None or current.content_hash == item.content_hash:
                result.unchanged += 1
                continue
            item.pk, item.status, item.fetched_at = current.pk, current.status, current.fetched_at
            item.story_lead_id = current.story_lead_id
            FeedItem.objects.bulk_update([item], STORED_FIELDS)
            result.updated += 1
    return created


def ingest_feed_bytes(source: FeedSource, body: bytes, headers: dict | None = None) -> IngestResult:
    """Parse, normalise, deduplicate and store a feed body (no HTTP). Raises FeedParseError."""
    parsed = parse_feed(body, headers or {}, base_url=source.url)
    result = ingest_entries(source, parsed.entries)
    result.warnings = parsed.warnings
    return result


def rescore_items(*, since: dt.date | None = None) -> int:
    """Score items again after the keyword rules changed (default: the last week)."""
    since = since or timezone.localdate() - dt.timedelta(days=7)
    rules = compile_rules(KeywordRule.objects.only("phrase", "weight", "section_id", "is_exclude"))
    items = list(FeedItem.objects.filter(day__gte=since).select_related("source"))
    for item in items:
        scored = score_text(rules, title=item.title, summary=item.summary_text)
        item.score, item.matched_keywords, item.is_excluded = scored.score, scored.matches, scored.excluded
        item.suggested_section_id = scored.section_id or item.source.default_section_id
    with transaction.atomic():
        FeedItem.objects.bulk_update(
            items, ["score", "matched_keywords", "is_excluded", "suggested_section"], batch_size=500
        )
    return len(items)


# --- Fetching ---------------------------------------------------------------------------------
def backoff_seconds(failures: int, *, retry_after: int | None = None) -> int:
    """Exponential back-off, capped; a server's Retry-After is honoured (within the cap)."""
    delay = conf.backoff_base() * (2 ** max(0, failures - 1))
    if retry_after:
        delay = max(delay, retry_after)
    return int(min(delay, conf.backoff_max()))


def claim_source(source: FeedSource, *, now: dt.datetime | None = None) -> bool:
    """Take the fetch lease of `source` atomically; False when another runner holds it."""
    now = now or timezone.now()
    claimed = (
        FeedSource.objects.filter(pk=source.pk)
        .filter(Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now))
        .update(lease_expires_at=now + dt.timedelta(seconds=conf.lease_seconds()))
    )
    return claimed == 1


def claim_due_sources(*, now: dt.datetime | None = None, limit: int | None = None) -> list[FeedSource]:
    from .selectors import due_sources

    now = now or timezone.now()
    lease = now + dt.timedelta(seconds=conf.lease_seconds())
    due = due_sources(now=now).order_by("next_attempt_at")
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            sources = list(
                due.select_for_update(skip_locked=True)[:limit] if limit else due.select_for_update(skip_locked=True)
            )
            FeedSource.objects.filter(pk__in=[s.pk for s in sources]).update(lease_expires_at=lease)
        return sources
    sources = list(due[:limit] if limit else due)
    return [source for source in sources if claim_source(source, now=now)]


@dataclass
class FetchOutcome:
    source_id: int
    ok: bool
    status: int | None = None
    created: int = 0
    updated: int = 0
    message: str = ""


def _download(source: FeedSource, session: requests.Session | None = None) -> FetchResult | FetchError:
    try:
        return fetch(source.url, etag=source.etag, last_modified=source.last_modified, session=session)
    except FetchError as error:
        return error
    except Exception as error:  # never let one source break the round
        logger.exception("Unexpected error fetching %s", source.url)
        return FetchError(_("Unexpected error: %(error)s") % {"error": error.__class__.__name__})


def _record_failure(source: FeedSource, error: FetchError, *, now: dt.datetime) -> FetchOutcome:
    source.last_fetched_at = now
    source.last_status = error.status
    source.last_error = error.message[:2000]
    if error.status == 410:
        # Gone for good: stop asking, say so on the source.
        source.is_active = False
        source.last_error = _(
            "The outlet says this feed is gone (HTTP 410); the source was switched off on %(day)s."
        ) % {"day": timezone.localtime(now).strftime("%d/%m/%Y")}
        source.consecutive_failures += 1
    else:
        source.consecutive_failures += 1
        delay = backoff_seconds(source.consecutive_failures, retry_after=error.retry_after)
        source.next_attempt_at = now + dt.timedelta(seconds=delay)
    source.lease_expires_at = None
    _save_health(
        source,
        [
            "last_fetched_at",
            "last_status",
            "last_error",
            "is_active",
            "consecutive_failures",
            "next_attempt_at",
            "lease_expires_at",
        ],
    )
    return FetchOutcome(source_id=source.pk, ok=False, status=error.status, message=source.last_error)


def _save_health(source: FeedSource, fields: list[str]) -> None:
    """Write the fetcher's health fields with an UPDATE: no post_save, so no search-index task is
    queued for fields nobody searches (one per source per round otherwise)."""
    FeedSource.objects.filter(pk=source.pk).update(**{name: getattr(source, name) for name in fields})


def _record_result(source: FeedSource, result: FetchResult, *, now: dt.datetime) -> FetchOutcome:
    if result.not_modified:
        source.last_fetched_at = source.last_success_at = now
        source.last_status = 304
        source.consecutive_failures = 0
        source.last_error = ""
        source.next_attempt_at = now + dt.timedelta(minutes=source.fetch_interval)
        source.lease_expires_at = None
        _save_health(
            source,
            [
                "last_fetched_at",
                "last_success_at",
                "last_status",
                "consecutive_failures",
                "last_error",
                "next_attempt_at",
                "lease_expires_at",
            ],
        )
        return FetchOutcome(source_id=source.pk, ok=True, status=304)
    try:
        ingested = ingest_feed_bytes(source, result.body, result.headers)
    except FeedParseError as error:
        return _record_failure(source, FetchError(str(error), status=result.status), now=now)
    except Exception as error:
        logger.exception("Unexpected error ingesting %s", source.url)
        return _record_failure(
            source, FetchError(_("Unexpected error: %(error)s") % {"error": error.__class__.__name__}), now=now
        )
    source.last_fetched_at = source.last_success_at = now
    source.last_status = result.status
    source.etag, source.last_modified = result.etag, result.last_modified
    source.consecutive_failures = 0
    source.last_error = ""
    source.last_warning = " ".join(ingested.warnings)[:2000]
    source.items_found = ingested.found
    source.next_attempt_at = now + dt.timedelta(minutes=source.fetch_interval)
    source.lease_expires_at = None
    _save_health(
        source,
        [
            "last_fetched_at",
            "last_success_at",
            "last_status",
            "etag",
            "last_modified",
            "consecutive_failures",
            "last_error",
            "last_warning",
            "items_found",
            "next_attempt_at",
            "lease_expires_at",
        ],
    )
    return FetchOutcome(
        source_id=source.pk, ok=True, status=result.status, created=ingested.created, updated=ingested.updated
    )


def _finish(source: FeedSource, downloaded: FetchResult | FetchError) -> FetchOutcome:
    now = timezone.now()
    if isinstance(downloaded, FetchError):
        return _record_failure(source, downloaded, now=now)
    return _record_result(source, downloaded, now=now)


def fetch_source(source: FeedSource, *, force: bool = True) -> FetchOutcome | None:
    """Fetch and ingest one source now (due or not). None when another runner is fetching it."""
    if not claim_source(source):
        return None
    source.refresh_from_db()
    if not force and not source.is_active:
        return None
    return _finish(source, _download(source))


def fetch_due_sources(*, limit: int | None = None) -> list[FetchOutcome]:
    """One fetch round: claim every due source, download in parallel, ingest one by one.
    A failing source is recorded and backed off; it never stops the others."""
    sources = claim_due_sources(limit=limit)
    if not sources:
        return []
    outcomes = []
    workers = min(conf.fetch_workers(), len(sources))
    with guarded_session(pool_size=workers) as session:
        if workers == 1:
            downloads = (_download(source, session) for source in sources)
        else:
            pool = ThreadPoolExecutor(max_workers=workers)
            downloads = pool.map(lambda source: _download(source, session), sources)
        try:
            for source, downloaded in zip(sources, downloads, strict=True):
                try:
                    outcomes.append(_finish(source, downloaded))
                except Exception:
                    logger.exception("Could not record the fetch of %s", source.url)
                    FeedSource.objects.filter(pk=source.pk).update(lease_expires_at=None)
        finally:
            if workers > 1:
                pool.shutdown(wait=True)
    return outcomes


# --- OPML -------------------------------------------------------------------------------------
@dataclass
class OpmlImport:
    created: list[FeedSource] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


class OpmlError(ValueError):
    pass


def import_opml(*, data: bytes) -> OpmlImport:
    """Add a source for every feed outline (xmlUrl) not already known; nothing is written on error."""
    try:
        root = ET.fromstring(data)  # noqa: S314
    except ET.ParseError as error:
        raise OpmlError(_("The file is not valid OPML: %(error)s") % {"error": error}) from error
    if root.tag.lower() != "opml":
        raise OpmlError(_("The file is not an OPML document."))
    report = OpmlImport()
    known = set(FeedSource.objects.values_list("url", flat=True))
    with transaction.atomic():
        for outline in root.iter("outline"):
            url = clean_line(outline.get("xmlUrl") or outline.get("xmlurl") or "")
            if not url:
                continue
            if url in known:
                report.existing.append(url)
                continue
            if not url.lower().startswith(("http://", "https://")) or len(url) > 1000:
                report.skipped.append(url)
                continue
            name = clean_line(outline.get("title") or outline.get("text") or "") or url
            credit = clean_line(outline.get("credit") or "") or _credit_from_url(outline.get("htmlUrl") or url)
            source = FeedSource(url=url[:1000], name=name[:200], credit_label=credit[:80])
            try:
                source.full_clean(exclude=["default_section"])
            except ValidationError:
                report.skipped.append(url)
                continue
            source.save()
            known.add(url)
            report.created.append(source)
    return report


def _credit_from_url(url: str) -> str:
    """'https://kinhtedothi.vn/rss/…' → 'Kinhtedothi.vn' (the way the bulletin credits outlets)."""
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return host[:1].upper() + host[1:] if host else "?"


def export_opml(*, sources=None) -> bytes:
    sources = sources if sources is not None else FeedSource.objects.order_by("name")
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = "Nguồn tin báo chí – Bản tin cải cách hành chính"
    ET.SubElement(head, "dateCreated").text = timezone.now().strftime("%a, %d %b %Y %H:%M:%S +0000")
    body = ET.SubElement(root, "body")
    for source in sources:
        ET.SubElement(
            body,
            "outline",
            type="rss",
            text=source.name,
            title=source.name,
            xmlUrl=source.url,
            credit=source.credit_label,
        )
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


# --- Inbox and bulletins ----------------------------------------------------------------------
class BulletinError(ValueError):
    pass


def bulletin_index() -> BulletinIndexPage:
    index = BulletinIndexPage.objects.first()
    if index is None:
        raise BulletinError(_("There is no bulletin index page yet; create one in the page tree first."))
    return index


def _bulletin_item(item: FeedItem, sort_order: int) -> BulletinItem:
    published = item.published_at or item.fetched_at
    return BulletinItem(
        section_id=item.suggested_section_id or item.source.default_section_id,
        heading=item.title,
        summary=item.summary_text,
        credit=item.source.credit_label,
        original_date=timezone.localtime(published).date(),
        author=item.author,
        source_url=item.link,
        feed_item=item,
        sort_order=sort_order,
    )


def pick_items(*, items, on: dt.date, user=None) -> BulletinPage:
    """Put feed items into the bulletin of `on` (created as a draft if missing) as a new draft
    revision; items already in it are not added twice. Publishing goes through the workflow."""
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
            draft.items.add(_bulletin_item(item, next_order))
            present.add(item.pk)
            added.append(item.pk)
            next_order += 1
        draft.save_revision(user=user, log_action=True)
        FeedItem.objects.filter(pk__in=[item.pk for item in items]).update(status=ItemStatus.PICKED)
    return page


def dismiss_items(*, items) -> int:
    return FeedItem.objects.filter(pk__in=[item.pk for item in items]).update(status=ItemStatus.DISMISSED)


def restore_items(*, items) -> int:
    return FeedItem.objects.filter(pk__in=[item.pk for item in items]).update(status=ItemStatus.NEW)


def top_candidates(*, on: dt.date, limit: int | None = None) -> list[FeedItem]:
    """The best new items of `on` and the day before, one per story, relevant ones only."""
    limit = limit or conf.draft_limit()
    items = (
        FeedItem.objects.filter(day__in=[on, on - dt.timedelta(days=1)], status=ItemStatus.NEW, is_excluded=False)
        .filter(score__gt=0)
        .select_related("source")
        .order_by("-score", "-published_at", "pk")
    )
    chosen, stories = [], set()
    for item in items[: limit * 4]:
        story = item.story_lead_id or item.pk
        if story in stories:
            continue
        stories.add(story)
        chosen.append(item)
        if len(chosen) == limit:
            break
    return chosen


def draft_bulletin(*, on: dt.date | None = None, user=None, limit: int | None = None) -> tuple[BulletinPage, int]:
    """Draft (or add to) the bulletin of `on` from the top-scored items. Returns (page, items added)."""
    on = on or timezone.localdate()
    candidates = top_candidates(on=on, limit=limit)
    if not candidates and not BulletinPage.objects.filter(date=on).exists():
        raise BulletinError(
            _("No relevant new items for %(day)s; nothing to draft.") % {"day": on.strftime("%d/%m/%Y")}
        )
    page = pick_items(items=candidates, on=on, user=user)
    return page, len(candidates)
