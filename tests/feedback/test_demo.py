"""The demo: the Hỏi đáp page and a dozen messages in every state, idempotent."""

import pytest

from campaign_site.demo_loaders import demo_loaders
from feedback.models import AnsweredQuestionPage, FeedbackIndexPage, FeedbackItem, IdeaStatus, State


@pytest.mark.django_db
def test_the_demo_covers_every_state_and_loads_twice(django_capture_on_commit_callbacks):
    from campaign_site import demo as site_demo

    loader = next(loader for loader in demo_loaders() if loader.label == "feedback")
    assert loader.order == 60
    home, units = site_demo.load()
    with django_capture_on_commit_callbacks(execute=True):
        lines = loader.load(home=home, units=units)
        loader.load(home=home, units=units)
    assert lines and FeedbackIndexPage.objects.count() == 1
    assert FeedbackItem.objects.count() >= 12
    assert set(FeedbackItem.objects.values_list("state", flat=True)) == set(State.values)
    assert FeedbackItem.objects.filter(idea_status=IdeaStatus.ADOPTED).exists()
    assert AnsweredQuestionPage.objects.live().filter(is_faq=True).exists()
    answered = FeedbackItem.objects.filter(state=State.ANSWERED)
    assert any(item.answered_on_time() for item in answered) and any(not item.answered_on_time() for item in answered)
