"""The home page's bulletin box is cached HTML (bulletins/slots.py) that every change reaches at once."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time

from bulletins.models import BulletinItem, BulletinPage, BulletinSection
from tests.bulletins.test_pages import make_bulletin

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - dt.timedelta(days=1)


def _box(client) -> str:
    """The bulletin box of the home page ("" when it shows none)."""
    html = client.get("/").content.decode()
    if "home-bulletin" not in html:
        return ""
    return html.split('<section class="card home-bulletin"', 1)[1].split("</section>", 1)[0]


def test_a_warm_home_page_reads_no_bulletin_rows(client, home, bulletin_index, sections):
    make_bulletin(bulletin_index, sections, day=YESTERDAY)
    first = _box(client)
    assert "Tây Hồ: Cần chia sẻ kinh nghiệm hay" in first
    with CaptureQueriesContext(connection) as warm:
        assert _box(client) == first
    assert not [query for query in warm.captured_queries if "bulletins_" in query["sql"]]


def test_publishing_unpublishing_and_editing_reach_the_box(client, home, bulletin_index, sections):
    older = make_bulletin(bulletin_index, sections, day=YESTERDAY - dt.timedelta(days=1))
    assert older.title in _box(client)
    newer = make_bulletin(
        bulletin_index, sections, day=YESTERDAY, items=[("local", "Tin mới nhất", "", dt.date(2024, 3, 21), "", "")]
    )
    box = _box(client)
    assert newer.title in box and "Tin mới nhất" in box
    newer.unpublish()
    assert older.title in _box(client)
    older = BulletinPage.objects.get(pk=older.pk)
    older.title = "Bản tin đã sửa"
    older.save_revision().publish()
    assert "Bản tin đã sửa" in _box(client)
    item = BulletinItem.objects.filter(page=older).order_by("sort_order").first()
    item.heading = "Tiêu đề đã sửa"
    item.save()  # an item saved on its own (not through a revision) reaches the box too
    assert "Tiêu đề đã sửa" in _box(client)
    BulletinPage.objects.get(pk=older.pk).delete()
    assert _box(client) == ""


def test_a_section_change_reorders_the_box(client, home, bulletin_index, sections):
    make_bulletin(bulletin_index, sections, day=YESTERDAY)
    box = _box(client)
    assert box.index("Tây Hồ") < box.index("Ngoại giao")  # "local" (10) before "field" (20)
    BulletinSection.objects.filter(pk=sections["local"].pk).update(sort_order=99)
    BulletinSection.objects.get(pk=sections["local"].pk).save()  # as the admin's edit form
    box = _box(client)
    assert box.index("Ngoại giao") < box.index("Tây Hồ")


def test_moving_the_index_changes_the_links(client, home, bulletin_index, sections):
    page = make_bulletin(bulletin_index, sections, day=YESTERDAY)
    assert f'href="{page.url}"' in _box(client)
    bulletin_index.slug = "ban-tin-moi"
    bulletin_index.save_revision().publish()
    assert 'href="/ban-tin-moi/' in _box(client)


def test_tomorrows_bulletin_appears_at_midnight(client, home, bulletin_index, sections):
    today = timezone.localdate()
    make_bulletin(bulletin_index, sections, day=today)
    tomorrow = make_bulletin(bulletin_index, sections, day=today + dt.timedelta(days=1))
    assert tomorrow.title not in _box(client)
    with freeze_time(timezone.now() + dt.timedelta(days=1)):
        assert tomorrow.title in _box(client)
