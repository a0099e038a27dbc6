"""The endpoints screens call: feed (JSON, RSS), PNG frames, the player page and its reports.

Each one authenticates the screen's token (or, for a live preview in the admin, a staff session
allowed to see that screen), then hands over to a selector or a service.
"""

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from campaign_site import json_body
from campaign_site.text import WEEKDAYS
from screens import permissions, polling, selectors, services, ticker
from screens.auth import AuthResult, authenticate
from screens.conditional import etag_matches, feed_headers, not_modified
from screens.feeds import ScreenRssFeed
from screens.frames import render_frame
from screens.models import Screen

MAX_PLAYS_BODY = 256 * 1024
PLAYER_VERSION_HEADER = "X-Player-Version"


def _refusal(status: int) -> JsonResponse:
    detail = _("A valid screen token is required.") if status == 401 else _("This token may not read this screen.")
    response = JsonResponse({"detail": detail}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="screens"'
    response["Cache-Control"] = "no-store"
    return response


def _authorise(request, screen_id: int, gen: int) -> tuple[AuthResult, bool]:
    """(result, is_preview). Without a token, staff who may see the screen get a preview."""
    result = authenticate(request, screen_id, gen=gen)
    if result.status == 401 and request.GET.get("preview") and _staff_may_preview(request, screen_id):
        return AuthResult(200), True
    return result, False


def _staff_may_preview(request, screen_id: int) -> bool:
    user = request.user
    return permissions.has_any_role(user) and permissions.visible_screens(user).filter(pk=screen_id).exists()


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _heartbeat(request, result: AuthResult, **extra) -> None:
    if result.screen is not None:
        services.record_heartbeat(
            screen_id=result.screen.screen_id,
            poll_interval=result.screen.poll_interval,
            ip=request.META.get("REMOTE_ADDR"),
            **extra,
        )


@require_GET
def feed_json(request, screen_id: int):
    gen = selectors.generation()
    result, preview = _authorise(request, screen_id, gen)
    if result.status != 200:
        return _refusal(result.status)
    feed = selectors.cached_feed(screen_id, base_url=_base_url(request), gen=gen)
    if feed is None:
        raise Http404
    if not preview:
        _heartbeat(request, result, player_version=request.headers.get(PLAYER_VERSION_HEADER, ""))
    if etag_matches(request, feed.etag):
        return not_modified(feed.etag)
    return HttpResponse(feed.body, content_type="application/json; charset=utf-8", headers=feed_headers(feed.etag))


@require_GET
def emergency_json(request, screen_id: int):
    """The emergency a screen must show now, or none: polled every few seconds, answered 304 while
    it is unchanged (usually by screens.middleware, from the cache). No heartbeat: the feed writes it."""
    gen = selectors.generation()
    result, _preview = _authorise(request, screen_id, gen)
    if result.status != 200:
        return _refusal(result.status)
    state = selectors.cached_emergency(screen_id)
    if state is None:
        raise Http404
    if etag_matches(request, state.etag):
        return not_modified(state.etag)
    return HttpResponse(state.body, content_type="application/json; charset=utf-8", headers=feed_headers(state.etag))


@require_GET
def feed_rss(request, screen_id: int):
    gen = selectors.generation()
    result, _preview = _authorise(request, screen_id, gen)
    if result.status != 200:
        return _refusal(result.status)
    _heartbeat(request, result)
    response = ScreenRssFeed()(request, screen_id=screen_id)
    response["Cache-Control"] = "private, no-cache"
    return response


@require_GET
def frame_png(request, screen_id: int):
    gen = selectors.generation()
    result, _preview = _authorise(request, screen_id, gen)
    if result.status != 200:
        return _refusal(result.status)
    feed = selectors.cached_feed(screen_id, base_url=_base_url(request), gen=gen)
    item = selectors.feed_item(feed, request.GET.get("item", "")) if feed else None
    if item is None:
        raise Http404(_("No such item on this screen."))
    screen = Screen.objects.select_related("profile").get(pk=screen_id)
    profile = screen.profile
    png = render_frame(
        item=item,
        width=profile.width_px,
        height=profile.height_px,
        led=profile.is_led,
        lines=profile.text_lines,
        now=timezone.now().astimezone(screen.zone),
    )
    return HttpResponse(png, content_type="image/png", headers={"Cache-Control": "private, no-cache"})


@never_cache
@xframe_options_exempt
@require_GET
def player(request, screen_id: int):
    """The self-contained player page; the admin's live preview embeds it in an iframe."""
    gen = selectors.generation()
    result, preview = _authorise(request, screen_id, gen)
    if result.status != 200:
        return render(request, "screens/player_refused.html", {"status": result.status}, status=result.status)
    screen = Screen.objects.select_related("profile", "unit").get(pk=screen_id)
    feed = selectors.cached_feed(screen_id, base_url=_base_url(request), gen=gen)
    token = request.GET.get("token", "")
    query = "?preview=1" if preview else ""
    context = {
        "screen": screen,
        "profile": screen.profile,
        "preview": preview,
        "token": "" if preview else token,
        "feed_url": reverse("screens:feed_json", args=[screen_id]) + query,
        "emergency_url": reverse("screens:emergency_json", args=[screen_id]) + query,
        "plays_url": "" if preview else reverse("screens:plays", args=[screen_id]),
        "initial_feed": feed.data if feed else None,
        "initial_etag": feed.etag if feed else "",
        # Sunday first, as JavaScript's Date.getDay() counts.
        "weekdays": ",".join((WEEKDAYS[6], *WEEKDAYS[:6])),
        "polling": polling.player_settings(),
        "ticker": {"hold_start": ticker.HOLD_START, "hold_end": ticker.HOLD_END, "max_speed": ticker.MAX_SPEED_EM},
    }
    response = render(request, "screens/player.html", context)
    response["Referrer-Policy"] = "no-referrer"  # the token is in the URL
    return response


@csrf_exempt  # token-authenticated, no cookies involved
@require_POST
def plays(request, screen_id: int):
    result = authenticate(request, screen_id)
    if result.status != 200:
        return _refusal(result.status)
    try:
        data = json_body.parse(request.body, max_bytes=MAX_PLAYS_BODY)
    except json_body.BadJson as error:
        if error.status == 413:
            return JsonResponse({"detail": _("The report is too large.")}, status=413)
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("plays", []), list):
        return JsonResponse({"detail": _("The report is not valid JSON with a list of plays.")}, status=400)
    player_version, feed_version = data.get("player_version", ""), data.get("feed_version", "")
    _heartbeat(
        request,
        result,
        player_version=player_version if isinstance(player_version, str) else "",
        feed_version=feed_version if isinstance(feed_version, str) else "",
        source="player",
    )
    entries = data.get("plays", [])
    report = services.PlayReport()
    if entries:
        screen = Screen.objects.select_related("unit").get(pk=screen_id)
        report = services.record_plays(screen=screen, entries=entries)
    return JsonResponse({"accepted": report.accepted, "duplicates": report.duplicates, "rejected": report.rejected})
