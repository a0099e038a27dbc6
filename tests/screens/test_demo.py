"""The screens demo: every profile, several wards, messages in every status, working player links."""

import re

import pytest
from django.core.management import call_command

from campaign_site import demo as site_demo
from screens import demo
from screens.models import DisplayProfile, MessageStatus, ProfileKind, Screen, ScreenMessage

pytestmark = pytest.mark.timeout(300)  # loading the whole demo takes minutes on a busy machine


def test_demo_is_idempotent_and_its_links_work(db, client):
    home, units = site_demo.load()
    first = demo.load(home=home, units=units)
    counts = (DisplayProfile.objects.count(), Screen.objects.count(), ScreenMessage.objects.count())
    second = demo.load(home=home, units=units)
    assert counts == (DisplayProfile.objects.count(), Screen.objects.count(), ScreenMessage.objects.count())
    assert first == second  # the same tokens, so printed links stay valid

    assert set(DisplayProfile.objects.values_list("kind", flat=True)) == set(ProfileKind.values)
    assert Screen.objects.values("unit").distinct().count() >= 3
    assert set(ScreenMessage.objects.values_list("status", flat=True)) == set(MessageStatus.values)
    emergency = ScreenMessage.objects.get(kind="emergency")
    assert not ScreenMessage.objects.current().filter(pk=emergency.pk).exists()  # ended: try it on purpose

    links = [line for line in second if line.startswith("Screen ")]
    assert len(links) == Screen.objects.count()
    for line in links:
        path = re.search(r"http://127\.0\.0\.1:8000(/screens/\d+/play/\?token=\S+)$", line).group(1)
        assert client.get(path).status_code == 200, line


def test_emergency_command(db, client):
    home, units = site_demo.load()
    demo.load(home=home, units=units)
    call_command("screens_emergency", "Mất điện tạm thời", "--unit", "00103", "--minutes", "5")
    screen = Screen.objects.filter(unit__code="00103").first()
    message = ScreenMessage.objects.current().get(kind="emergency")
    assert message.status == MessageStatus.APPROVED and message.target_unit.code == "00103"
    line = next(line for line in demo.load(home=home, units=units) if screen.name in line)
    token = re.search(r"token=(\S+)", line).group(1)
    data = client.get(f"/screens/{screen.pk}/feed.json?token={token}").json()
    assert data["emergency"]["title"] == "Mất điện tạm thời"


def test_demo_messages_count_towards_the_plans_screens_task(db):
    from plans import demo as plans_demo
    from plans.selectors import linked_counts

    home, units = site_demo.load()
    plans_demo.load(home=home, units=units)
    demo.load(home=home, units=units)
    task = demo._screens_plan_task()
    assert task is not None
    linked = ScreenMessage.objects.filter(plan_task=task)
    assert linked.filter(status=MessageStatus.APPROVED).count() >= 2
    # The plan counts only what an approver let out: approved messages, not drafts or rejections.
    assert sum(linked_counts([task.pk])[task.pk].values()) == linked.filter(status=MessageStatus.APPROVED).count()
