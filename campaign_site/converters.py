"""URL converters for the project's own routes, registered in CampaignSiteConfig.ready().

`<id:pk>` is Django's `<int:pk>` bounded to what a database id can hold (a signed 64-bit integer):
/ratings/99999999999999999999/ is simply no match (404), instead of an OverflowError from the
database driver (500). Every project route uses it for ids; a test walks the resolver to keep it so.
"""

from django.urls import register_converter

MAX_ID = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("beyond a 64-bit id")  # Django reads a ValueError as "no match"
        return number

    def to_url(self, value) -> str:
        return str(int(value))


class YearConverter:
    """Four digits within the site's years (campaign_site.dates); year 0001 or 9999 is no match."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        from campaign_site.dates import year_in_range

        year = int(value)
        if not year_in_range(year):
            raise ValueError("year out of range")
        return year

    def to_url(self, value) -> str:
        return f"{int(value):04d}"


def register() -> None:
    register_converter(IdConverter, "id")
    register_converter(YearConverter, "year")
