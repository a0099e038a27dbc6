"""Who is voting, without knowing who: salted hashes, the signed voter cookie, the rate limit."""

import hashlib
import hmac
import re
import secrets

from django.core import signing

from campaign_site import counters
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


def count_vote_attempt(ip_digest: str) -> int | None:
    """Count one vote attempt for this IP hash in its window (campaign_site/counters.py: atomic, on
    Redis or the database). None: within the limit; else the seconds until the window ends."""
    if not ip_digest:
        return None
    counted = counters.hit(f"surveys:rate:{ip_digest}", window=conf.rate_window())
    return counted.retry_after if counted.over(conf.rate_limit()) else None
