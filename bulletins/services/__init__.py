"""Actions on feeds, items and bulletins, one module per job; keyword-only arguments, one
transaction each. The names below are the app's service API (callers write `services.fetch_source`).

- ingest: parsed entries into feed items (matching, scoring, story grouping), rescoring
- fetch_round: claiming due sources, downloading, health and backoff
- opml: sources in and out as OPML
- inbox: the editors' actions on items and the day's bulletin
"""

from bulletins.services.fetch_round import (
    FetchOutcome,
    backoff_seconds,
    claim_due_sources,
    claim_source,
    fetch_due_sources,
    fetch_source,
    make_sources_due,
)
from bulletins.services.inbox import (
    BulletinError,
    bulletin_index,
    cover_twins,
    dismiss_items,
    draft_bulletin,
    pick_items,
    restore_items,
)
from bulletins.services.ingest import IngestResult, ingest_entries, ingest_feed_bytes, rescore_items
from bulletins.services.opml import OpmlError, OpmlImport, export_opml, import_opml, plan_opml_import

__all__ = [
    "BulletinError",
    "FetchOutcome",
    "IngestResult",
    "OpmlError",
    "OpmlImport",
    "backoff_seconds",
    "bulletin_index",
    "claim_due_sources",
    "claim_source",
    "cover_twins",
    "dismiss_items",
    "draft_bulletin",
    "export_opml",
    "fetch_due_sources",
    "fetch_source",
    "import_opml",
    "ingest_entries",
    "ingest_feed_bytes",
    "make_sources_due",
    "pick_items",
    "plan_opml_import",
    "rescore_items",
    "restore_items",
]
