"""Who is voting, without knowing who: the voter cookie, the "voted" hint cookie, the vote rate limit
(campaign_site.counters.over_limit, with the surveys' numbers).
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


def count_vote_attempt(ip_digest: str) -> int | None:
    """Count one vote attempt for this IP hash (campaign_site.counters: atomic, on Redis or the
    database). None: within the limit; else the seconds until the window ends."""
    return counters.over_limit("surveys", ip_digest, limit=conf.rate_limit(), window=conf.rate_window())
