"""Who is voting, without knowing who: the voter cookie, the "voted" hint cookie, the rate limit.
Hashing and the one voter cookie are campaign_site.voters (shared with news ratings and feedback)."""

import re

from campaign_site import counters
from campaign_site.voters import VOTER_COOKIE, BadVoterCookie, ip_hash, new_voter_key, voter_hash
from surveys import conf

__all__ = [
    "VOTER_COOKIE",
    "BadVoterCookie",
    "count_vote_attempt",
    "ip_hash",
    "looks_like_html",
    "new_voter_key",
    "read_voter_key",
    "set_voter_cookie",
    "voter_hash",
    "within_rate_limit",
]

# A tag, a closing tag, a comment or a doctype: enough to refuse HTML without parsing it.
_HTML = re.compile(r"<\s*[a-zA-Z!/?]|&#?[a-zA-Z0-9]+;")


def looks_like_html(text: str) -> bool:
    return bool(_HTML.search(text))


def read_voter_key(request) -> str | None:
    """The browser's voter key from its signed cookie; None when it has none yet."""
    return VOTER_COOKIE.read(request)


def set_voter_cookie(response, voter_key: str, *, secure: bool = False) -> None:
    VOTER_COOKIE.set(response, voter_key, secure=secure)


def voted_poll_ids(request) -> list[int]:
    """The polls this browser says it voted in (a hint only: the ballot table has the last word)."""
    raw = request.COOKIES.get(conf.VOTED_COOKIE, "")
    return [int(part) for part in raw.split(".")[: conf.VOTED_COOKIE_POLLS] if part.isdigit() and len(part) < 10]


def remember_vote(request, response, poll_id: int) -> None:
    ids = [poll_id] + [pk for pk in voted_poll_ids(request) if pk != poll_id]
    response.set_cookie(
        conf.VOTED_COOKIE,
        ".".join(str(pk) for pk in ids[: conf.VOTED_COOKIE_POLLS]),
        max_age=conf.VOTED_COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def within_rate_limit(
    ip_digest: str, *, scope: str = "surveys", limit: int | None = None, window: int | None = None
) -> bool:
    """Count one attempt for this IP hash in its window; False once over the limit. Other apps pass
    their own `scope`, `limit` and `window` (feedback: sends and code lookups). Atomic on Redis or
    the database (campaign_site/counters.py), so parallel requests cannot beat it."""
    if not ip_digest:
        return True
    window = window or conf.rate_window()
    limit = conf.rate_limit() if limit is None else limit
    return not counters.hit(f"{scope}:rate:{ip_digest}", window=window).over(limit)


def count_vote_attempt(ip_digest: str) -> int | None:
    """Count one vote attempt for this IP hash in its window (campaign_site/counters.py: atomic, on
    Redis or the database). None: within the limit; else the seconds until the window ends."""
    if not ip_digest:
        return None
    counted = counters.hit(f"surveys:rate:{ip_digest}", window=conf.rate_window())
    return counted.retry_after if counted.over(conf.rate_limit()) else None
