"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py campaign_site.wsgi`.

Every value comes from the environment (README: Deployment). Workers share nothing in memory: the
cache and rate limits live in Redis (or the machine's file cache), sessions and tasks in PostgreSQL /
Redis, media in S3-compatible storage, so any number of workers on any number of machines can serve.
"""

import multiprocessing
import os
from pathlib import Path

if os.environ.get("GUNICORN_BIND"):
    bind = os.environ["GUNICORN_BIND"]
elif os.environ.get("PORT"):
    bind = f"0.0.0.0:{os.environ['PORT']}"
else:
    bind = "127.0.0.1:8000"  # behind nginx/Caddy on the same machine

workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak never builds up; jitter avoids all restarting at once.
# Cached pages answer in a millisecond or two: 5,000 requests went by in seconds under load and
# recycled workers constantly. 100,000 is still a restart every so often for a slow leak.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Only the proxy in front may set X-Forwarded-Proto / X-Forwarded-For.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
if Path("/dev/shm").is_dir():  # noqa: S108 - gunicorn's documented heartbeat location
    worker_tmp_dir = "/dev/shm"  # noqa: S108 - heartbeat files off slow disks


def child_exit(server, worker):
    """With PROMETHEUS_MULTIPROC_DIR, a dead worker's metrics files are marked as such."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
