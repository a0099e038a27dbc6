"""Whether a message fits the panels it targets: the pure rule behind models.messages.check_text_fits.

A message is refused (never silently cut) when its title or text is longer than the smallest
targeted panel shows, or when an LED panel needs longer than the message's duration to scroll it
at a readable speed (screens/ticker.py says how long). One message per field names the profile
that refuses it: the strictest one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class PanelLimits:
    """What one targeted display profile allows; `needed_seconds` is its scroll time (0 if not LED)."""

    name: str
    max_title_chars: int
    max_text_chars: int
    needed_seconds: int = 0


def fit_errors(*, title: str, text: str, duration_seconds: int | None, panels: list[PanelLimits]) -> dict[str, str]:
    """{field: Vietnamese reason} for each field the targeted panels refuse; empty when it fits."""
    errors: dict[str, str] = {}
    strictest_title = min(panels, key=lambda panel: panel.max_title_chars, default=None)
    if strictest_title is not None and len(title) > strictest_title.max_title_chars:
        errors["title"] = _(
            "The title has %(length)d characters; the screen profile “%(profile)s” shows at most %(limit)d."
        ) % {"length": len(title), "profile": strictest_title.name, "limit": strictest_title.max_title_chars}
    strictest_text = min(panels, key=lambda panel: panel.max_text_chars, default=None)
    if strictest_text is not None and len(text) > strictest_text.max_text_chars:
        errors["text"] = _(
            "The text has %(length)d characters; the screen profile “%(profile)s” shows at most %(limit)d."
        ) % {"length": len(text), "profile": strictest_text.name, "limit": strictest_text.max_text_chars}
    slowest = max(panels, key=lambda panel: panel.needed_seconds, default=None)
    if duration_seconds and slowest is not None and slowest.needed_seconds > duration_seconds:
        errors["duration_seconds"] = _(
            "On the LED screen profile “%(profile)s” this message needs at least %(needed)d seconds to "
            "scroll at a readable speed; give it that long or shorten it."
        ) % {"profile": slowest.name, "needed": slowest.needed_seconds}
    return errors
