"""Who may do what: every role against every protected action, through HTTP, as one table.

Each cell is checked by its effect, not only its status code: an allowed action must really happen
(the page is live, the message exists, the file is a CSV…), a refused one must leave nothing behind,
and no refusal may be a server error.
"""

import datetime as dt
import re
from functools import cached_property

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.rich_text import RichText

from campaign_site.access.roles import APPROVER, INFORMATION_OFFICER, WARD_EDITOR
from campaign_site.models import OfficerProfile

Y, N = True, False

ROLES = ("anonymous", "citizen", "ward_editor_a", "approver_city", "approver_a", "officer", "screen_token_a")

# Who may do what. Columns: anonymous, citizen (voter cookie), ward editor of ward A, approver of the
# city, approver of ward A, city information officer, holder of screen A's token. Y = allowed.
# fmt: off
MATRIX = {
    #                                                           anon  citizen  edA  apCity  apA  officer  tokenA
    "admin: open the admin":                                   (N,    N,       Y,   Y,      Y,   Y,       N),
    "pages: publish a city-wide draft article":                (N,    N,       N,   Y,      N,   Y,       N),
    "pages: publish a ward A draft article":                   (N,    N,       N,   Y,      Y,   Y,       N),
    "pages: open a ward A article in the editor":              (N,    N,       Y,   Y,      Y,   Y,       N),
    "pages: open a ward B article in the editor":              (N,    N,       N,   Y,      N,   Y,       N),
    "pages: open a city-wide article in the editor":           (N,    N,       N,   Y,      N,   Y,       N),
    "pages: write a new article about ward A":                 (N,    N,       Y,   Y,      Y,   Y,       N),
    "pages: write a new article about ward B":                 (N,    N,       N,   Y,      N,   Y,       N),
    "screens: write a message for ward A":                     (N,    N,       Y,   Y,      Y,   Y,       N),
    "screens: write a message for ward B":                     (N,    N,       N,   Y,      N,   Y,       N),
    "screens: approve a ward A message":                       (N,    N,       N,   Y,      Y,   N,       N),
    "screens: approve a ward B message":                       (N,    N,       N,   Y,      N,   N,       N),
    "screens: send an emergency to ward A":                    (N,    N,       N,   N,      N,   Y,       N),
    "screens: send an emergency to ward B":                    (N,    N,       N,   N,      N,   Y,       N),
    "screens: end a running ward A message now":               (N,    N,       Y,   Y,      Y,   Y,       N),
    "screens: end a running ward B message now":               (N,    N,       N,   Y,      N,   Y,       N),
    "screens: end a running emergency now":                    (N,    N,       N,   N,      N,   Y,       N),
    "screens: read screen A's feed (own token)":               (N,    N,       N,   N,      N,   N,       Y),
    "screens: poll screen A's emergency state (own token)":    (N,    N,       N,   N,      N,   N,       Y),
    "screens: read screen B's feed (another screen's token)":  (N,    N,       N,   N,      N,   N,       N),
    "surveys: export ballots as CSV":                          (N,    N,       Y,   Y,      Y,   Y,       N),
    "surveys: export ballots as XLSX":                         (N,    N,       Y,   Y,      Y,   Y,       N),
    "surveys: the export includes ward B's ballots":           (N,    N,       N,   Y,      N,   Y,       N),
    "surveys: officers-only results page":                     (N,    N,       Y,   Y,      Y,   Y,       N),
    "surveys: officers-only results JSON":                     (N,    N,       Y,   Y,      Y,   Y,       N),
    "plans: progress dashboard":                               (N,    N,       N,   Y,      Y,   Y,       N),
    "bulletins: feed sources admin":                           (N,    N,       N,   Y,      Y,   Y,       N),
    "bulletins: press inbox":                                  (N,    N,       N,   N,      N,   Y,       N),
    "news: rate an article":                                   (Y,    Y,       Y,   Y,      Y,   Y,       Y),
    "surveys: vote in a poll":                                 (Y,    Y,       Y,   Y,      Y,   Y,       Y),
    "surveys: vote a second time from the same browser":       (N,    N,       N,   N,      N,   N,       N),
    "feedback: open the citizens' messages inbox":             (N,    N,       Y,   Y,      Y,   Y,       N),
    "feedback: see the sender of a ward A message":            (N,    N,       Y,   Y,      Y,   Y,       N),
    "feedback: see the sender of a ward B message":            (N,    N,       N,   Y,      N,   Y,       N),
    "feedback: download a ward B message's attachment":        (N,    N,       N,   Y,      N,   Y,       N),
    "feedback: assign a new message to ward A":                (N,    N,       N,   N,      N,   Y,       N),
    "feedback: send a ward A answer for approval":             (N,    N,       Y,   N,      N,   Y,       N),
    "feedback: send a ward B answer for approval":             (N,    N,       N,   N,      N,   Y,       N),
    "feedback: approve a ward A answer":                       (N,    N,       N,   Y,      Y,   N,       N),
    "feedback: approve a ward B answer":                       (N,    N,       N,   Y,      N,   N,       N),
    "feedback: export the numbers as CSV":                     (N,    N,       N,   Y,      Y,   Y,       N),
    "feedback: send a question":                               (Y,    Y,       Y,   Y,      Y,   Y,       Y),
    "feedback: support an idea a second time":                 (N,    N,       N,   N,      N,   N,       N),
    "surveys: see a ward A comment awaiting moderation":       (N,    N,       N,   Y,      Y,   Y,       N),
    "surveys: see a ward B comment awaiting moderation":       (N,    N,       N,   Y,      N,   Y,       N),
    "surveys: moderate a ward A comment":                      (N,    N,       N,   Y,      Y,   Y,       N),
    "surveys: moderate a ward B comment":                      (N,    N,       N,   Y,      N,   Y,       N),
    "screens: open a ward B message's history":                (N,    N,       N,   Y,      N,   Y,       N),
    "screens: open a ward B message's usage":                  (N,    N,       N,   Y,      N,   Y,       N),
    "screens: open a ward A message's history":                (N,    N,       Y,   Y,      Y,   Y,       N),
}
# fmt: on
CASES = [
    pytest.param(role, action, allowed[index], id=f"{role}-{action}")
    for action, allowed in MATRIX.items()
    for index, role in enumerate(ROLES)
]


