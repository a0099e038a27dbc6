"""One declaration for the two things every app registers the same way: its role permissions
(ROLE_PERMISSIONS_HOOK, campaign_site.access.roles) and its demo loader (DEMO_LOADERS_HOOK,
campaign_site.demo_loaders). Called once from the app's own wagtail_hooks.py:

    from news.roles import ROLE_PERMISSIONS

    register_app(label="news", role_permissions=ROLE_PERMISSIONS, demo="news.demo.load", demo_order=10)

`demo` is the dotted path of the app's `load` function, declared by the app itself and imported
only when the demo is built (a demo's content is not read by a serving process).
"""

from django.utils.module_loading import import_string
from wagtail import hooks

from campaign_site.access.roles import ROLE_PERMISSIONS_HOOK
from campaign_site.demo_loaders import DEMO_LOADERS_HOOK, DemoLoader


def register_app(*, label: str, role_permissions: dict[str, list[str]], demo: str, demo_order: int) -> None:
    def load(**kwargs):
        return import_string(demo)(**kwargs)

    hooks.register(ROLE_PERMISSIONS_HOOK, lambda: role_permissions)
    hooks.register(DEMO_LOADERS_HOOK, lambda: DemoLoader(label=label, order=demo_order, load=load))
