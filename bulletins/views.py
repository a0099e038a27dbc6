"""Public views outside the page tree: the demo feeds this site serves to itself."""

import hashlib
import re
from pathlib import Path

from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.views.decorators.http import require_GET

from .demo_feeds import render_demo_feed

DEMO_FEEDS = Path(__file__).resolve().parent / "demo_feeds"
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,60}$")


@require_GET
def demo_feed(request, name: str):
    """Serve bulletins/demo_feeds/<name>.xml (and nothing else), dated relative to today."""
    if not _NAME.match(name):
        raise Http404
    path = DEMO_FEEDS / f"{name}.xml"
    if not path.is_file() or path.resolve().parent != DEMO_FEEDS:
        raise Http404
    body = render_demo_feed(path.read_bytes(), today=timezone.localdate())
    etag = '"' + hashlib.sha1(body, usedforsecurity=False).hexdigest() + '"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/rss+xml; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "max-age=300"
    return response
