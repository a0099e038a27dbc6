"""The sitemap: Wagtail's, over the site's home page *and its translations* (the English tree under
/en/, which Wagtail's own sitemap leaves out, as it walks the site's root page only), each
translated page listing its other-language versions as `hreflang` alternates."""

from django.db.models import Count, Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class LocalisedSitemap(Sitemap):
    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        within = Q()
        for root in roots:
            within |= Q(path__startswith=root.path)
        return Page.objects.filter(within).live().public().order_by("path").defer_streamfields().specific()

    def _translated(self) -> dict:
        """{translation_key: [(language, full URL)]} of the live pages that exist in several languages
        (two queries, whatever the size of the site)."""
        keys = (
            Page.objects.live()
            .public()
            .values("translation_key")
            .annotate(versions=Count("id"))
            .filter(versions__gt=1)
            .values("translation_key")
        )
        found: dict = {}
        pages = Page.objects.live().public().filter(translation_key__in=keys).select_related("locale")
        for page in pages.defer_streamfields().specific():
            found.setdefault(page.translation_key, []).append(
                (page.locale.language_code, page.get_full_url(self.request))
            )
        return found

    def _urls(self, page, protocol, domain):
        translated = self._translated()
        urls, last_mods = [], set()
        for item in self.paginator.page(page).object_list.iterator():
            for url_info in item.get_sitemap_urls(self.request):
                versions = translated.get(item.translation_key)
                if versions:
                    url_info["alternates"] = [{"lang_code": code, "location": url} for code, url in versions]
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
