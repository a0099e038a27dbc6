"""Demo press feeds written for this project (Vietnamese, our own words).

The files carry date tokens such as `{{NGAY-2 08:30}}` (two days ago, 08:30 in Hà Nội); they are
replaced when a file is served or ingested so the demo always has recent items.
"""

import datetime as dt
import re
from email.utils import format_datetime
from zoneinfo import ZoneInfo

_TOKEN = re.compile(rb"\{\{NGAY-(\d{1,2}) (\d{2}):(\d{2})\}\}")
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def render_demo_feed(body: bytes, *, today: dt.date) -> bytes:
    def replace(match: re.Match) -> bytes:
        days, hour, minute = (int(group) for group in match.groups())
        day = today - dt.timedelta(days=days)
        moment = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=VIETNAM)
        return format_datetime(moment).encode("ascii")

    return _TOKEN.sub(replace, body)
