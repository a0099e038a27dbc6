"""Who is asking (client IP behind trusted proxies, as a salted hash) and login brute-force limits.

Failed logins are counted in the shared cache per client-IP hash and per username hash, over a
fixed window. Past either limit, the login views answer 429 before checking the password. When the
cache is unreachable the counters read as fresh: the limit fails open rather than locking everyone
out or raising a 500.
"""

import math
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.shortcuts import render
from django.utils.crypto import salted_hmac

KEY_PREFIX = "loginlimit"
# URL names of the views that take a password: Wagtail's admin and front-end logins, Django's admin.
LOGIN_VIEW_NAMES = frozenset({"wagtailadmin_login", "wagtailcore_login", "admin:login"})


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or the address the Nth trusted proxy saw when
    TRUSTED_PROXY_COUNT = N > 0 (each proxy appends the previous hop to X-Forwarded-For)."""
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if count > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR", "")


def client_ip_hash(request, *, purpose: str = "client-ip") -> str:
    """A salted hash of the client IP: enough to count per address, without storing the address."""
    return salted_hmac(f"campaign_site.security.{purpose}", client_ip(request)).hexdigest()[:32]


@dataclass(frozen=True)
class LoginLimits:
    per_username: int
    per_ip: int
    window: int

    @classmethod
    def from_settings(cls) -> "LoginLimits":
        return cls(
            per_username=int(getattr(settings, "LOGIN_MAX_FAILURES_PER_USERNAME", 5)),
            per_ip=int(getattr(settings, "LOGIN_MAX_FAILURES_PER_IP", 20)),
            window=int(getattr(settings, "LOGIN_FAILURE_WINDOW_SECONDS", 900)),
        )


def _cache():
    return caches[getattr(settings, "LOGIN_RATE_LIMIT_CACHE", "default")]


def _username_key(username: str) -> str:
    digest = salted_hmac("campaign_site.security.login-username", (username or "").strip().casefold())
    return f"{KEY_PREFIX}:user:{digest.hexdigest()[:32]}"


def _ip_key(request) -> str:
    return f"{KEY_PREFIX}:ip:{client_ip_hash(request, purpose='login-ip')}"


def _limits_by_key(request, username: str) -> dict[str, int]:
    limits = LoginLimits.from_settings()
    return {_ip_key(request): limits.per_ip, _username_key(username): limits.per_username}


def login_blocked(request, username: str) -> bool:
    limits = _limits_by_key(request, username)
    counts = _cache().get_many(list(limits))
    return any(int(counts.get(key) or 0) >= limit for key, limit in limits.items())


def record_login_failure(request, username: str) -> None:
    cache = _cache()
    window = LoginLimits.from_settings().window
    for key in _limits_by_key(request, username):
        # add() starts the window; incr() keeps its expiry (atomic on Redis).
        cache.add(key, 0, window)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr: start again
            cache.set(key, 1, window)


def clear_login_failures(username: str) -> None:
    _cache().delete(_username_key(username))


def too_many_login_attempts(request):
    window = LoginLimits.from_settings().window
    minutes = max(1, math.ceil(window / 60))
    response = render(request, "429.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(window)
    return response
