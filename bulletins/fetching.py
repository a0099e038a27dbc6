"""Our own HTTP client for feeds: streamed, capped, timed out, redirects checked hop by hop,
conditional GET, and a guard against fetching private addresses (SSRF).

The guard works twice: `check_url` refuses a host whose name resolves to a private address before
any connection, and the session's connections check the address they actually connected to, so a
name that resolves to a public address first and a private one a moment later (DNS rebinding) is
refused too, before a byte of the request is sent."""

from __future__ import annotations

import email.utils
import ipaddress
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests
from django.utils.translation import gettext as _
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NameResolutionError

from . import conf
from .failures import FailureKind

REDIRECT_STATUSES = {301, 302, 303, 307, 308}
CHUNK = 64 * 1024


class FetchError(Exception):
    """A failed fetch: its kind (FailureKind, for the short reason an officer reads), the technical
    detail, the HTTP status if any, and the server's Retry-After in seconds if it sent one."""

    def __init__(
        self,
        message: str,
        *,
        kind: str = FailureKind.UNEXPECTED,
        status: int | None = None,
        retry_after: int | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.status = status
        self.retry_after = retry_after

    @property
    def reason(self) -> str:
        from .failures import failure_reason

        return failure_reason(self.kind, self.status)


@dataclass
class FetchResult:
    status: int
    url: str
    body: bytes = b""
    headers: dict = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str:
        return self.headers.get("etag", "")[:255]

    @property
    def last_modified(self) -> str:
        return self.headers.get("last-modified", "")[:64]


def parse_retry_after(value: str | None) -> int | None:
    """Seconds from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return int(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0, int(when.timestamp() - time.time()))


def _forbidden_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def check_url(url: str) -> None:
    """Refuse what a feed URL must never be: another scheme, or (outside dev/tests) a host that
    resolves to a private, loopback, link-local, multicast or reserved address."""
    try:
        parts = urlsplit(url)
        port = parts.port  # raises for a port that is not a number from 0 to 65535
    except ValueError as error:
        raise FetchError(_("The feed address is not a valid URL."), kind=FailureKind.BAD_URL) from error
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise FetchError(_("Only http and https feed addresses are allowed."), kind=FailureKind.BAD_URL)
    if conf.allow_private_addresses():
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(
            _("The host name %(host)s could not be resolved.") % {"host": parts.hostname}, kind=FailureKind.DNS
        ) from error
    for info in infos:
        if _forbidden_address(info[4][0]):
            raise FetchError(
                _("The host %(host)s points to a private or reserved address; it is not fetched.")
                % {"host": parts.hostname},
                kind=FailureKind.PRIVATE,
            )


class ForbiddenAddress(OSError):
    """The connection reached a private or reserved address."""


def _check_peer(sock: socket.socket) -> None:
    if conf.allow_private_addresses():
        return
    address = sock.getpeername()[0]
    if _forbidden_address(address):
        sock.close()
        raise ForbiddenAddress(address)


class _GuardedHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _check_peer(sock)
        return sock


class _GuardedHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _check_peer(sock)  # before the TLS handshake and the request
        return sock


class _GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


class GuardedAdapter(HTTPAdapter):
    """requests' adapter with connections that refuse private peers (direct connections; through a
    configured proxy only `check_url` applies)."""

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _GuardedHTTPPool, "https": _GuardedHTTPSPool}


def guarded_session(*, pool_size: int = 10) -> requests.Session:
    session = requests.Session()
    adapter = GuardedAdapter(pool_connections=pool_size, pool_maxsize=pool_size)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _wrapped(error: BaseException, kinds) -> BaseException | None:
    """The first exception of `kinds` that urllib3 and requests wrapped in `error` (in causes,
    contexts, args, reasons)."""
    pending, seen = [error], set()
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, kinds):
            return current
        linked = [current.__cause__, current.__context__, getattr(current, "reason", None), *current.args]
        pending.extend(item for item in linked if isinstance(item, BaseException))
    return None


def _forbidden_in(error: BaseException) -> ForbiddenAddress | None:
    return _wrapped(error, ForbiddenAddress)


def connection_failure(error: requests.exceptions.RequestException, *, url: str) -> FetchError:
    """A failed request as a FetchError whose kind comes from the exception types, not their text."""
    host = urlsplit(url).hostname or url
    detail = f"{error.__class__.__name__}: {error}"
    if _forbidden_in(error):
        message = _("The host %(host)s points to a private or reserved address; it is not fetched.") % {"host": host}
        return FetchError(message, kind=FailureKind.PRIVATE)
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return FetchError(
            _("The server did not accept the connection in time.") + f" ({host})", kind=FailureKind.TIMEOUT
        )
    if isinstance(error, requests.exceptions.Timeout):
        return FetchError(_("The server did not answer in time.") + f" ({host})", kind=FailureKind.TIMEOUT)
    if isinstance(error, requests.exceptions.SSLError):
        return FetchError(
            _("The secure (HTTPS) connection failed: %(error)s") % {"error": detail}, kind=FailureKind.TLS
        )
    if _wrapped(error, (NameResolutionError, socket.gaierror)):
        message = _("The host name %(host)s could not be resolved.") % {"host": host}
        return FetchError(f"{message} {detail}", kind=FailureKind.DNS)
    if isinstance(
        error, requests.exceptions.InvalidURL | requests.exceptions.InvalidSchema | requests.exceptions.MissingSchema
    ):
        return FetchError(_("The feed address is not a valid URL.") + f" {detail}", kind=FailureKind.BAD_URL)
    if isinstance(error, requests.exceptions.ConnectionError):
        return FetchError(
            _("The server could not be reached: %(error)s") % {"error": detail}, kind=FailureKind.UNREACHABLE
        )
    return FetchError(_("The download broke off: %(error)s") % {"error": detail}, kind=FailureKind.BROKEN)


def _read_capped(response: requests.Response, limit: int, deadline: float) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(
            _("The feed is larger than the %(limit)s byte limit.") % {"limit": limit},
            kind=FailureKind.TOO_LARGE,
            status=response.status_code,
        )
    chunks, size = [], 0
    for chunk in response.iter_content(CHUNK):
        size += len(chunk)
        if size > limit:
            raise FetchError(
                _("The feed is larger than the %(limit)s byte limit.") % {"limit": limit},
                kind=FailureKind.TOO_LARGE,
                status=response.status_code,
            )
        if time.monotonic() > deadline:
            raise FetchError(
                _("The server sent the feed too slowly; download stopped."),
                kind=FailureKind.TIMEOUT,
                status=response.status_code,
            )
        chunks.append(chunk)
    return b"".join(chunks)


def fetch(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    session: requests.Session | None = None,
    in_request: bool = False,
) -> FetchResult:
    """GET a feed. Returns a 200 result with the body, or a 304 result; raises FetchError otherwise.
    `in_request`: an officer is waiting, so the whole fetch fits FEEDS_REQUEST_TIMEOUT."""
    session = session or guarded_session()
    headers = {
        "User-Agent": conf.user_agent(),
        "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1",
        "Accept-Encoding": "gzip, deflate",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    total, timeouts = conf.total_timeout(), conf.timeout()
    if in_request:
        total = min(total, conf.request_timeout())
        timeouts = tuple(min(value, total) for value in timeouts)
    deadline = time.monotonic() + total
    seen: set[str] = set()
    current = url
    for _hop in range(conf.max_redirects() + 1):
        check_url(current)
        seen.add(current)
        try:
            response = session.get(current, headers=headers, stream=True, timeout=timeouts, allow_redirects=False)
        except requests.exceptions.RequestException as error:
            raise connection_failure(error, url=current) from error
        except ValueError as error:  # requests reads a redirect's Location even when not following it ("//[x")
            raise FetchError(
                _("The server redirected to an address that is not a valid URL."), kind=FailureKind.REDIRECT
            ) from error
        with response:
            status = response.status_code
            if status in REDIRECT_STATUSES:
                location = response.headers.get("location")
                if not location:
                    raise FetchError(
                        _("The server redirected without saying where."), kind=FailureKind.REDIRECT, status=status
                    )
                current = urljoin(current, location)
                if current in seen:
                    raise FetchError(_("The feed redirects in a loop."), kind=FailureKind.REDIRECT, status=status)
                continue
            response_headers = {key.lower(): value for key, value in response.headers.items()}
            if status == 304:
                return FetchResult(status=304, url=current, headers=response_headers)
            if status != 200:
                raise FetchError(
                    _("The server answered with HTTP status %(status)s (%(phrase)s).")
                    % {"status": status, "phrase": response.reason or "?"},
                    kind=FailureKind.HTTP,
                    status=status,
                    retry_after=parse_retry_after(response.headers.get("retry-after")),
                )
            try:
                body = _read_capped(response, conf.max_bytes(), deadline)
            except requests.exceptions.RequestException as error:
                raise FetchError(
                    _("The download broke off: %(error)s") % {"error": f"{error.__class__.__name__}: {error}"},
                    kind=FailureKind.TIMEOUT if isinstance(error, requests.exceptions.Timeout) else FailureKind.BROKEN,
                    status=status,
                ) from error
            return FetchResult(status=status, url=current, body=body, headers=response_headers)
    raise FetchError(
        _("The feed redirects more than %(count)s times.") % {"count": conf.max_redirects()},
        kind=FailureKind.REDIRECT,
    )
