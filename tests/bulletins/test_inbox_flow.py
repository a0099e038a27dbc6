"""The inbox's jobs: "Lấy tin ngay" followed to its end (on the database task backend, as `make run`
has it), the worker check, covered twins, drafting one item per story, previews, bulk actions by
the current filter."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from bulletins import services
from bulletins.models import BulletinPage, FeedItem, FeedSource, ItemStatus
from campaign_site.models import JobRun
from campaign_site.workers import worker_state

pytestmark = pytest.mark.django_db

NO_WORKER = "Không có tiến trình nền nào đang chạy"


def rss(*titles: str, day: dt.date, prefix: str = "g") -> bytes:
    stamp = f"{day:%d/%m/%Y} 08:00"
    items = "".join(
        f"<item><title>{t}</title><guid>{prefix}{n}</guid><link>https://bao.vn/{prefix}{n}.html</link>"
        f"<description>Tóm tắt tin {n}.</description><author>Tác giả {n}</author><pubDate>{stamp}</pubDate></item>"
        for n, t in enumerate(titles)
    )
    return f'<rss version="2.0"><channel><title>Báo</title>{items}</channel></rss>'.encode()


@pytest.fixture
def officer_client(client, officer, bulletin_index):
    client.force_login(officer)
    return client


@pytest.fixture
def database_tasks(settings):
    """Tasks wait in the database for a worker, as under `make run` (the suite runs them at once)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    JobRun.objects.all().delete()  # what the fixtures' tasks (run at once) recorded: no worker yet
    return settings


def run_worker_once(monkeypatch):
    """django-tasks' own worker, in this process and inside the test's transaction. Between tasks it
    closes connections that are not in autocommit, which inside a test transaction on PostgreSQL
    is the test's own connection: that clean-up is left out here (tests/bulletins/test_db_worker.py
    runs the worker as a real process)."""
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)


# --- "Lấy tin ngay" and the worker ---------------------------------------------------------------


def test_fetch_now_is_followed_until_the_new_items_show(
    officer_client, database_tasks, feed_server, make_source, monkeypatch
):
    source = make_source(feed_server.serve_file("/feed.xml", "good_rss.xml"))
    # Not due for hours: "Lấy tin ngay" fetches it all the same.
    FeedSource.objects.filter(pk=source.pk).update(next_attempt_at=timezone.now() + dt.timedelta(hours=3))
    response = officer_client.post(reverse("bulletins_fetch_now"))
    assert response.status_code == 302 and "?task=" in response["Location"]
    inbox_url = response["Location"]
    task_id = inbox_url.split("task=")[1]

    html = officer_client.get(inbox_url).content.decode()
    assert NO_WORKER in html and "run_worker" in html  # no worker has ever finished a task
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html  # works without JavaScript
    assert "READY" not in html
    status_url = reverse("bulletins_task_status", args=[task_id])
    data = officer_client.get(status_url).json()
    assert data["state"] == "waiting" and not data["finished"] and data["worker_missing"]
    assert NO_WORKER in data["text"]

    JobRun.objects.create(name="campaign_site.publish_scheduled", last_finished_at=timezone.now())
    data = officer_client.get(status_url).json()
    assert not data["worker_missing"] and data["text"] == "Đang chờ tiến trình nền bắt đầu lấy tin…"

    run_worker_once(monkeypatch)
    data = officer_client.get(status_url).json()
    assert data["finished"] and data["state"] == "done"
    assert data["text"] == "Đã lấy tin từ 1 nguồn: 2 tin mới, 0 nguồn lỗi."
    assert FeedItem.objects.filter(source=source).count() == 2

    response = officer_client.get(inbox_url)
    assert response.status_code == 302 and "task=" not in response["Location"]  # said once, then the plain inbox
    html = officer_client.get(response["Location"]).content.decode()
    assert "Đã lấy tin từ 1 nguồn: 2 tin mới, 0 nguồn lỗi." in html
    assert "noscript><meta" not in html


