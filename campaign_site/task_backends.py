"""The RQ task backend with a durable fallback: when Redis cannot take a task, it goes to the
database backend instead (in the caller's transaction, so a publish and its follow-up tasks commit
or roll back together), and `run_scheduler` runs those tasks until Redis is back.

Publishing a page enqueues Wagtail's search-index and reference-index tasks; with the plain RQ
backend a stopped Redis turned every publish into a 500 and rolled it back.
"""

import logging

from django_tasks import task_backends
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks_rq import RQBackend
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

REDIS_ERRORS = (RedisError, OSError)


class FallbackRQBackend(RQBackend):
    """`OPTIONS = {"FALLBACK": "<alias of a database backend>"}`."""

    @property
    def fallback(self):
        return task_backends[self.options.get("FALLBACK", "database")]

    def enqueue(self, task, args, kwargs):
        try:
            return super().enqueue(task, args, kwargs)
        except REDIS_ERRORS as error:
            logger.warning(
                "Redis unavailable (%s); task %s recorded in the database instead",
                error.__class__.__name__,
                task.module_path,
            )
            return self.fallback.enqueue(task.using(backend=self.fallback.alias), args, kwargs)

    def get_result(self, result_id: str):
        try:
            return super().get_result(result_id)
        except (TaskResultDoesNotExist, *REDIS_ERRORS):
            return self.fallback.get_result(result_id)
