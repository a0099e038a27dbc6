"""What other apps rely on: selectors, slots, the PollBlock, PollPage, the plan-task link."""

import datetime as dt
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import timezone

from campaign_site.slots import home_slots, sidebar_slots
from surveys.blocks import PollBlock
from surveys.models import Ballot, PollPage
from surveys.selectors import active_poll, count_ballots, poll_vote_path, satisfaction_share
from surveys.services import cast_ballot, rebuild_counts

pytestmark = pytest.mark.django_db


def test_active_poll_prefers_the_nearest_unit_then_city_wide(make_poll, units):
    assert active_poll() is None
    city = make_poll("Toàn thành phố")
    district = make_poll("Quận", unit=units["district"])
    make_poll("Đã đóng", unit=units["ward_c"], opens=-5, closes=-1)
    make_poll("Sắp mở", unit=units["ward_c"], opens=3)
    assert active_poll() == city
    assert active_poll(unit=units["ward_c"]) == district  # the district's poll covers its ward
    assert active_poll(unit=units["ward_a"]) == city
    ward = make_poll("Phường", unit=units["ward_c"])
    assert active_poll(unit=units["ward_c"]) == ward


def test_active_poll_without_a_city_wide_poll(make_poll, units):
    ward = make_poll("Phường", unit=units["ward_a"])
    assert active_poll() == ward
    assert active_poll(unit=units["ward_b"]) is None


def test_poll_vote_path(poll):
    assert poll_vote_path(poll) == f"/polls/{poll.pk}/vote/"


def test_count_ballots_and_satisfaction_share(poll, make_poll):
    assert count_ballots() == 0 and satisfaction_share() is None
    choices = list(poll.choices.all())
    other = make_poll("Khác")
    now = timezone.now()
    for n, (choice, days) in enumerate([(choices[0], 0), (choices[1], 0), (choices[2], 0), (choices[2], 10)]):
        Ballot.objects.create(
            poll=poll, choice=choice, channel="web", voter_hash=f"v{n}", created_at=now - timedelta(days=days)
        )
    Ballot.objects.create(poll=other, choice=other.choices.first(), channel="web", voter_hash="o", created_at=now)
    rebuild_counts()
    assert count_ballots() == 5
    assert count_ballots(poll=poll) == 4
    today = timezone.localdate()
    assert count_ballots(since=today) == 4  # a date: the whole day
    assert count_ballots(until=today - dt.timedelta(days=1)) == 1  # a date until: inclusive
    assert count_ballots(since=now - timedelta(hours=1)) == 4  # a datetime: the rows decide
    assert count_ballots(since=now - timedelta(days=20), until=now - timedelta(days=5), poll=poll) == 1
    assert satisfaction_share() == pytest.approx(3 * 100 / 5)
    assert satisfaction_share(until=today - dt.timedelta(days=1)) == 0.0
    assert satisfaction_share(since=now - timedelta(hours=1)) == pytest.approx(75.0)


def test_home_slot_order_30_and_sidebar_for_a_unit(home, make_poll, units):
    request = RequestFactory().get("/")
    assert [s for s in home_slots(request, home) if s.template.startswith("surveys/")] == []
    poll = make_poll()
    slot = next(s for s in home_slots(request, home) if s.template.startswith("surveys/"))
    assert slot.order == 30 and slot.context["box"]["poll"] == poll

    class StoryPage:  # any page with a `unit` (model stories) gets that unit's poll
        unit = units["ward_c"]

    ward_poll = make_poll("Phường", unit=units["ward_c"])
    side = next(s for s in sidebar_slots(request, StoryPage()) if s.template.startswith("surveys/"))
    assert side.context["box"]["poll"] == ward_poll


def test_sidebar_box_renders_the_poll_heading(client, home, poll):
    html = client.get(home.url).content.decode()
    assert "Bình chọn" in html and poll.choices.first().label in html
    assert "/static/surveys/poll.js" in html


def test_poll_block_renders_the_box(poll):
    block = PollBlock()
    html = block.render(block.to_python({"poll": poll.pk}))
    assert poll.question in html
    assert f'action="/polls/{poll.pk}/vote/"' in html
    assert "csrfmiddlewaretoken" not in html
    # Ids carry the place, so the same poll in the body and in the sidebar does not clash.
    assert f'id="poll-{poll.pk}-block-choice-' in html


def test_poll_page(client, home, poll):
    page = home.add_child(instance=PollPage(title="Bình chọn", slug="binh-chon", poll=poll, intro="Mời bình chọn"))
    page.save_revision().publish()
    response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert poll.question in html and 'name="comment"' in html and "disabled" in html
    assert "mẫu tự chọn" in html
    assert not response.cookies


def test_closed_poll_box_says_so(client, home, make_poll):
    poll = make_poll(opens=-5, closes=-1)
    page = home.add_child(instance=PollPage(title="Cũ", slug="cu", poll=poll))
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "Cuộc bình chọn đã kết thúc." in html and "<form" not in html.split("poll-box")[1]


def test_vote_through_the_service_as_the_benchmark_drives_it(poll):
    ballot = cast_ballot(poll=poll, choice=poll.choices.first(), channel="web", voter_key="bench-1", ip="10.0.0.1")
    assert ballot.pk and count_ballots(poll=poll) == 1


def test_poll_validates_its_plan_task_and_dates(poll):
    from plans.models import CampaignPlanPage, PlanIndexPage, PlanTask

    root = PlanIndexPage(title="Kế hoạch", slug="ke-hoach")
    from wagtail.models import Page

    Page.get_first_root_node().add_child(instance=root)
    plan = root.add_child(instance=CampaignPlanPage(title="Kế hoạch 2026", slug="kh-2026", year=2026, live=False))
    task = PlanTask.objects.create(plan=plan, content="Bình chọn thái độ cán bộ")
    poll.plan_task = task
    with pytest.raises(ValidationError) as error:
        poll.full_clean()
    assert "plan_task" in error.value.message_dict
    poll.plan_task = None
    poll.closes_at = poll.opens_at - timedelta(hours=1)
    with pytest.raises(ValidationError):
        poll.full_clean()
