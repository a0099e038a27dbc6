"""Put back what migrations create and a transactional test's flush removes.

pytest-django runs transactional tests last; each one ends with a flush that empties every table
(post_migrate then recreates content types and permissions, with new ids). Wagtail's data
migrations are not re-run, so the locale, the page tree's root and the root collection are gone
for the next transactional test. Fixtures call `ensure_wagtail_tree()` before building a site.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.sql import emit_post_migrate_signal
from wagtail.models import Collection, Locale, Page


def ensure_wagtail_tree() -> Page:
    """Return the page tree's root, recreating it (and its locale, content types, root collection)."""
    ContentType.objects.clear_cache()  # ids cached before an earlier flush are gone
    if not ContentType.objects.exists():
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Page.objects.filter(depth=1).exists():
        root = Page(title="Root", slug="root", locale=locale, content_type=ContentType.objects.get_for_model(Page))
        Page.add_root(instance=root)
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    return Page.get_first_root_node()
