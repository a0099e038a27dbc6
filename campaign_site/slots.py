"""Places on shared pages that other apps fill, without the shared code importing them.

An app adds a module `<app>/slots.py` with `home_slots(request, page)` and/or
`sidebar_slots(request, page)`, each returning a list of `Slot`s. The home page renders its slots
in `order`; article pages render sidebar slots (the poll box, "Bình chọn").
"""

from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps

SLOT_APPS = ("news", "bulletins", "surveys", "plans", "screens")


@dataclass(frozen=True)
class Slot:
    order: int
    template: str
    context: dict = field(default_factory=dict)


def _collect(function_name: str, request, page) -> list[Slot]:
    slots: list[Slot] = []
    for label in SLOT_APPS:
        if not apps.is_installed(label):
            continue
        try:
            module = import_module(f"{label}.slots")
        except ModuleNotFoundError as error:
            if error.name != f"{label}.slots":
                raise
            continue
        provider = getattr(module, function_name, None)
        if provider is not None:
            slots.extend(provider(request, page) or [])
    return sorted(slots, key=lambda slot: slot.order)


def home_slots(request, page) -> list[Slot]:
    return _collect("home_slots", request, page)


def sidebar_slots(request, page) -> list[Slot]:
    return _collect("sidebar_slots", request, page)
