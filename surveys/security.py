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


def within_rate_limit(
    ip_digest: str, *, scope: str = "surveys", limit: int | None = None, window: int | None = None
) -> bool:
    """Count one attempt for this IP hash in the current window; False once over the limit.
    Other apps pass their own `scope`, `limit` and `window` (feedback: sends and code lookups).

    `cache.add` then `cache.incr` is atomic in every Django cache backend that shares state
    (Redis, Memcached) and per process in local memory.
    """
    if not ip_digest:
        return True
    window = window or conf.rate_window()
    limit = conf.rate_limit() if limit is None else limit
    bucket = int(timezone.now().timestamp()) // window
    key = f"{scope}:rate:{ip_digest}:{bucket}"
    cache.add(key, 0, timeout=window + 5)
    try:
        attempts = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 5)
        attempts = 1
    return attempts <= limit
