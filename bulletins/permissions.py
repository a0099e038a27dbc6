"""Who may put items into a day's bulletin: whoever may edit that bulletin page, or add a bulletin
under the index when there is none yet. Page rights come from Wagtail's page permission policy
and the unit page scope (campaign_site.access.page_scope)."""

import datetime as dt

from bulletins.models import BulletinIndexPage, BulletinPage


def can_write_bulletin(user, day: dt.date) -> bool:
    page = BulletinPage.objects.filter(date=day).first()
    if page is not None:
        return page.permissions_for_user(user).can_edit()
    index = BulletinIndexPage.objects.first()
    return bool(index and index.permissions_for_user(user).can_add_subpage())
