"""The one scheduler (schedule in code, remembered in the database), /healthz/ready, and publishing
while Redis is down (tasks fall back to the database backend and run once the scheduler drains them)."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from campaign_site import scheduler
from campaign_site.models import JobRun, StandardPage

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DEAD_REDIS = "redis://127.0.0.1:9/0"  # nothing listens on the discard port


def test_the_schedule_lives_in_code_and_covers_the_periodic_jobs():
    names = [entry.name for entry in scheduler.schedule()]
    assert names == sorted(names)
    assert {
        "bulletins.fetch_feeds",
        "campaign_site.publish_scheduled",
        "campaign_site.purge_rate_counters",
        "subscriptions.send_due_mail",
        "subscriptions.send_alerts",
        "subscriptions.purge_subscribers",
        "feedback.purge_personal_data",
    } <= set(names)


def test_each_job_is_enqueued_once_per_interval_and_a_restart_remembers(settings):
    settings.TASKS = DATABASE_TASKS
    start = timezone.now()
    first = scheduler.tick(now=start)
    assert set(first) == {e.name for e in scheduler.schedule()}
    assert DBTaskResult.objects.count() == len(first)
    # A restarted scheduler (nothing in memory) enqueues nothing that is not due yet.
    assert scheduler.tick(now=start + dt.timedelta(seconds=10)) == []
    # The jobs due every minute, and nothing else.
    assert scheduler.tick(now=start + dt.timedelta(seconds=61)) == [
        "campaign_site.publish_scheduled",
        "subscriptions.send_due_mail",
    ]
    assert JobRun.objects.get(name="campaign_site.publish_scheduled").last_enqueued_at == start + dt.timedelta(
        seconds=61
    )


@pytest.mark.django_db(transaction=True)  # the worker closes connections left in a transaction
def test_a_fetch_round_never_reschedules_itself(settings):
    settings.TASKS = DATABASE_TASKS
    from bulletins.tasks import fetch_due_sources_task

    fetch_due_sources_task.enqueue()
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    assert DBTaskResult.objects.count() == 1
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert JobRun.objects.get(name=fetch_due_sources_task.module_path).last_succeeded is True


@pytest.mark.django_db(transaction=True)  # the worker closes connections left in a transaction
def test_run_scheduler_once_enqueues_and_exits(settings):
    settings.TASKS = DATABASE_TASKS
    call_command("run_scheduler", once=True, verbosity=0)
    assert DBTaskResult.objects.filter(status="READY").count() == len(scheduler.schedule())


def ready(client):
    response = client.get("/healthz/ready")
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    return response.status_code, json.loads(response.content)


def test_readiness_reports_database_cache_queue_and_feeds(client, settings):
    settings.TASKS = DATABASE_TASKS
    status, body = ready(client)
    assert status == 200 and body["status"] == "ok"
    assert set(body["checks"]) >= {"database", "cache", "tasks", "feeds"}
    assert body["checks"]["tasks"]["queue_depth"] == {"default": 0}
    assert client.get("/healthz").status_code == 200  # liveness unchanged


@pytest.mark.django_db(transaction=True)  # the worker closes connections left in a transaction
def test_a_dead_worker_shows_waiting_tasks_and_no_recent_finish(client, settings):
    settings.TASKS = DATABASE_TASKS
    settings.HEALTH_MAX_JOB_AGE_SECONDS = 60
    scheduler.tick()
    JobRun.objects.update(last_finished_at=timezone.now() - dt.timedelta(hours=2))
    status, body = ready(client)
    assert status == 503 and body["status"] == "error"
    assert body["checks"]["tasks"]["queue_depth"]["default"] == len(scheduler.schedule())
    assert body["checks"]["tasks"]["last_finished_age_seconds"] >= 7200
    # The worker comes back and works through the queue: ready again.
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    status, body = ready(client)
    assert status == 200
    assert body["checks"]["tasks"]["last_finished_age_seconds"] < 60


def test_readiness_shows_a_down_redis_as_degraded_not_down(client, settings):
    settings.CACHES = {"default": {"BACKEND": "campaign_site.cache_backends.SafeRedisCache", "LOCATION": DEAD_REDIS}}
    status, body = ready(client)
    assert status == 200 and body["checks"]["cache"]["status"] == "degraded"


@pytest.fixture
def rq_with_dead_redis(settings):
    settings.RQ_QUEUES = {"default": {"URL": DEAD_REDIS, "DEFAULT_TIMEOUT": 60}}
    settings.TASKS = {
        "default": {
            "BACKEND": "campaign_site.task_backends.FallbackRQBackend",
            "QUEUES": ["default"],
            "OPTIONS": {"FALLBACK": "database"},
        },
        "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }


@pytest.mark.django_db(transaction=True)  # the worker closes connections left in a transaction
def test_publishing_with_redis_down_succeeds_and_the_tasks_run_later(home, rq_with_dead_redis, client):
    page = home.add_child(instance=StandardPage(title="Lịch tiếp công dân", slug="lich-tiep-dan", live=False))
    page.save_revision().publish()  # Wagtail enqueues its index tasks on publish
    page.refresh_from_db()
    assert page.live
    recorded = DBTaskResult.objects.filter(backend_name="database")
    assert recorded.filter(status="READY").exists()
    _, body = ready(client)
    assert body["checks"]["tasks"]["queue_depth"]["default"] is None  # RQ cannot be asked
    assert body["checks"]["tasks"]["queue_depth"]["database"] == recorded.count()
    # The scheduler runs what Redis could not take.
    call_command("run_scheduler", once=True, verbosity=0)
    assert not DBTaskResult.objects.filter(task_path__startswith="wagtail", status="READY").exists()
    assert DBTaskResult.objects.filter(task_path__startswith="wagtail", status="SUCCESSFUL").exists()


def test_fetch_now_with_redis_down_is_not_a_500(rq_with_dead_redis, admin_client):
    response = admin_client.post("/admin/bulletins/fetch/")
    assert response.status_code < 500
    assert DBTaskResult.objects.filter(task_path="bulletins.tasks.fetch_due_sources_task").count() == 1


def test_redis_stopped_during_publishing_moves_tasks_to_the_database_and_back(home, settings):
    """Against the real Redis (db 13) behind a proxy the test cuts: tasks go to RQ while it is up,
    to the database while it is down, and to RQ again once it is back; every publish succeeds."""
    import uuid

    import django_rq
    import redis

    from tests.ops.proxy import TcpProxy
    from tests.ops.test_redis_outage import redis_reachable

    if not redis_reachable():
        pytest.fail("needs Redis on 127.0.0.1:6379 (the suite needs it; .ci/run starts it)")
    proxy = TcpProxy("127.0.0.1", 6379).start()
    queue_name = f"test-{uuid.uuid4().hex[:8]}"
    url = f"redis://127.0.0.1:{proxy.port}/13"
    settings.RQ_QUEUES = {name: {"URL": url, "DEFAULT_TIMEOUT": 60} for name in (queue_name, "default")}
    settings.TASKS = {
        "default": {
            "BACKEND": "campaign_site.task_backends.FallbackRQBackend",
            "QUEUES": [queue_name, "default"],
            "OPTIONS": {"FALLBACK": "database"},
        },
        "database": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": [queue_name, "default"]},
    }
    from bulletins.tasks import fetch_due_sources_task

    task = fetch_due_sources_task.using(queue_name=queue_name)
    try:
        task.enqueue()
        assert django_rq.get_queue(queue_name).count == 1
        assert not DBTaskResult.objects.filter(backend_name="database").exists()

        proxy.stop()  # Redis goes away
        page = home.add_child(instance=StandardPage(title="Thủ tục mới", slug="thu-tuc-moi", live=False))
        page.save_revision().publish()
        page.refresh_from_db()
        assert page.live
        task.enqueue()
        assert DBTaskResult.objects.filter(task_path="bulletins.tasks.fetch_due_sources_task").count() == 1

        proxy.start()  # Redis is back
        task.enqueue()
        assert django_rq.get_queue(queue_name).count == 2
    finally:
        proxy.stop()
        redis.Redis("127.0.0.1", 6379, db=13).flushdb()  # this suite's own Redis database