class World:
    """The objects an action needs, built on first use (each case builds only what it touches)."""

    def __init__(self, *, home, units, roles):
        self.home, self.units, self.roles = home, units, roles

    def _user(self, username: str, role: str, unit):
        user = get_user_model().objects.create_user(username=username, password="mat-khau-thu-nghiem-1")
        user.groups.add(self.roles[role])
        OfficerProfile.objects.create(user=user, unit=unit)
        return user

    @cached_property
    def users(self) -> dict:
        return {
            "ward_editor_a": self._user("editor_a", WARD_EDITOR, self.units["ward_a"]),
            "ward_editor_b": self._user("editor_b", WARD_EDITOR, self.units["ward_b"]),
            "approver_city": self._user("approver_city", APPROVER, self.units["city"]),
            "approver_a": self._user("approver_a", APPROVER, self.units["ward_a"]),
            "officer": self._user("officer", INFORMATION_OFFICER, self.units["city"]),
        }

    # --- screens
    @cached_property
    def screens(self) -> dict:
        from screens import services
        from screens.models import DisplayProfile, ProfileKind, Screen

        profile = DisplayProfile.objects.create(
            name="TV", kind=ProfileKind.TV_LANDSCAPE, width_px=1920, height_px=1080, max_title_chars=120,
            max_text_chars=600,
        )  # fmt: skip
        screens = {}
        for key, unit in (("a", self.units["ward_a"]), ("b", self.units["ward_b"])):
            screen = Screen.objects.create(name=f"TV {key}", unit=unit, profile=profile, show_news=False,
                                           show_bulletin=False, show_poll=False, show_clock=False)  # fmt: skip
            screen.token = f"matrix-token-{key}-0123456789abcdef"
            services.set_token(screen=screen, token=screen.token)
            screens[key] = screen
        return screens

    @cached_property
    def counters(self) -> dict:
        from surveys.models import Counter

        return {ward: Counter.objects.create(unit=self.units[f"ward_{ward}"], name="Quầy 1") for ward in ("a", "b")}

    def pending_message(self, ward: str):
        from screens import services
        from screens.models import ScreenMessage

        author = self.users[f"ward_editor_{ward}"]
        return services.save_message(
            message=ScreenMessage(title=f"Lịch tiếp dân {ward}", target_unit=self.units[f"ward_{ward}"]), user=author
        )

    # --- pages
    @cached_property
    def news_index(self):
        from news.models import NewsIndexPage

        index = self.home.add_child(instance=NewsIndexPage(title="Tin cải cách", slug="tin-tuc"))
        index.save_revision().publish()
        return index

    @cached_property
    def category(self):
        from news.models import Category

        return Category.objects.get_or_create(slug="cai-cach", defaults={"name": "Cải cách"})[0]

    def article(self, *, live: bool, ward: str | None = None):
        """An article about ward `ward` ("a", "b"), or about the whole city."""
        from news.models import NewsArticlePage

        page = NewsArticlePage(
            title="Một cửa điện tử", slug=f"mot-cua-{live}-{ward}", lead="Hồ sơ trực tuyến tăng.",
            category=self.category, body=[("paragraph", RichText("<p>Nội dung.</p>"))], live=False,
        )  # fmt: skip
        self.news_index.add_child(instance=page)
        if ward:
            page.units.set([self.units[f"ward_{ward}"]])
            page.save()
        revision = page.save_revision()
        if live:
            revision.publish()
        return NewsArticlePage.objects.get(pk=page.pk)

    # --- polls
    def poll(self, visibility: str):
        from surveys.models import Poll, PollChoice

        poll = Poll(question="Đánh giá thái độ tiếp công dân", results_visibility=visibility,
                    opens_at=timezone.now() - dt.timedelta(days=1))  # fmt: skip
        for order, (label, positive) in enumerate((("Hài lòng", True), ("Không hài lòng", False))):
            poll.choices.add(PollChoice(label=label, is_positive=positive, sort_order=order))
        poll.save()
        return poll

    # --- citizens' feedback
    def feedback_item(self, ward: str, state: str = "processing"):
        """A question about ward `ward`, sent with an attachment, moved by the city officer (and the
        city approver) through the real services up to `state`."""
        from django.core.files.uploadedfile import SimpleUploadedFile

        from feedback import services

        PDF = b"%PDF-1.4 test"
        item, _ = services.submit_feedback(
            kind="question", field="civil_status", unit=self.units[f"ward_{ward}"], title=f"Hỏi về khai sinh {ward}",
            content="Cần giấy tờ gì để đăng ký khai sinh trực tuyến?", name="Người Gửi Thử", phone="0912345678",
            wants_reply=True, consent_contact=True, consent_publish=False,
            uploads=[services.Upload(file=SimpleUploadedFile("don.pdf", PDF), content_type="application/pdf")],
        )  # fmt: skip
        if state == "received":
            return item
        officer = self.users["officer"]
        item = services.assign(item=item, unit=self.units[f"ward_{ward}"], user=officer)
        if state == "awaiting_approval":
            item = services.save_answer(item=item, user=officer, answer="Trả lời thử.", submit=True)
        return item

    @cached_property
    def poll_with_ballots(self):
        """An open poll with one ballot from ward A and one from ward B."""
        from surveys.models import Channel, ResultsVisibility
        from surveys.services import cast_ballot

        poll = self.poll(ResultsVisibility.ALWAYS)
        choice = poll.choices.first()
        for n, ward in enumerate(("ward_a", "ward_b")):
            cast_ballot(poll=poll, choice=choice, channel=Channel.WEB, voter_key=f"voter-{n}", ip=None,
                        unit=self.units[ward])  # fmt: skip
        return poll

    @cached_property
    def comments(self) -> dict:
        """A poll taking comments, with one pending comment from ward A and one from ward B."""
        from surveys.models import Ballot, Channel, ResultsVisibility
        from surveys.services import cast_ballot

        poll = self.poll(ResultsVisibility.ALWAYS)
        poll.allow_comment = True
        poll.save()
        choice = poll.choices.first()
        ballots = {}
        for n, ward in enumerate(("a", "b")):
            ballot = cast_ballot(poll=poll, choice=choice, channel=Channel.WEB, voter_key=f"c-{n}", ip=None,
                                 unit=self.units[f"ward_{ward}"], comment=f"Ý kiến phường {ward.upper()}")  # fmt: skip
            ballots[ward] = Ballot.objects.get(pk=ballot.pk)
        return ballots


