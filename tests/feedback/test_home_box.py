"""The cached "Hỏi đáp" box on the home page follows new answers and the on-time share at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from feedback.models import State


@pytest.mark.django_db
def test_new_answers_and_share_reach_the_cached_box(client, make_item, advance, index_page, home):
    advance(make_item(title="Hỏi về chứng thực bản sao"), State.ANSWERED)
    body = client.get(home.url).content.decode()
    assert "Hỏi về chứng thực bản sao" in body and "100% ý kiến" in body
    with CaptureQueriesContext(connection) as warm:
        assert client.get(home.url).content.decode() == body
    assert not any("feedback_answeredquestionpage" in q["sql"] for q in warm.captured_queries)

    advance(make_item(title="Hỏi về đăng ký hộ kinh doanh"), State.ANSWERED)
    assert "Hỏi về đăng ký hộ kinh doanh" in client.get(home.url).content.decode()


@pytest.mark.django_db
def test_a_late_answer_changes_the_share_shown(client, make_item, advance, index_page, home):
    from django.utils import timezone

    advance(make_item(title="Hỏi đúng hạn"), State.ANSWERED)
    assert "100% ý kiến" in client.get(home.url).content.decode()
    late = advance(make_item(title="Hỏi trễ hạn"), State.ANSWERED)
    type(late).objects.filter(pk=late.pk).update(due_at=timezone.now() - timezone.timedelta(days=3))
    # A direct UPDATE sends no signal: the share is read live, so the box still changes.
    assert "50% ý kiến" in client.get(home.url).content.decode()
