"""Ops tests run against the machine's real services with committed data, which other processes
(gunicorn) and threads (other "workers") must see. Rather than transactional test cases (whose
flush empties the whole test database), they commit a small site of their own under its own host
name and delete it afterwards."""

import uuid

import pytest
from django.conf import settings
from wagtail.models import Page, Site

from campaign_site.models import SiteIdentity, StandardPage
from tests.wagtail_tree import ensure_wagtail_tree

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
HOSTNAME = "ops.test"

needs_postgres = pytest.mark.skipif(
    not ON_POSTGRES, reason="needs PostgreSQL: run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME"
)


@pytest.fixture
def committed_db(django_db_setup, django_db_blocker):
    """Database access in autocommit for the whole test (the test database, never the real one)."""
    with django_db_blocker.unblock():
        yield


def _tree_root() -> Page:
    return ensure_wagtail_tree()


@pytest.fixture
def committed_site(committed_db, settings):
    """make(port=80, pages=[(title, slug), ...]) -> the site's root page, at http://ops.test:<port>/."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOSTNAME]
    created: list[tuple[Site, int]] = []

    def make(*, port: int = 80, pages=(("Giới thiệu", "gioi-thieu"), ("Tin tức", "tin-tuc"))) -> Page:
        site_root = _tree_root().add_child(
            instance=StandardPage(title="Cải cách hành chính", slug=f"ops-{uuid.uuid4().hex[:8]}")
        )
        site_root.save_revision().publish()
        site = Site.objects.create(hostname=HOSTNAME, port=port, root_page=site_root, site_name="Ops")
        created.append((site, site_root.pk))
        SiteIdentity.for_site(site)
        for title, slug in pages:
            site_root.add_child(instance=StandardPage(title=title, slug=slug)).save_revision().publish()
        return site_root

    yield make
    for site, root_pk in created:
        site.delete()
        Page.objects.get(pk=root_pk).delete()
