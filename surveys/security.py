"""Who is voting, without knowing who: salted hashes, the signed voter cookie, the rate limit."""

import hashlib
import hmac
import re
import secrets

from django.core import signing
from django.core.cache import cache
from django.utils import timezone

from surveys import conf

# A tag, a closing tag, a comment or a doctype: enough to refuse HTML without parsing it.
_HTML = re.compile(r"<\s*[a-zA-Z!/?]|&#?[a-zA-Z0-9]+;")


def _hmac(purpose: str, value: str) -> str:
    return hmac.new(conf.hash_salt(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def voter_hash(voter_key: str) -> str:
    return _hmac("voter", voter_key)


def ip_hash(ip: str | None) -> str:
    return _hmac("ip", ip) if ip else ""


def looks_like_html(text: str) -> bool:
    return bool(_HTML.search(text))


def new_voter_key() -> str:
    return secrets.token_urlsafe(18)


class BadVoterCookie(Exception):
    """The voter cookie was tampered with or has expired."""


def read_voter_key(request) -> str | None:
    """The browser's voter key from its signed cookie; None when it has none yet."""
    if conf.VOTER_COOKIE not in request.COOKIES:
        return None
    try:
        value = request.get_signed_cookie(
            conf.VOTER_COOKIE, salt=conf.VOTER_COOKIE_SALT, max_age=conf.voter_cookie_max_age()
        )
    except (signing.BadSignature, KeyError) as error:  # SignatureExpired is a BadSignature
        raise BadVoterCookie from error
    if not value or len(value) > 64:
        raise BadVoterCookie
    return value


def set_voter_cookie(response, voter_key: str, *, secure: bool = False) -> None:
    response.set_signed_cookie(
        conf.VOTER_COOKIE,
        voter_key,
        salt=conf.VOTER_COOKIE_SALT,
        max_age=conf.voter_cookie_max_age(),
        httponly=True,
        samesite="Lax",
        secure=secure,
    )


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
