"""The 304 fast path for screen feed and emergency polls.

Thousands of screens poll `GET /screens/<id>/feed.json` with `If-None-Match`, and almost every poll
is answered 304. `FeedNotModifiedMiddleware` sits early in MIDDLEWARE (after the security, WhiteNoise
and CSP middleware, which still add their headers) and answers such a poll itself when everything it
needs is in the cache and all is well: a token that matches the screen's cached token hash (compared
in constant time), a screen that is not revoked, an ETag equal to the cached ETag of the current feed
generation, and a feed heartbeat written recently (so the view would write nothing either). The answer
is the view's own 304 (screens.conditional), finished by the same middleware code that finishes the
view's (locale, Content-Length, X-Frame-Options), so the headers are the same.

The emergency poll (`GET /screens/<id>/emergency.json`, every few seconds, so an emergency shows
within 10 s) takes the same path with its own cached ETag (selectors.emergency_poll_state); it writes
no heartbeat, so it never waits for one.

Everything else goes on to the view unchanged: no token or a wrong, revoked or other screen's token
(401/403 from the view), a stale or absent ETag (200), any cache miss, a heartbeat due, a request
with cookies (sessions, staff previews), other methods and paths.
"""

import re

from django.conf import settings
from django.utils.module_loading import import_string

from screens.conditional import etag_matches, not_modified
from screens.selectors import emergency_poll_state, poll_state
from screens.tokens import request_token, token_matches

FEED_PATH = re.compile(r"/screens/([0-9]{1,18})/(feed|emergency)\.json")
POLL_STATES = {"feed": poll_state, "emergency": emergency_poll_state}

# Middleware inside this one that add headers to the view's 304; the fast answer goes through their
# process_request/process_response too (the others leave a cookieless GET's 304 as it is).
FINISHERS = (
    "django.middleware.locale.LocaleMiddleware",
    "campaign_site.middleware.PathLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
)


class FeedNotModifiedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        mine = f"{__name__}.{type(self).__name__}"
        after = settings.MIDDLEWARE[settings.MIDDLEWARE.index(mine) + 1 :] if mine in settings.MIDDLEWARE else []
        # Outermost first, as they run on the way in.
        self.finishers = [import_string(path)(get_response) for path in after if path in FINISHERS]

    def __call__(self, request):
        meta = request.META
        if request.method == "GET" and meta.get("HTTP_IF_NONE_MATCH") and not meta.get("HTTP_COOKIE"):
            match = FEED_PATH.fullmatch(request.path_info)
            if match is not None:
                response = self.not_modified(request, int(match[1]), POLL_STATES[match[2]])
                if response is not None:
                    return response
        return self.get_response(request)

    def not_modified(self, request, screen_id: int, read_state=poll_state):
        """The view's 304, or None to let the view answer."""
        token = request_token(request)
        if not token:
            return None
        state = read_state(screen_id)
        if state is None or not state.heartbeat_throttled or state.auth.revoked:
            return None
        if not token_matches(state.auth.token_hash, token):
            return None
        if not etag_matches(request, state.etag):
            return None
        try:
            for finisher in self.finishers:
                if hasattr(finisher, "process_request") and finisher.process_request(request) is not None:
                    return None
        except Exception:  # e.g. a disallowed Host: the normal path answers it as usual
            return None
        response = not_modified(state.etag)
        for finisher in reversed(self.finishers):
            if hasattr(finisher, "process_response"):
                response = finisher.process_response(request, response)
        return response