def test_inbox_says_when_no_worker_runs(officer_client, database_tasks):
    assert NO_WORKER in officer_client.get(reverse("bulletins_inbox")).content.decode()
    long_ago = timezone.now() - dt.timedelta(hours=2)
    JobRun.objects.create(name="bulletins.fetch_feeds", last_finished_at=long_ago)
    html = officer_client.get(reverse("bulletins_inbox")).content.decode()
    local = timezone.localtime(long_ago)
    assert f"từ {local:%H:%M} {local.day}/{local.month}/{local.year}" in html
    JobRun.objects.filter(name="bulletins.fetch_feeds").update(last_finished_at=timezone.now())
    assert NO_WORKER not in officer_client.get(reverse("bulletins_inbox")).content.decode()


def test_a_task_running_now_counts_as_a_worker(database_tasks):
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from bulletins.tasks import fetch_due_sources_task

    assert not worker_state().alive
    result = fetch_due_sources_task.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(status=TaskResultStatus.RUNNING, started_at=timezone.now())
    assert worker_state().alive
    # A crashed worker's row left RUNNING for an hour proves nothing.
    DBTaskResult.objects.filter(pk=result.id).update(started_at=timezone.now() - dt.timedelta(hours=1))
    assert not worker_state().alive


def test_tasks_run_in_the_request_need_no_worker(officer_client):
    assert not worker_state().needed and worker_state().alive
    assert NO_WORKER not in officer_client.get(reverse("bulletins_inbox")).content.decode()


@pytest.mark.parametrize("task_id", ["khong-co", "00000000-0000-0000-0000-000000000000"])
def test_unknown_tasks_are_a_readable_404(officer_client, database_tasks, task_id):
    response = officer_client.get(reverse("bulletins_task_status", args=[task_id]))
    assert response.status_code == 404 and response.json()["text"] == "Không tìm thấy lượt lấy tin này."
    assert officer_client.get(reverse("bulletins_inbox"), {"task": task_id}).status_code == 200


# --- Twins, drafting, previews -------------------------------------------------------------------

STORY = "Tây Hồ đẩy mạnh cải cách hành chính và chuyển đổi số"


@pytest.fixture
def twins(make_source, rules):
    today = timezone.localdate()
    first = make_source(name="Kinh tế & Đô thị", credit_label="Kinhtedothi.vn")
    second = make_source(name="Hà Nội Mới", credit_label="Hanoimoi.com.vn")
    third = make_source(name="Báo Gia Lai", credit_label="Baogialai.com.vn")
    services.ingest_feed_bytes(first, rss(STORY, "Thủ tục hành chính được rút gọn", day=today, prefix="a"))
    services.ingest_feed_bytes(second, rss(STORY + "!", day=today, prefix="b"))
    services.ingest_feed_bytes(third, rss(STORY + ".", day=today, prefix="c"))
    lead = FeedItem.objects.get(source=first, title=STORY)
    copies = list(FeedItem.objects.filter(story_lead=lead).order_by("pk"))
    assert len(copies) == 2  # the ingest grouped the story
    return lead, copies


def test_picking_an_item_covers_its_twins(officer_client, twins):
    lead, (copy, other) = twins
    FeedItem.objects.filter(pk=other.pk).update(status=ItemStatus.DISMISSED)  # an editor's decision stays
    today = timezone.localdate().isoformat()
    officer_client.post(
        reverse("bulletins_inbox_action"), {"action": "pick", "items": [copy.pk], "bulletin_date": today}
    )
    statuses = dict(FeedItem.objects.filter(pk__in=[lead.pk, copy.pk, other.pk]).values_list("pk", "status"))
    assert statuses == {lead.pk: ItemStatus.COVERED, copy.pk: ItemStatus.PICKED, other.pk: ItemStatus.DISMISSED}
    html = officer_client.get(reverse("bulletins_inbox")).content.decode()
    assert STORY not in html  # the story left the "new" list
    html = officer_client.get(reverse("bulletins_inbox"), {"status": "covered"}).content.decode()
    assert "Đã có tin cùng nội dung trong bản tin" in html and STORY in html


