"""Conditional GET for the screen feed, shared by the view and the 304 fast path (screens.middleware),
so both compare ETags the same way and answer with the same headers."""

from django.http import HttpResponse

FEED_CACHE_CONTROL = "private, no-cache"


def etag_matches(request, etag: str) -> bool:
    header = request.headers.get("If-None-Match", "")
    if not header:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return "*" in tags or etag in tags


def feed_headers(etag: str) -> dict[str, str]:
    return {"ETag": etag, "Cache-Control": FEED_CACHE_CONTROL}


def not_modified(etag: str) -> HttpResponse:
    return HttpResponse(status=304, headers=feed_headers(etag))
