"""Content may link only to a task of a published plan; the rule is refused at save."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from plans.links import validate_task_link

REFUSAL = "Nhiệm vụ này thuộc một kế hoạch chưa được xuất bản; hãy xuất bản kế hoạch trước."


def test_no_task_and_a_task_of_a_live_plan_are_fine(plan, make_task):
    validate_task_link(None)
    validate_task_link(make_task(plan))


def test_task_of_a_draft_plan_is_refused(make_plan, make_task):
    draft = make_plan(2027, live=False)
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        validate_task_link(make_task(draft))
    assert caught.value.message_dict == {"plan_task": [REFUSAL]}


def test_task_of_an_unpublished_plan_is_refused(plan, make_task):
    task = make_task(plan)
    plan.unpublish()
    task.refresh_from_db()
    with pytest.raises(ValidationError):
        validate_task_link(task)


def test_article_clean_refuses_a_task_of_an_unpublished_plan(make_plan, make_task, make_article):
    draft_task = make_task(make_plan(2027, live=False))
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        make_article(draft_task)
    assert caught.value.message_dict == {"plan_task": [REFUSAL]}
    live_task = make_task(make_plan(2026))
    article = make_article(live_task)
    assert article.plan_task == live_task


def test_poll_clean_refuses_a_task_of_an_unpublished_plan(make_plan, make_task, make_polls):
    poll = make_polls(None)[0]
    poll.plan_task = make_task(make_plan(2027, live=False))
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        poll.full_clean()
    assert caught.value.message_dict["plan_task"] == [REFUSAL]


def test_the_task_select_in_other_editors_runs_one_query(plan, make_plan, make_task, django_assert_num_queries):
    from django import forms

    from plans.models import PlanTask

    for n in range(10):
        make_task(plan, f"Nhiệm vụ {n}")
        make_task(make_plan(2010 + n), f"Nhiệm vụ cũ {n}")
    field = forms.ModelChoiceField(queryset=PlanTask._default_manager.all())
    with django_assert_num_queries(1):
        labels = [label for _value, label in field.choices]
    assert "2026: Nhiệm vụ 3" in labels and "2013: Nhiệm vụ cũ 3" in labels
