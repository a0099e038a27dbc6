"""Date and time input formats shared by every admin language.

The Wagtail admin shows and sends dates as WAGTAIL_DATE_FORMAT ("21/11/2026") and datetimes as
WAGTAIL_DATETIME_FORMAT ("21/11/2026 08:30"); Django must parse exactly those, day first, whatever
language an officer picked (Django's English formats would read 05/11 as 11 May). ISO formats stay
accepted for API clients and tests.
"""

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%d/%m/%Y",
    "%Y-%m-%d",
]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S"]
