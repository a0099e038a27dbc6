"""Each bulletin links to the previous and the next published bulletin (issue #14)."""

import datetime as dt
import re

import pytest

from bulletins.models import BulletinIndexPage, BulletinPage


@pytest.fixture
def bulletins(home):
    index = home.add_child(instance=BulletinIndexPage(title="Bản tin", slug="ban-tin"))
    index.save_revision().publish()
    pages = []
    for day, live in ((1, True), (2, False), (3, True), (4, True)):
        page = BulletinPage(title=f"Bản tin {day}", slug=f"2026-03-0{day}", date=dt.date(2026, 3, day), live=live)
        index.add_child(instance=page)
        revision = page.save_revision()
        if live:
            revision.publish()
        pages.append(BulletinPage.objects.get(pk=page.pk))
    return pages


def _pager(client, page) -> str:
    html = client.get(page.url).content.decode()
    match = re.search(r'<nav class="pager".*?</nav>', html, re.S)
    return match.group(0) if match else ""


def test_a_bulletin_links_its_published_neighbours_skipping_drafts(client, bulletins):
    first, draft, third, last = bulletins
    middle = _pager(client, third)
    assert f'href="{first.url}" rel="prev"' in middle  # the draft of 2/3 is skipped
    assert draft.url not in middle
    assert f'href="{last.url}" rel="next"' in middle
    assert 'rel="prev"' not in _pager(client, first)
    assert 'rel="next"' not in _pager(client, last)


def test_a_bulletin_announces_the_bulletins_feeds(client, bulletins):
    html = client.get(bulletins[0].url).content.decode()
    index = bulletins[0].get_parent()
    assert f'type="application/rss+xml" title="{index.title} (RSS)" href="{index.url}rss/"' in html
    assert f'type="application/atom+xml" title="{index.title} (Atom)" href="{index.url}atom/"' in html
