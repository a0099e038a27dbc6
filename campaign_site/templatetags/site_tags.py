"""Tags for the public shell: the site identity, the cached header and footer, the main menu, and
the slots other apps fill.

The header (identity, text-size control, search form, main menu) and the footer (identity, contact,
social links) are the same on almost every page, so base.html keeps them in Django's cache with
`{% wagtailcache %}` (previews render live). `{% site_shell as shell %}` gives their keys, made of
everything they show:

- the site, and the *shell version*: a random token replaced (now and after the commit) whenever a
  site setting such as SiteIdentity or a Site is saved or deleted (campaign_site/signal_handlers.py);
- the main menu's entries themselves (cached by campaign_site/menu.py, dropped when a top-level page
  changes), which entries are marked `aria-current` for this page, and whether this is the home page;
- the language and SHELL_SCHEMA (bump it when the cached templates change shape).

The search box shows the visitor's query on the search page: base.html renders the header live there.
`shell.identity` holds the SiteIdentity's fields, cached under the same version (read live in
previews), so a warm page never queries the SiteIdentity row (the <title> needs the site name).
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils.functional import cached_property
from django.utils.translation import get_language
from wagtail.models import Site

from campaign_site.cache_tokens import CacheToken
from campaign_site.feed_links import site_feed_links
from campaign_site.menu import menu_root
from campaign_site.public_links import public_links
from campaign_site.slots import sidebar_slots as collect_sidebar_slots

register = template.Library()

SHELL_VERSION = CacheToken("site-shell:version")
IDENTITY_KEY = "site-shell:identity:{version}:{site_id}"
SHELL_SECONDS = 60 * 60
SHELL_SCHEMA = 3
_REQUEST_ATTR = "_campaign_site_shell"
_IDENTITY_SKIPPED = {"id", "site"}

shell_version = SHELL_VERSION.current
forget_shell = SHELL_VERSION.forget  # every cached header, footer and identity: now, and after the commit


def _read_identity(site) -> dict:
    from campaign_site.models import SiteIdentity

    identity = SiteIdentity.for_site(site)
    return {
        field.name: getattr(identity, field.name)
        for field in SiteIdentity._meta.concrete_fields
        if field.name not in _IDENTITY_SKIPPED
    }


def identity_values(site, version: str | None) -> dict:
    """The SiteIdentity of `site` as a dict of its fields (cached under `version`; None: read it)."""
    if version is None:
        return _read_identity(site)
    key = IDENTITY_KEY.format(version=version, site_id=site.pk)
    values = cache.get(key)
    if values is None:
        values = _read_identity(site)
        cache.set(key, values, SHELL_SECONDS)
    return values


class Shell:
    """What the shell of one request shows, each part read on first use only."""

    seconds = SHELL_SECONDS

    def __init__(self, request, page):
        self.request = request
        self.page = page

    @cached_property
    def site(self):
        return Site.find_for_request(self.request) if self.request is not None else None

    @cached_property
    def version(self) -> str:
        return shell_version()  # read before anything it covers, so a racing edit cannot be stored under it

    @cached_property
    def identity(self) -> dict | None:
        if self.site is None:
            return None
        preview = getattr(self.request, "is_preview", False)  # previews read nothing from the cache
        return identity_values(self.site, None if preview else self.version)

    @cached_property
    def public_links(self) -> list:
        return public_links(self.identity)

    @cached_property
    def feed_links(self) -> list:
        return site_feed_links(self.request)

    @cached_property
    def language(self) -> str:
        return get_language() or settings.LANGUAGE_CODE

    @cached_property
    def home_url(self) -> str:
        """The home page in the request's language: "/" for Vietnamese, "/en/" for English."""
        return "/" if self.language == settings.LANGUAGE_CODE else f"/{self.language}/"

    @cached_property
    def site_name(self) -> str:
        """The site's name (SiteIdentity, written in Vietnamese); on translated pages, the title of
        the home page in that language (its translation), so the English brand reads in English."""
        name = (self.identity or {}).get("site_name", "")
        if self.language == settings.LANGUAGE_CODE or self.site is None:
            return name
        return menu_root(self.site, self.language).get("title") or name

    @cached_property
    def menu(self) -> dict:
        site = self.site
        root = menu_root(site, self.language) if site else {"id": None, "url_path": "/", "items": []}
        items = root["items"]
        current_path = getattr(self.page, "url_path", "") or ""
        root_path = root["url_path"]
        # Menu links are relative to the site root in this language, as Wagtail's own page URLs are.
        entries = [
            (self.home_url + item["url_path"][len(root_path) :], item, current_path.startswith(item["url_path"]))
            for item in items
        ]
        is_home = bool(site and self.page is not None and getattr(self.page, "pk", None) == root["id"])
        return {"entries": entries, "is_home": is_home, "items": items, "home_url": self.home_url}

    def _key(self, *parts) -> str:
        site_id = self.site.pk if self.site is not None else ""
        return ":".join(str(part) for part in (SHELL_SCHEMA, self.version, site_id, get_language(), *parts))

    @cached_property
    def header_key(self) -> str:
        menu = self.menu
        current = [item["id"] for _url, item, active in menu["entries"] if active]
        return self._key(menu["is_home"], current, menu["items"], self.site_name)

    @cached_property
    def footer_key(self) -> str:
        return self._key(self.site_name)


def shell_for(context) -> Shell:
    request = context.get("request")
    page = context.get("page")
    if request is None:
        return Shell(None, page)
    shell = getattr(request, _REQUEST_ATTR, None)
    if shell is None or shell.page is not page:
        shell = Shell(request, page)
        setattr(request, _REQUEST_ATTR, shell)
    return shell


@register.simple_tag(takes_context=True)
def site_shell(context):
    """{% site_shell as shell %}: the shell's identity and the keys of its cached header and footer."""
    return shell_for(context)


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    menu = shell_for(context).menu
    return {"entries": menu["entries"], "is_home": menu["is_home"], "home_url": menu["home_url"]}


@register.simple_tag(takes_context=True)
def sidebar_slots(context):
    """{% sidebar_slots as slots %}: what other apps put beside an article (the poll box)."""
    return collect_sidebar_slots(context.get("request"), context.get("page"))


@register.filter(name="rewrite_html")
def rewrite_html_filter(value):
    """{% filter rewrite_html %}…{% endfilter %}: the registered HTML rewriters (legal references…)
    applied to rendered, escaped HTML; plain text is escaped first."""
    from django.utils.html import conditional_escape
    from django.utils.safestring import mark_safe

    from campaign_site.html_rewriters import rewrite_html

    return mark_safe(rewrite_html(str(conditional_escape(value))))  # noqa: S308 - escaped or trusted


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """{% language_alternates as alternates %}: this page in each language it exists in (hreflang,
    the language switcher); empty when there is only one. A view passes its own `alternates`."""
    from wagtail.models import Page

    from campaign_site.translations import alternates_for

    page = context.get("page")
    return alternates_for(
        context.get("request"), page if isinstance(page, Page) else None, context.get("language_alternates")
    )
