"""The demo's building steps, contributed by each app from its `wagtail_hooks.py`.

    @hooks.register(DEMO_LOADERS_HOOK)
    def news_demo() -> DemoLoader:
        return DemoLoader(label="news", order=10, load=demo.load)

`load(home=..., units=..., stdout=...)` builds the app's content idempotently and returns lines to
print after the logins. Loaders run in `order` (lower first); an app that needs another's content
declares a higher order than that app's loader.
"""

from collections.abc import Callable
from dataclasses import dataclass

from wagtail import hooks

DEMO_LOADERS_HOOK = "campaign_demo_loaders"


@dataclass(frozen=True)
class DemoLoader:
    label: str
    order: int
    load: Callable[..., list[str] | None]


def demo_loaders() -> list[DemoLoader]:
    return sorted((provide() for provide in hooks.get_hooks(DEMO_LOADERS_HOOK)), key=lambda loader: loader.order)
