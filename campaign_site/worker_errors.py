"""Errors a background process waits out rather than dies of: the database locked, restarting or
unreachable; Redis restarting or unreachable."""

from django.db import InterfaceError, OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

TRANSIENT_ERRORS = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError, ConnectionError)