def test_draft_takes_one_item_per_story_even_after_a_pick(officer_client, twins):
    lead, (copy, _other) = twins
    today = timezone.localdate()
    services.pick_items(items=[copy], on=today)
    FeedItem.objects.filter(pk=lead.pk).update(status=ItemStatus.NEW)  # put back by hand
    officer_client.post(reverse("bulletins_draft"), {"bulletin_date": today.isoformat()})
    headings = [i.heading for i in BulletinPage.objects.get(date=today).get_latest_revision_as_object().items.all()]
    assert sum(1 for h in headings if h.startswith(STORY)) == 1
    assert "Thủ tục hành chính được rút gọn" in headings


def test_draft_from_scratch_never_takes_two_of_a_story(officer_client, twins):
    today = timezone.localdate()
    officer_client.post(reverse("bulletins_draft"), {"bulletin_date": today.isoformat()})
    headings = [i.heading for i in BulletinPage.objects.get(date=today).get_latest_revision_as_object().items.all()]
    assert sum(1 for h in headings if h.startswith(STORY)) == 1
    assert FeedItem.objects.filter(status=ItemStatus.COVERED).count() == 2


def test_each_item_has_a_preview_as_the_bulletin_will_print_it(officer_client, twins):
    html = officer_client.get(reverse("bulletins_inbox")).content.decode()
    today = timezone.localdate()
    assert html.count("Xem trước trong bản tin") == 4
    assert f"(Kinhtedothi.vn {today.day}/{today.month}, Tác giả 0)" in html
    assert "Cùng nội dung với Kinhtedothi.vn" in html  # duplicates are marked


# --- Bulk actions by the current filter ----------------------------------------------------------


def test_bulk_action_on_every_item_of_the_filter(officer_client, twins):
    lead, _copies = twins
    url = reverse("bulletins_inbox_action")
    query = f"source={lead.source_id}&status=new"
    response = officer_client.post(url, {"action": "dismiss", "scope": "filter", "filter_query": query}, follow=True)
    assert "Đã loại 2 tin." in response.content.decode()
    assert set(FeedItem.objects.filter(status=ItemStatus.DISMISSED).values_list("source_id", flat=True)) == {
        lead.source_id
    }
    assert FeedItem.objects.filter(status=ItemStatus.NEW).count() == 2  # the other outlets' items


def test_bulk_pick_by_filter_puts_them_into_the_bulletin(officer_client, twins):
    lead, _copies = twins
    today = timezone.localdate().isoformat()
    data = {"action": "pick", "scope": "filter", "filter_query": f"source={lead.source_id}", "bulletin_date": today}
    officer_client.post(reverse("bulletins_inbox_action"), data)
    page = BulletinPage.objects.get(date=timezone.localdate())
    assert len(page.get_latest_revision_as_object().items.all()) == 2


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"action": "dismiss", "scope": "filter", "filter_query": "day=2001-01-01"}, "Không có tin nào khớp bộ lọc."),
        ({"action": "dismiss", "scope": "selected"}, "Hãy chọn ít nhất một tin."),
        ({"action": "dismiss", "scope": "all-of-them", "filter_query": ""}, "không phải là một trong các lựa chọn"),
        ({"action": "dismiss", "scope": "filter", "filter_query": "x" * 3000}, "2000"),
    ],
)
def test_bad_bulk_actions_change_nothing(officer_client, twins, data, words):
    response = officer_client.post(reverse("bulletins_inbox_action"), data, follow=True)
    assert response.status_code == 200 and words in response.content.decode()
    assert FeedItem.objects.filter(status=ItemStatus.NEW).count() == 4


def test_the_inbox_offers_the_filter_scope(officer_client, twins):
    html = officer_client.get(reverse("bulletins_inbox")).content.decode()
    assert 'name="scope" value="filter"' in html and "cả 4 tin khớp bộ lọc" in html
