"""Who is asking (client IP behind trusted proxies, as a salted hash) and login brute-force limits.

Password attempts are counted per client-IP hash and per username hash, each over its own fixed
window, by the atomic counters of campaign_site/counters.py (Redis, or the database while Redis is
absent or down: the limit holds either way). Past either limit, the login views answer 429, with the
seconds left in the window as Retry-After, before checking the password.
"""

import math
from dataclasses import dataclass

from django.shortcuts import render
from django.utils.crypto import salted_hmac

from campaign_site import conf, counters

KEY_PREFIX = "loginlimit"
# URL names of the views that take a password: Wagtail's admin and front-end logins, Django's admin.
LOGIN_VIEW_NAMES = frozenset({"wagtailadmin_login", "wagtailcore_login", "admin:login"})


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or the address the Nth trusted proxy saw when
    TRUSTED_PROXY_COUNT = N > 0 (each proxy appends the previous hop to X-Forwarded-For)."""
    count = conf.trusted_proxy_count()
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
            per_username=conf.login_max_failures_per_username(),
            per_ip=conf.login_max_failures_per_ip(),
            window=conf.login_failure_window(),
        )


def _username_key(username: str) -> str:
    digest = salted_hmac("campaign_site.security.login-username", (username or "").strip().casefold())
    return f"{KEY_PREFIX}:user:{digest.hexdigest()[:32]}"


def _ip_key(request) -> str:
    return f"{KEY_PREFIX}:ip:{client_ip_hash(request, purpose='login-ip')}"


def count_login_attempt(request, username: str) -> int | None:
    """Count this password attempt against its IP and its username before the password is checked.
    None: go ahead; else the seconds until the attempt may be made again (answer 429).

    Counting attempts rather than failures is what makes the limit exact under parallel requests:
    the count is taken atomically before any password is checked, so with a limit of 5 a burst of
    50 attempts lets exactly 5 through. A successful login gives its attempt back (`login_succeeded`).
    """
    limits = LoginLimits.from_settings()
    hits = [
        (counters.hit(_ip_key(request), window=limits.window), limits.per_ip),
        (counters.hit(_username_key(username), window=limits.window), limits.per_username),
    ]
    waits = [counted.retry_after for counted, limit in hits if counted.over(limit)]
    return max(waits) if waits else None


def login_succeeded(request, username: str) -> None:
    counters.reset(_username_key(username))
    if request is not None:
        counters.release(_ip_key(request))


def too_many_login_attempts(request, retry_after: int):
    minutes = max(1, math.ceil(retry_after / 60))
    response = render(request, "429.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(retry_after)
    return response