@pytest.fixture
def world(home, units, roles, settings, tmp_path):
    settings.FEEDBACK_PRIVATE_ROOT = tmp_path  # citizens' attachments
    cache.clear()  # rate limits and screen feeds live in the cache
    yield World(home=home, units=units, roles=roles)
    cache.clear()


def client_for(role: str, world: World) -> Client:
    if role == "screen_token_a":
        # The screen's secret goes with every request: it must open its feed and nothing else.
        return Client(HTTP_AUTHORIZATION=f"Bearer {world.screens['a'].token}")
    client = Client()
    if role == "citizen":
        response = client.get(reverse("csrf"))  # hands out the voter cookie
        assert response.status_code == 200 and response.cookies
    elif role != "anonymous":
        client.force_login(world.users[role])
    return client


def refused(response) -> bool:
    """A clean refusal: login redirect, 401, 403 or 404 (never a 5xx)."""
    assert response.status_code < 500, response.status_code
    if response.status_code == 302:
        return "/login/" in response["Location"] or response["Location"].rstrip("/").endswith("/admin")
    return response.status_code in {400, 401, 403, 404, 409}


def ok(response, *statuses) -> bool:
    assert response.status_code < 500, response.status_code
    return response.status_code in (statuses or (200,))


# --- the actions: each returns whether it happened --------------------------------------------


