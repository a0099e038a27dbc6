"""The one public address of the site, for every link that leaves the page.

Share links, the QR code, the canonical link, og:url, the sitemap, the feeds and robots.txt all
build absolute URLs here. PUBLIC_BASE_URL (e.g. https://cchc.hanoi.gov.vn) wins when set; otherwise
the request's own scheme and host, so a QR code scanned from the screen opens the page the reader
was on. Wagtail's Site records (hostname and port, 127.0.0.1:8000 in the demo data) are used only
when neither is known (a management command outside any request).
"""

from __future__ import annotations

from campaign_site import conf


def configured_base_url() -> str:
    return conf.public_base_url()


def public_base_url(request=None) -> str | None:
    """ "https://host" without a trailing slash, or None when neither the setting nor a request says."""
    configured = configured_base_url()
    if configured:
        return configured
    if request is not None:
        return f"{request.scheme}://{request.get_host()}"
    return None


def absolute_url(url: str, request=None) -> str:
    """`url` (a path, or an absolute URL of this site) made absolute on the public base URL."""
    base = public_base_url(request)
    if url.startswith(("http://", "https://")):
        if base is None:
            return url
        # An absolute URL built from a Site record: keep only its path.
        _scheme, _empty, _host, *rest = url.split("/", 3)
        url = "/" + (rest[0] if rest else "")
    if base is None:
        base = conf.admin_base_url()
    return base + url


class PublicUrlMixin:
    """Page mixin: the page's full URL (get_full_url, the sitemap's <loc>, frontend-cache purges)
    uses the public base URL instead of the Site record's hostname and port."""

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        if parts is None:
            return None
        site_id, root_url, page_path = parts
        base = public_base_url(request)
        if base is not None and _is_request_site(site_id, request):
            root_url = base
        return site_id, root_url, page_path


def _is_request_site(site_id, request) -> bool:
    """With several sites, a page of another site keeps that site's own address."""
    if request is None:
        return _single_site()
    from wagtail.models import Site

    site = Site.find_for_request(request)
    return site is None or site.pk == site_id


def _single_site() -> bool:
    from wagtail.models import Site

    return len(Site.get_site_root_paths()) <= 1
