"""Places on shared pages that other apps fill, without the shared code knowing those apps.

An app registers a provider in its own `wagtail_hooks.py`:

    @hooks.register(HOME_SLOTS_HOOK)
    def latest_news(request, page) -> list[Slot]: ...

The home page renders its slots in `order`; article pages render the sidebar slots (the poll box);
the contact page renders the contact slots (the organisation's units), in the request's language.

A slot whose HTML depends only on what its `cache_key` names (tokens replaced when the content
changes, the language, the host...) sets it, with lazy context values: the home page keeps the HTML
in Django's cache for `cache_seconds` with `{% wagtailcache %}` (previews render live), so a warm
home page runs none of the slot's queries.
"""

from dataclasses import dataclass, field

from wagtail import hooks

HOME_SLOTS_HOOK = "campaign_home_slots"
SIDEBAR_SLOTS_HOOK = "campaign_sidebar_slots"
CONTACT_SLOTS_HOOK = "campaign_contact_slots"


@dataclass(frozen=True)
class Slot:
    order: int
    template: str
    context: dict = field(default_factory=dict)
    cache_key: str = ""  # empty: rendered on every request
    cache_seconds: int = 60 * 60


def _collect(hook_name: str, request, page) -> list[Slot]:
    slots: list[Slot] = []
    for provider in hooks.get_hooks(hook_name):
        slots.extend(provider(request, page) or [])
    return sorted(slots, key=lambda slot: slot.order)


def home_slots(request, page) -> list[Slot]:
    return _collect(HOME_SLOTS_HOOK, request, page)


def sidebar_slots(request, page) -> list[Slot]:
    return _collect(SIDEBAR_SLOTS_HOOK, request, page)


def contact_slots(request, page) -> list[Slot]:
    return _collect(CONTACT_SLOTS_HOOK, request, page)
