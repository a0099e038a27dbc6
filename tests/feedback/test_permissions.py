"""Who sees and does what: the permission policy on the shared unit scope, through services and the
admin views alike. Personal data only for the handling unit's staff and city-wide staff."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaign_site.access.roles import SCREEN_OPERATOR
from feedback import services
from feedback.models import FeedbackItem, State
from feedback.permissions import feedback_permission_policy as policy
from tests.feedback.conftest import PDF

# role: {action: (on a ward A item, on a ward B item)}
EXPECTED = {
    "officer": {"view": (True, True), "triage": (True, True), "answer": (True, True), "approve": (False, False)},
    "editor_a": {"view": (True, False), "triage": (False, False), "answer": (True, False), "approve": (False, False)},
    "approver_a": {"view": (True, False), "triage": (False, False), "answer": (False, False), "approve": (True, False)},
    "approver_city": {
        "view": (True, True),
        "triage": (False, False),
        "answer": (False, False),
        "approve": (True, True),
    },
    "operator": {"view": (False, False), "triage": (False, False), "answer": (False, False), "approve": (False, False)},
}


@pytest.fixture
def people(staff, make_user, units):
    return {**staff, "operator": make_user(SCREEN_OPERATOR, units["city"], username="operator")}


@pytest.fixture
def items(make_item, advance):
    return {
        "a": advance(make_item(unit="ward_a"), State.PROCESSING, unit="ward_a"),
        "b": advance(make_item(unit="ward_b"), State.PROCESSING, unit="ward_b"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", EXPECTED)
def test_the_policy_per_role_and_ward(people, items, role):
    user = people[role]
    for action, (on_a, on_b) in EXPECTED[role].items():
        assert policy.user_has_permission_for_instance(user, action, items["a"]) is on_a, action
        assert policy.user_has_permission_for_instance(user, action, items["b"]) is on_b, action
    visible = set(policy.instances_user_has_permission_for(user, "view"))
    assert visible == {items[k] for k, allowed in zip("ab", EXPECTED[role]["view"], strict=True) if allowed}


@pytest.mark.django_db
def test_ward_staff_see_unassigned_items_about_their_ward_but_not_the_sender(people, make_item):
    item = make_item(unit="ward_a")
    editor = people["editor_a"]
    assert policy.user_has_permission_for_instance(editor, "view", item)
    assert not policy.user_can_see_personal_data(editor, item)
    assert policy.user_can_see_personal_data(people["officer"], item)
    idea = make_item(kind="idea", unit=None)
    assert not policy.user_has_permission_for_instance(editor, "view", idea)  # city-wide until assigned


@pytest.mark.django_db
def test_moving_an_item_moves_who_sees_it(people, items, units):
    item = services.assign(item=items["a"], unit=units["ward_b"], user=people["officer"])
    assert not policy.user_has_permission_for_instance(people["editor_a"], "view", item)
    assert policy.user_can_see_personal_data(people["editor_b"], item)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["editor_b", "approver_a", "operator"])
def test_services_refuse_out_of_scope_users(people, items, who, index_page):
    user = people[who]
    item = items["a"] if who != "approver_a" else items["b"]
    calls = [
        lambda: services.assign(item=item, unit=item.assigned_unit, user=user),
        lambda: services.save_answer(item=item, user=user, answer="x", submit=True),
        lambda: services.mark_spam(item=item, user=user),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert FeedbackItem.objects.get(pk=item.pk).state == State.PROCESSING


@pytest.mark.django_db
def test_an_approver_approves_only_within_the_unit(people, make_item, advance, index_page):
    item_b = advance(make_item(unit="ward_b"), State.AWAITING_APPROVAL, unit="ward_b")
    with pytest.raises(PermissionDenied):
        services.approve_answer(item=item_b, user=people["approver_a"])
    assert services.approve_answer(item=item_b, user=people["approver_b"]).state == State.ANSWERED


@pytest.mark.django_db
def test_a_ward_officer_assigns_only_within_the_ward(make_user, units, make_item, roles):
    from campaign_site.access.roles import INFORMATION_OFFICER

    district_officer = make_user(INFORMATION_OFFICER, units["district"], username="district")
    item = make_item(unit="ward_c")
    with pytest.raises(PermissionDenied):
        services.assign(item=item, unit=units["ward_a"], user=district_officer)
    assert services.assign(item=item, unit=units["ward_c"], user=district_officer).state == State.PROCESSING


# --- The admin views ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_inbox_lists_only_the_wards_items(client, people, items):
    client.force_login(people["editor_a"])
    body = client.get(reverse("feedback_admin:inbox")).content.decode()
    assert items["a"].code in body and items["b"].code not in body
    client.force_login(people["officer"])
    body = client.get(reverse("feedback_admin:inbox")).content.decode()
    assert items["a"].code in body and items["b"].code in body


@pytest.mark.django_db
def test_the_inbox_filters(client, people, make_item, advance):
    fresh = make_item(kind="complaint", field="land")
    late = advance(make_item(), State.PROCESSING)
    FeedbackItem.objects.filter(pk=late.pk).update(due_at="2020-01-01T00:00:00Z")
    client.force_login(people["officer"])
    url = reverse("feedback_admin:inbox")
    cases = {"?kind=complaint": fresh, "?field=land": fresh, "?state=received": fresh, "?overdue=on": late,
             f"?q={late.code}": late}  # fmt: skip
    for query, expected in cases.items():
        page = client.get(url + query).context["page_obj"]
        assert [item.pk for item in page.object_list] == [expected.pk], query
    body = client.get(url + "?overdue=on").content.decode()
    assert "fb-overdue" in body
    assert client.get(url + "?kind=nonsense&unit=abc&p=999999999999").status_code == 200


@pytest.mark.django_db
def test_the_detail_page_shows_personal_data_only_to_those_allowed(client, people, make_item, advance, units):
    unassigned = make_item(unit="ward_a", name="Lê Thị Bình")
    client.force_login(people["editor_a"])
    body = client.get(reverse("feedback_admin:detail", args=[unassigned.pk])).content.decode()
    assert "Lê Thị Bình" not in body and "0912345678" not in body and "HS-2026-001" not in body
    assigned = advance(unassigned, State.PROCESSING, unit="ward_a")
    body = client.get(reverse("feedback_admin:detail", args=[assigned.pk])).content.decode()
    assert "Lê Thị Bình" in body and "0912345678" in body and "HS-2026-001" in body
    client.force_login(people["editor_b"])
    assert client.get(reverse("feedback_admin:detail", args=[assigned.pk])).status_code == 404


@pytest.mark.django_db
def test_attachments_only_for_those_who_see_personal_data(client, people, units, advance):
    item, _ = services.submit_feedback(
        kind="question", field="other", unit=units["ward_a"], title="Có tệp", content="Nội dung đủ dài để gửi đi.",
        uploads=[services.Upload(file=SimpleUploadedFile("don.pdf", PDF), content_type="application/pdf")],
    )  # fmt: skip
    url = reverse("feedback_admin:attachment", args=[item.attachments.get().pk])
    client.force_login(people["officer"])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"] and "no-store" in response["Cache-Control"]
    for who in ("editor_a", "editor_b", "operator"):  # ward A before assignment, ward B, no role
        client.force_login(people[who])
        assert client.get(url).status_code in (403, 404)
    advance(item, State.PROCESSING, unit="ward_a")
    client.force_login(people["editor_a"])
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


@pytest.mark.django_db
def test_actions_through_the_admin(client, people, make_item, units, index_page):
    item = make_item()
    act = lambda name: reverse("feedback_admin:act", args=[item.pk, name])  # noqa: E731
    client.force_login(people["officer"])
    assert client.post(act("assign"), {"unit": units["ward_a"].pk}).status_code == 302
    client.force_login(people["editor_a"])
    refused = client.post(act("assign"), {"unit": units["ward_b"].pk})
    assert refused.status_code in (302, 403) and refused.get("Location", "/admin/") == "/admin/"  # Wagtail's refusal
    assert "/admin/" in refused.get("Location", "/admin/") and client.post(act("approve")).status_code in (302, 403)
    assert FeedbackItem.objects.get(pk=item.pk).assigned_unit == units["ward_a"]
    data = {"answer": "Trả lời của phường.", "public_title": "Tiêu đề", "public_question": "Câu hỏi"}
    assert client.post(act("submit"), data).status_code == 302
    client.force_login(people["approver_b"])
    assert client.post(act("approve")).status_code == 404  # not even visible
    client.force_login(people["approver_a"])
    response = client.post(act("approve"), follow=True)
    assert "Đã duyệt câu trả lời" in response.content.decode()
    item.refresh_from_db()
    assert item.state == State.ANSWERED
    # A second approval is a clear message, not an error page.
    response = client.post(act("approve"), follow=True)
    assert response.status_code == 200 and "vừa được người khác xử lý" in response.content.decode()
    assert client.post(act("explode")).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("form", [{"unit": ""}, {"unit": "999999"}, {"unit": "abc"}])
def test_bad_admin_input_is_a_message(client, people, make_item, form):
    item = make_item()
    client.force_login(people["officer"])
    response = client.post(reverse("feedback_admin:act", args=[item.pk, "assign"]), form, follow=True)
    assert response.status_code == 200
    assert FeedbackItem.objects.get(pk=item.pk).state == State.RECEIVED
    assert list(response.context["messages"])
