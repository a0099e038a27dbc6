"""Several people acting at once on PostgreSQL: one approval, one assignment, one item per double
submit, one support per browser. (SQLite serialises writers; the stale-copy tests in test_workflow
cover the same guard there.)"""

import pytest
from django.db import connection

from feedback import services
from feedback.models import AnsweredQuestionPage, FeedbackEvent, FeedbackItem, IdeaSupport, Kind, State
from tests.concurrency import run_at_once

THREADS = 8


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (set DATABASE_URL)")


@pytest.mark.django_db(transaction=True)
def test_approvals_at_once_make_one_answer(postgresql, make_item, advance, staff, index_page):
    item = advance(make_item(), State.AWAITING_APPROVAL)
    approvers = [staff["approver_a"], staff["approver_city"]]
    results = run_at_once(lambda n: services.approve_answer(item=item, user=approvers[n % 2]), THREADS)
    assert sum(isinstance(r, FeedbackItem) for r in results) == 1
    assert all(isinstance(r, (FeedbackItem, services.TransitionError)) for r in results), results
    assert FeedbackEvent.objects.filter(item=item, action="approved").count() == 1
    assert AnsweredQuestionPage.objects.filter(item=item).count() == 1


@pytest.mark.django_db(transaction=True)
def test_triage_at_once_takes_one_way(postgresql, make_item, staff, units):
    item = make_item()
    officer = staff["officer"]
    actions = [
        lambda: services.mark_spam(item=item, user=officer),
        lambda: services.decline(item=item, reason="Không thuộc phạm vi.", user=officer),
    ]
    results = run_at_once(lambda n: actions[n % 2](), THREADS)
    assert sum(isinstance(r, FeedbackItem) for r in results) == 1
    assert FeedbackItem.objects.get(pk=item.pk).state in (State.SPAM, State.DECLINED)
    assert FeedbackEvent.objects.filter(item=item).exclude(action="received").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_double_submit_at_once_is_one_item(postgresql, units):
    def send(n):
        return services.submit_feedback(
            kind=Kind.QUESTION, field="other", unit=units["ward_a"], title="Gửi hai lần",
            content="Cùng một nội dung gửi cùng lúc từ một trình duyệt.", ip_hash="same-ip",
        )  # fmt: skip

    results = run_at_once(send, THREADS)
    assert all(isinstance(r, tuple) for r in results), results
    assert FeedbackItem.objects.count() == 1
    assert sum(created for _item, created in results) == 1


@pytest.mark.django_db(transaction=True)
def test_one_browser_supporting_at_once_counts_once(postgresql, make_item, advance):
    idea = advance(make_item(kind=Kind.IDEA), State.PROCESSING)
    results = run_at_once(lambda n: services.support_idea(item=idea, voter_hash="one-browser"), THREADS)
    assert sorted(results) == [False] * (THREADS - 1) + [True]
    assert IdeaSupport.objects.filter(item=idea).count() == 1