def open_admin(client, world):
    response = client.get("/admin/")
    if ok(response):
        return True
    assert refused(response)
    return False


def _publish_draft_article(client, world, ward: str | None) -> bool:
    page = world.article(live=False, ward=ward)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish")) + f"?id={page.pk}"
    response = client.post(url, {"include_descendants": ""})
    assert response.status_code < 500
    page.refresh_from_db()
    return page.live


def _open_in_editor(client, world, ward: str | None) -> bool:
    page = world.article(live=False, ward=ward)
    response = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    if ok(response):
        assert b'name="title"' in response.content
        return True
    assert refused(response)
    return False


def _write_article(client, world, ward: str) -> bool:
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

    from news.models import NewsArticlePage

    slug = f"bai-moi-{ward}"
    data = nested_form_data({
        "title": "Bài mới về một cửa", "slug": slug, "lead": "Tóm tắt.", "lead_image": "", "lead_image_alt": "",
        "body": streamfield([("paragraph", rich_text("<p>Nội dung.</p>"))]), "category": world.category.pk,
        "tags": "", "author": "", "source_name": "", "source_url": "", "published_at": "2026-11-02 08:00",
        "plan_task": "", "procedure_links": inline_formset([]), "comments": inline_formset([]),
        "seo_title": "", "search_description": "",
    })  # fmt: skip
    data["units"] = [world.units[f"ward_{ward}"].pk]
    url = reverse("wagtailadmin_pages:add", args=("news", "newsarticlepage", world.news_index.pk))
    response = client.post(url, {**data, "action-submit": "1"})
    assert response.status_code < 500
    created = NewsArticlePage.objects.filter(slug=slug).first()
    assert created is None or list(created.units.all()) == [world.units[f"ward_{ward}"]]
    return created is not None


