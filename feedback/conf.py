"""Settings of the feedback app, read lazily so tests can override them.

FEEDBACK_ANSWER_DAYS            days a unit has to answer, counted from receipt (default 15)
FEEDBACK_SEND_LIMIT             items one IP hash may send per window (default 5)
FEEDBACK_LOOKUP_LIMIT           tracking-code lookups one IP hash may make per window (default 30)
FEEDBACK_RATE_WINDOW            the window of both limits, in seconds (default 600)
FEEDBACK_DUPLICATE_MINUTES      the same content sent again within this many minutes is one item (default 10)
FEEDBACK_MAX_ATTACHMENT_BYTES   largest attachment accepted (default 5 MB)
FEEDBACK_PRIVATE_ROOT           folder for attachments, outside MEDIA_ROOT (default BASE_DIR/private/feedback)
FEEDBACK_PERSONAL_DATA_MONTHS   purge_feedback_personal_data's default age of closed items (default 24)
"""

from pathlib import Path

from django.conf import settings

MAX_ATTACHMENTS = 3
ATTACHMENT_EXTENSIONS = ("jpg", "jpeg", "png", "pdf")
TITLE_MAX = 200
CONTENT_MIN = 20
CONTENT_MAX = 5000
ANSWER_MAX = 10000


def answer_days() -> int:
    return int(getattr(settings, "FEEDBACK_ANSWER_DAYS", 15))


def send_limit() -> int:
    return int(getattr(settings, "FEEDBACK_SEND_LIMIT", 5))


def lookup_limit() -> int:
    return int(getattr(settings, "FEEDBACK_LOOKUP_LIMIT", 30))


def rate_window() -> int:
    return int(getattr(settings, "FEEDBACK_RATE_WINDOW", 600))


def duplicate_minutes() -> int:
    return int(getattr(settings, "FEEDBACK_DUPLICATE_MINUTES", 10))


def max_attachment_bytes() -> int:
    return int(getattr(settings, "FEEDBACK_MAX_ATTACHMENT_BYTES", 5 * 1024 * 1024))


def private_root() -> Path:
    return Path(getattr(settings, "FEEDBACK_PRIVATE_ROOT", Path(settings.BASE_DIR) / "private" / "feedback"))


def personal_data_months() -> int:
    return int(getattr(settings, "FEEDBACK_PERSONAL_DATA_MONTHS", 24))
