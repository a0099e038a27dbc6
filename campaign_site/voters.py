"""Anonymous voters: one identity for every way citizens give an opinion (news ratings, polls,
surveys). A browser carries a random voter key in a signed cookie; the database keeps only a salted
HMAC of it (and of the IP), so a ballot can be told apart from another without knowing who cast it.

The salt is VOTER_HASH_SALT (or, from earlier installs, SURVEYS_HASH_SALT); without either it is
derived from SECRET_KEY, the same way as before, so hashes stored earlier still match.
"""

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core import signing

from campaign_site import conf

MAX_KEY_LENGTH = 64


class BadVoterCookie(Exception):
    """The voter cookie was tampered with or has expired."""


def hash_salt() -> bytes:
    salt = conf.voter_hash_salt()
    if salt:
        return salt.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"surveys.hash-salt", hashlib.sha256).digest()


def keyed_hash(purpose: str, value: str) -> str:
    return hmac.new(hash_salt(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def voter_hash(voter_key: str) -> str:
    return keyed_hash("voter", voter_key)


def ip_hash(ip: str | None) -> str:
    return keyed_hash("ip", ip) if ip else ""


def new_voter_key() -> str:
    return secrets.token_urlsafe(18)


@dataclass(frozen=True)
class VoterCookie:
    """The signed cookie that carries a browser's voter key (its name, signing salt and lifetime)."""

    name: str
    salt: str
    max_age: Callable[[], int]

    def read(self, request) -> str | None:
        """The browser's voter key; None when it has none yet; BadVoterCookie when it is forged,
        expired or malformed."""
        if self.name not in request.COOKIES:
            return None
        try:
            value = request.get_signed_cookie(self.name, salt=self.salt, max_age=self.max_age())
        except (signing.BadSignature, KeyError) as error:  # SignatureExpired is a BadSignature
            raise BadVoterCookie from error
        if not value or len(value) > MAX_KEY_LENGTH:
            raise BadVoterCookie
        return value

    def set(self, response, voter_key: str, *, secure: bool = False) -> None:
        response.set_signed_cookie(
            self.name,
            voter_key,
            salt=self.salt,
            max_age=self.max_age(),
            httponly=True,
            samesite="Lax",
            secure=secure,
        )


# One cookie for every anonymous opinion (news ratings, polls, surveys, feedback): one identity per browser.
VOTER_COOKIE = VoterCookie(conf.VOTER_COOKIE_NAME, conf.VOTER_COOKIE_SALT, conf.voter_cookie_max_age)
