"""Screen tokens in one place: making, hashing, comparing, the length limit, reading them from a request.

Only a token's SHA-256 hash is stored; the plain token is shown once when (re)generated. A token
arrives as `Authorization: Bearer <token>`, or as `?token=` for simple controllers that cannot
send headers.
"""

import hashlib
import hmac
import secrets

MAX_TOKEN_LENGTH = 200  # longer is never one of ours: refused before hashing


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_matches(token_hash: str, token: str) -> bool:
    """Constant-time comparison of a presented token with a stored hash."""
    return hmac.compare_digest(token_hash, hash_token(token))


def request_token(request) -> str:
    """The token a request presents (bearer header first, then the query), or ""; a token
    longer than MAX_TOKEN_LENGTH reads as none."""
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    token = value.strip() if scheme.lower() == "bearer" and value.strip() else request.GET.get("token", "").strip()
    return "" if len(token) > MAX_TOKEN_LENGTH else token
