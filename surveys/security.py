"""Who is voting, without knowing who: the voter cookie of polls and surveys, the rate limit.
Hashing and the cookie's rules are campaign_site.voters (shared with news ratings)."""

import re

from django.core.cache import cache
from django.utils import timezone

from campaign_site.voters import BadVoterCookie, VoterCookie, ip_hash, new_voter_key, voter_hash
from surveys import conf

__all__ = [
    "BadVoterCookie",
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


# The voter identity is the project's one (campaign_site.voters); polls and surveys share this cookie.
VOTER_COOKIE = VoterCookie(conf.VOTER_COOKIE, conf.VOTER_COOKIE_SALT, conf.voter_cookie_max_age)


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


def within_rate_limit(ip_digest: str) -> bool:
    """Count one attempt for this IP hash in the current window; False once over the limit.

    `cache.add` then `cache.incr` is atomic in every Django cache backend that shares state
    (Redis, Memcached) and per process in local memory.
    """
    if not ip_digest:
        return True
    window = conf.rate_window()
    bucket = int(timezone.now().timestamp()) // window
    key = f"surveys:rate:{ip_digest}:{bucket}"
    cache.add(key, 0, timeout=window + 5)
    try:
        attempts = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 5)
        attempts = 1
    return attempts <= conf.rate_limit()