def _message_form(world, ward: str, *, kind: str = "announcement") -> dict:
    now = timezone.localtime()
    return {
        "kind": kind,
        "title": f"Thông báo {kind} {ward}",
        "text": "Nội dung thông báo.",
        "target_unit": world.units[f"ward_{ward}"].pk,
        "starts_at": now.strftime("%Y-%m-%d %H:%M"),
        "ends_at": (now + dt.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
        "days_of_week": list("1234567"),
        "duration_seconds": "10",
        "priority": "50",
        "submit_for_approval": "on",
    }


def _write_message(client, world, ward: str, kind: str = "announcement") -> bool:
    from screens.models import ScreenMessage

    world.screens  # the ward's screens must exist for the text-length check
    data = _message_form(world, ward, kind=kind)
    response = client.post(reverse("wagtailsnippets_screens_screenmessage:add"), data)
    assert response.status_code < 500
    return ScreenMessage.objects.filter(title=data["title"], kind=kind, target_unit=data["target_unit"]).exists()


def _approve(client, world, ward: str) -> bool:
    from screens.models import MessageStatus

    message = world.pending_message(ward)
    response = client.post(reverse("screens_admin:review", args=[message.pk]), {"action": "approve"})
    assert response.status_code < 500
    message.refresh_from_db()
    return message.status == MessageStatus.APPROVED


def _end_now(client, world, ward: str, kind: str = "announcement") -> bool:
    from screens.models import MessageStatus, ScreenMessage

    now = timezone.now()
    message = ScreenMessage.objects.create(
        title="Tin đang phát", kind=kind, target_unit=world.units[f"ward_{ward}"], status=MessageStatus.APPROVED,
        starts_at=now - dt.timedelta(minutes=5), ends_at=now + dt.timedelta(hours=1),
    )  # fmt: skip
    response = client.post(reverse("screens_admin:end", args=[message.pk]))
    assert response.status_code < 500
    message.refresh_from_db()
    return not message.is_running


def _emergency_state(client, world, screen: str) -> bool:
    response = client.get(reverse("screens:emergency_json", args=[world.screens[screen].pk]))
    if ok(response):
        assert "emergency" in response.json()
        return True
    assert response.status_code in {401, 403}
    return False


def _feed(client, world, screen: str) -> bool:
    response = client.get(reverse("screens:feed_json", args=[world.screens[screen].pk]))
    if ok(response):
        assert response.json()["screen"]["id"] == world.screens[screen].pk
        return True
    assert response.status_code in {401, 403}
    assert "TV" not in response.content.decode()  # nothing about the screen leaks
    return False


def _export(client, world, fmt: str) -> bool:
    poll = world.poll_with_ballots
    response = client.get(reverse("surveys_admin:export", args=[poll.pk, "ballots", fmt]))
    if not ok(response):
        assert refused(response)
        return False
    expected = "text/csv" if fmt == "csv" else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Type"].startswith(expected)
    return True


def export_includes_ward_b(client, world):
    poll = world.poll_with_ballots
    response = client.get(reverse("surveys_admin:export", args=[poll.pk, "ballots", "csv"]))
    if not ok(response):
        assert refused(response)
        return False
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Phường Tây Hồ" in body  # ward A's ballot is in every allowed export
    return "Phường Ba Đình" in body


def _officers_only_results(client, world, name: str) -> bool:
    from surveys.models import ResultsVisibility

    poll = world.poll(ResultsVisibility.OFFICERS)
    response = client.get(reverse(name, args=[poll.pk]))
    if ok(response):
        assert "no-store" in response.get("Cache-Control", "") or "private" in response.get("Cache-Control", "")
        return True
    assert response.status_code == 403
    return False


def _admin_page(url_name: str):
    def action(client, world):
        response = client.get(reverse(url_name))
        if ok(response):
            return True
        assert refused(response)
        return False

    return action


def rate_article(client, world):
    from news.models import Rating

    page = world.article(live=True)
    response = client.post(reverse("news:rate", args=[page.pk]), {"stars": "5"}, HTTP_ACCEPT="application/json")
    stored = Rating.objects.filter(page=page).count()
    assert stored == (1 if response.status_code == 200 else 0)
    return ok(response) and stored == 1


def _vote(client, poll) -> int:
    choice = poll.choices.first()
    return client.post(reverse("surveys:vote", args=[poll.pk]), {"choice": choice.pk}, HTTP_ACCEPT="application/json")


def vote(client, world):
    from surveys.models import Ballot, ResultsVisibility

    poll = world.poll(ResultsVisibility.ALWAYS)
    response = _vote(client, poll)
    return ok(response, 201) and Ballot.objects.filter(poll=poll).count() == 1


def vote_twice(client, world):
    from surveys.models import Ballot, ResultsVisibility

    poll = world.poll(ResultsVisibility.ALWAYS)
    assert _vote(client, poll).status_code == 201
    second = _vote(client, poll)
    assert Ballot.objects.filter(poll=poll).count() == (2 if second.status_code == 201 else 1)
    return ok(second, 201)


def _feedback_detail_shows_sender(client, world, ward: str) -> bool:
    item = world.feedback_item(ward)
    response = client.get(reverse("feedback_admin:detail", args=[item.pk]))
    if not ok(response):
        assert refused(response)
        return False
    return "Người Gửi Thử" in response.content.decode()


def _feedback_attachment(client, world, ward: str) -> bool:
    item = world.feedback_item(ward)
    response = client.get(reverse("feedback_admin:attachment", args=[item.attachments.get().pk]))
    if not ok(response):
        assert refused(response)
        return False
    return b"".join(response.streaming_content).startswith(b"%PDF")


def _feedback_act(client, world, *, ward: str, state: str, action: str, data=None) -> bool:
    from feedback.models import FeedbackItem

    item = world.feedback_item(ward, state)
    response = client.post(reverse("feedback_admin:act", args=[item.pk, action]), data or {})
    assert response.status_code < 500
    return FeedbackItem.objects.get(pk=item.pk).state != state


def _feedback_export(client, world) -> bool:
    response = client.get(reverse("feedback_admin:export", args=["csv"]))
    if not ok(response):
        assert refused(response)
        return False
    return response["Content-Type"].startswith("text/csv")


def _feedback_send(client, world) -> bool:
    from feedback.models import FeedbackItem

    data = {"kind": "idea", "field": "online", "title": "Nhắn tin khi có kết quả",
            "content": "Đề nghị gửi tin nhắn khi hồ sơ đã có kết quả."}  # fmt: skip
    response = client.post(reverse("feedback:send"), data)
    assert response.status_code < 500
    return response.status_code == 302 and FeedbackItem.objects.filter(title=data["title"]).exists()


def _feedback_support_twice(client, world) -> bool:
    item = world.feedback_item("a")
    from feedback.models import FeedbackItem

    FeedbackItem.objects.filter(pk=item.pk).update(kind="idea", consent_publish=True)
    url = reverse("feedback:support", args=[item.pk])
    client.post(url)
    client.post(url)
    return item.supports.count() == 2


def _sees_comment(client, world, ward: str) -> bool:
    ballot = world.comments[ward]
    response = client.get(reverse("surveys_admin:comments"))
    if not ok(response):
        assert refused(response)
        return False
    return ballot.comment in response.content.decode()


def _moderate_comment(client, world, ward: str) -> bool:
    from surveys.models import CommentStatus

    ballot = world.comments[ward]
    response = client.post(reverse("surveys_admin:comments"), {"ballot": ballot.pk, "action": "approve"})
    assert response.status_code < 500
    ballot.refresh_from_db()
    if ballot.comment_status == CommentStatus.APPROVED:
        return True
    assert refused(response), response.status_code
    return False


def _message_view(client, world, ward: str, view: str) -> bool:
    message = world.pending_message(ward)
    response = client.get(reverse(f"wagtailsnippets_screens_screenmessage:{view}", args=[message.pk]))
    if ok(response):
        assert message.title in response.content.decode()
        return True
    assert refused(response), response.status_code
    return False


ACTIONS = {
    "admin: open the admin": open_admin,
    "pages: publish a city-wide draft article": lambda c, w: _publish_draft_article(c, w, None),
    "pages: publish a ward A draft article": lambda c, w: _publish_draft_article(c, w, "a"),
    "pages: open a ward A article in the editor": lambda c, w: _open_in_editor(c, w, "a"),
    "pages: open a ward B article in the editor": lambda c, w: _open_in_editor(c, w, "b"),
    "pages: open a city-wide article in the editor": lambda c, w: _open_in_editor(c, w, None),
    "pages: write a new article about ward A": lambda c, w: _write_article(c, w, "a"),
    "pages: write a new article about ward B": lambda c, w: _write_article(c, w, "b"),
    "screens: write a message for ward A": lambda c, w: _write_message(c, w, "a"),
    "screens: write a message for ward B": lambda c, w: _write_message(c, w, "b"),
    "screens: approve a ward A message": lambda c, w: _approve(c, w, "a"),
    "screens: approve a ward B message": lambda c, w: _approve(c, w, "b"),
    "screens: send an emergency to ward A": lambda c, w: _write_message(c, w, "a", "emergency"),
    "screens: send an emergency to ward B": lambda c, w: _write_message(c, w, "b", "emergency"),
    "screens: end a running ward A message now": lambda c, w: _end_now(c, w, "a"),
    "screens: end a running ward B message now": lambda c, w: _end_now(c, w, "b"),
    "screens: end a running emergency now": lambda c, w: _end_now(c, w, "a", "emergency"),
    "screens: read screen A's feed (own token)": lambda c, w: _feed(c, w, "a"),
    "screens: poll screen A's emergency state (own token)": lambda c, w: _emergency_state(c, w, "a"),
    "screens: read screen B's feed (another screen's token)": lambda c, w: _feed(c, w, "b"),
    "surveys: export ballots as CSV": lambda c, w: _export(c, w, "csv"),
    "surveys: export ballots as XLSX": lambda c, w: _export(c, w, "xlsx"),
    "surveys: the export includes ward B's ballots": export_includes_ward_b,
    "surveys: officers-only results page": lambda c, w: _officers_only_results(c, w, "surveys:results"),
    "surveys: officers-only results JSON": lambda c, w: _officers_only_results(c, w, "surveys:results_json"),
    "plans: progress dashboard": _admin_page("plans_dashboard"),
    "bulletins: feed sources admin": _admin_page("wagtailsnippets_bulletins_feedsource:list"),
    "bulletins: press inbox": _admin_page("bulletins_inbox"),
    "news: rate an article": rate_article,
    "surveys: vote in a poll": vote,
    "surveys: vote a second time from the same browser": vote_twice,
    "feedback: open the citizens' messages inbox": _admin_page("feedback_admin:inbox"),
    "feedback: see the sender of a ward A message": lambda c, w: _feedback_detail_shows_sender(c, w, "a"),
    "feedback: see the sender of a ward B message": lambda c, w: _feedback_detail_shows_sender(c, w, "b"),
    "feedback: download a ward B message's attachment": lambda c, w: _feedback_attachment(c, w, "b"),
    "feedback: assign a new message to ward A": lambda c, w: _feedback_act(
        c, w, ward="a", state="received", action="assign", data={"unit": w.units["ward_a"].pk}
    ),
    "feedback: send a ward A answer for approval": lambda c, w: _feedback_act(
        c, w, ward="a", state="processing", action="submit", data={"answer": "Trả lời."}
    ),
    "feedback: send a ward B answer for approval": lambda c, w: _feedback_act(
        c, w, ward="b", state="processing", action="submit", data={"answer": "Trả lời."}
    ),
    "feedback: approve a ward A answer": lambda c, w: _feedback_act(
        c, w, ward="a", state="awaiting_approval", action="approve"
    ),
    "feedback: approve a ward B answer": lambda c, w: _feedback_act(
        c, w, ward="b", state="awaiting_approval", action="approve"
    ),
    "feedback: export the numbers as CSV": lambda c, w: _feedback_export(c, w),
    "feedback: send a question": _feedback_send,
    "feedback: support an idea a second time": _feedback_support_twice,
    "surveys: see a ward A comment awaiting moderation": lambda c, w: _sees_comment(c, w, "a"),
    "surveys: see a ward B comment awaiting moderation": lambda c, w: _sees_comment(c, w, "b"),
    "surveys: moderate a ward A comment": lambda c, w: _moderate_comment(c, w, "a"),
    "surveys: moderate a ward B comment": lambda c, w: _moderate_comment(c, w, "b"),
    "screens: open a ward B message's history": lambda c, w: _message_view(c, w, "b", "history"),
    "screens: open a ward B message's usage": lambda c, w: _message_view(c, w, "b", "usage"),
    "screens: open a ward A message's history": lambda c, w: _message_view(c, w, "a", "history"),
}
assert ACTIONS.keys() == MATRIX.keys()


@pytest.mark.parametrize(("role", "action", "allowed"), CASES)
def test_permission_matrix(role, action, allowed, world):
    client = client_for(role, world)
    happened = ACTIONS[action](client, world)
    assert happened is allowed, f"{role} {'should' if allowed else 'should not'} be able to: {action}"


# The same table, asked of the permission policies directly (what services and admin views ask):
# the HTTP answers above must come from these rules, not from a second copy in a view.
STAFF = ("anonymous", "ward_editor_a", "approver_city", "approver_a", "officer")


def _staff_user(role: str, world: World):
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser() if role == "anonymous" else world.users[role]


def _policy_save(world, user, ward: str, kind: str = "announcement") -> bool:
    from screens.models import ScreenMessage
    from screens.permissions import message_policy

    message = ScreenMessage(title="Thông báo", kind=kind, target_unit=world.units[f"ward_{ward}"])
    return message_policy.save_refusal(user, message) is None


def _policy_review(world, user, ward: str) -> bool:
    from screens.permissions import message_policy

    return message_policy.review_refusal(user, world.pending_message(ward)) is None


def _policy_export_everything(world, user) -> bool:
    from django.core.exceptions import PermissionDenied

    from surveys.permissions import poll_policy

    try:
        return poll_policy.export_scope(user) is None
    except PermissionDenied:
        return False


POLICY_ACTIONS = {
    "screens: write a message for ward A": lambda w, u: _policy_save(w, u, "a"),
    "screens: write a message for ward B": lambda w, u: _policy_save(w, u, "b"),
    "screens: approve a ward A message": lambda w, u: _policy_review(w, u, "a"),
    "screens: approve a ward B message": lambda w, u: _policy_review(w, u, "b"),
    "screens: send an emergency to ward A": lambda w, u: _policy_save(w, u, "a", "emergency"),
    "screens: send an emergency to ward B": lambda w, u: _policy_save(w, u, "b", "emergency"),
    "surveys: the export includes ward B's ballots": _policy_export_everything,
}
POLICY_CASES = [
    pytest.param(role, action, MATRIX[action][ROLES.index(role)], id=f"policy-{role}-{action}")
    for action in POLICY_ACTIONS
    for role in STAFF
]


@pytest.mark.parametrize(("role", "action", "allowed"), POLICY_CASES)
def test_permission_policies_give_the_matrix_answers(role, action, allowed, world):
    user = _staff_user(role, world)
    assert POLICY_ACTIONS[action](world, user) is allowed, f"policy: {role} {action}"


# --- Every admin view, generated from the admin's URL patterns ------------------------------------------
#
# Each pattern under /admin/ is requested by every role. Nobody may get a 5xx; visitors, citizens and
# screens are always turned away; and every view of an object of a ward-scoped model is opened with
# ward B's object, which ward A's staff must not get. Every object view of the project's own apps must
# be classified below, so a new model or view cannot slip through unchecked.

SNIPPET = re.compile(r"^admin/snippets/(?:choose/)?(?P<app>\w+)/(?P<model>\w+)/")
PLACEHOLDER = re.compile(r"<(?:(?P<type>\w+):)?(?P<name>\w+)>")
PROJECT_APPS = ("campaign_site", "news", "bulletins", "surveys", "plans", "screens", "sitesearch")
# Models whose objects belong to a ward: (app, model) -> the World's ward B object.
WARD_SCOPED = {
    ("screens", "screenmessage"): lambda world: world.pending_message("b"),
    ("screens", "screen"): lambda world: world.screens["b"],
    ("surveys", "counter"): lambda world: world.counters["b"],  # a ward's one-stop counters
}
# Shared, city-wide objects, gated by model permissions only (not by ward).
CITY_WIDE = {
    ("campaign_site", "administrativeunit"),
    ("campaign_site", "abbreviation"),
    ("bulletins", "bulletinsection"),
    ("bulletins", "keywordrule"),
    ("news", "category"),
    ("bulletins", "feedsource"),
    ("screens", "displayprofile"),
    ("surveys", "poll"),  # polls are run by the city's information officers
    ("surveys", "answerscale"),  # the reusable answer scales, kept by the same officers
    ("surveys", "kiosk"),
    ("sitesearch", "synonym"),  # search synonyms are the city's, like the glossary
}
WARD_A_STAFF = ("ward_editor_a", "approver_a")
OUTSIDERS = ("anonymous", "citizen", "screen_token_a")
DELIBERATE_ERRORS = {"wagtailadmin_error_test"}  # Wagtail's "raise an exception" test view
# Admin views meant for people who are not signed in (the login and password reset pages and assets).
PUBLIC_ADMIN_VIEWS = {
    "wagtailadmin_login",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
}


def admin_patterns():
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(resolver, prefix=""):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                yield prefix + str(entry.pattern), entry.name

    return [(t, n) for t, n in walk(get_resolver()) if t.startswith("admin/") and n not in DELIBERATE_ERRORS]


def test_every_object_view_of_the_project_is_classified():
    unclassified = set()
    for template, _name in admin_patterns():
        match = SNIPPET.match(template)
        if match and match["app"] in PROJECT_APPS and PLACEHOLDER.search(template):
            key = (match["app"], match["model"])
            if key not in WARD_SCOPED and key not in CITY_WIDE:
                unclassified.add(key)
    assert not unclassified, f"classify these models as WARD_SCOPED or CITY_WIDE: {sorted(unclassified)}"


def fill(template: str, world) -> tuple[str, bool] | None:
    """The pattern with its placeholders filled, and whether it shows a ward B object."""
    match = SNIPPET.match(template)
    key = (match["app"], match["model"]) if match else None
    scoped = key in WARD_SCOPED and PLACEHOLDER.search(template) is not None
    value = str(WARD_SCOPED[key](world).pk) if scoped else "1"
    if "^" in template or "(" in template:
        return None  # the few regex routes of Wagtail's own admin are covered by tests/security/test_fuzz.py
    return "/" + PLACEHOLDER.sub(value, template), scoped


def test_every_admin_view_for_every_role(world):
    roles = list(ROLES)
    clients = {role: client_for(role, world) for role in roles}
    problems = []
    checked = 0
    for template, name in admin_patterns():
        filled = fill(template, world)
        if filled is None:
            continue
        url, scoped = filled
        for role, client in clients.items():
            response = client.get(url)
            checked += 1
            where = f"{role} GET {url} ({name}): {response.status_code}"
            if response.status_code >= 500:
                problems.append(where)
            elif role in OUTSIDERS and response.status_code == 200 and name not in PUBLIC_ADMIN_VIEWS:
                problems.append(f"{where} — an outsider got in")
            elif scoped and role in WARD_A_STAFF and response.status_code == 200:
                problems.append(f"{where} — ward A staff saw ward B's object")
    assert checked > 1000
    assert not problems, "\n".join(problems[:80])
