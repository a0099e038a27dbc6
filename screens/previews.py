"""A message as each display profile will show it: the profiles a message targets, their limits,
and the frame PNG (screens/frames.py) at the panel's own size, for the form and the approval queue.

The form's live counter and preview (static/screens/message_form.js) read `targeting_map`; the
server's check (models.messages.check_text_fits) stays the authority.
"""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count

from campaign_site.text import clean_line, nfc
from screens import permissions
from screens.frames import render_frame
from screens.models import DisplayProfile, MessageKind, ScreenMessage
from screens.models.messages import target_screens

MAX_PREVIEW_TITLE = 200  # the model's own limit
MAX_PREVIEW_TEXT = 2000  # well above any profile's; a preview never renders more
PREVIEW_CACHE_SECONDS = 600


@dataclass(frozen=True)
class TargetProfile:
    profile: DisplayProfile
    screens: int

    def counts(self, title: str, text: str) -> dict:
        p = self.profile
        return {
            "title": len(title),
            "text": len(text),
            "title_over": len(title) > p.max_title_chars,
            "text_over": len(text) > p.max_text_chars,
            "title_excess": max(0, len(title) - p.max_title_chars),
            "text_excess": max(0, len(text) - p.max_text_chars),
        }


def target_profiles(message: ScreenMessage) -> list[TargetProfile]:
    """The display profiles of the screens a message reaches, with how many screens each."""
    counts = dict(
        target_screens(message).values_list("profile").annotate(n=Count("pk")).order_by()  # one query
    )
    profiles = DisplayProfile.objects.filter(pk__in=counts).order_by("width_px", "height_px", "name")
    return [TargetProfile(profile, counts[profile.pk]) for profile in profiles]


def normalise(title: str, text: str) -> tuple[str, str]:
    """As the model stores them (so counts match the server's check)."""
    return clean_line(title or ""), nfc(text or "").strip()


def preview_png(*, profile: DisplayProfile, kind: str, title: str, text: str) -> bytes:
    """The frame a controller of this profile would get for this content (cached: typing repeats it)."""
    title, text = normalise(title[:MAX_PREVIEW_TITLE], text[:MAX_PREVIEW_TEXT])
    kind = kind if kind in MessageKind.values else MessageKind.ANNOUNCEMENT
    shape = (profile.width_px, profile.height_px, profile.is_led, profile.text_lines)
    key = "screens:preview:" + hashlib.sha256(repr((shape, kind, title, text)).encode()).hexdigest()
    png = cache.get(key)
    if png is None:
        item = {"kind": kind, "title": title, "text": text}
        png = render_frame(item=item, width=shape[0], height=shape[1], led=shape[2], lines=shape[3])
        cache.set(key, png, PREVIEW_CACHE_SECONDS)
    return png


def targeting_map(user) -> dict:
    """For the form's script: each display profile's limits, which profile each of the user's
    screens has, and which profiles a unit reaches (alone, or with every unit under it)."""
    screens = list(permissions.visible_screens(user).values("pk", "profile_id", "unit_id", "unit__path"))
    used = {s["profile_id"] for s in screens}
    profiles = {
        str(p.pk): {
            "name": p.name,
            "size": f"{p.width_px}×{p.height_px}",
            "title": p.max_title_chars,
            "text": p.max_text_chars,
            "led": p.is_led,
        }
        for p in DisplayProfile.objects.filter(pk__in=used)
    }

    def tally(rows) -> dict[str, int]:
        counts: dict[str, int] = {}
        for row in rows:
            counts[str(row["profile_id"])] = counts.get(str(row["profile_id"]), 0) + 1
        return counts

    units = {
        str(unit.pk): {
            "own": tally(s for s in screens if s["unit_id"] == unit.pk),
            "all": tally(s for s in screens if s["unit__path"].startswith(unit.path)),
        }
        for unit in permissions.targetable_units(user).only("pk", "path")
    }
    return {"profiles": profiles, "screens": {str(s["pk"]): str(s["profile_id"]) for s in screens}, "units": units}


def form_message(form) -> ScreenMessage:
    """The message a (possibly bound and invalid) form describes, for counting and previews."""
    instance = form.instance
    if not form.is_bound:
        return instance
    data = form.data

    def pk(name):
        value = data.get(name) or ""
        return int(value) if value.isdigit() and len(value) < 19 else None

    user = form.for_user
    screen_id, unit_id = pk("target_screen"), pk("target_unit")
    return ScreenMessage(
        title=data.get("title", ""),
        text=data.get("text", ""),
        kind=data.get("kind", MessageKind.ANNOUNCEMENT),
        target_screen=permissions.visible_screens(user).filter(pk=screen_id).first() if screen_id else None,
        target_unit=permissions.targetable_units(user).filter(pk=unit_id).first() if unit_id else None,
        include_subunits=bool(data.get("include_subunits")),
    )
