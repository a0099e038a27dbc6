"""The bulk-content command (benchmarks) and the demo content."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page

from news.models import ModelStoryPage, NewsArticlePage

pytestmark = pytest.mark.timeout(300)  # loading the whole demo takes minutes on a busy machine


def test_create_bulk_content_makes_valid_live_searchable_pages(client, news_index, make_article, units):
    existing = make_article("Bài có sẵn")
    out = StringIO()
    call_command("create_bulk_content", "--articles", "25", "--batch-size", "10", stdout=out)
    assert "Created 25 articles" in out.getvalue()
    articles = NewsArticlePage.objects.live().child_of(news_index)
    assert articles.count() == 26
    # the tree is consistent: treebeard finds no problems and the parent's numchild is right
    assert all(not problems for problems in Page.find_problems())
    assert Page.objects.get(pk=news_index.pk).numchild == 26
    bulk = articles.exclude(pk=existing.pk).order_by("-published_at").first()
    assert client.get(bulk.url).status_code == 200
    assert client.get(news_index.url).status_code == 200
    # they are in the search index, found without accents
    results = client.get("/search/", {"q": "bai viet thu nghiem"}).context["results"]
    assert results.paginator.count == 25
    # a page added the normal way afterwards still gets a free tree position
    later = make_article("Bài thêm sau")
    assert client.get(later.url).status_code == 200


def test_create_bulk_content_needs_an_index_and_a_positive_count(db):
    with pytest.raises(CommandError):
        call_command("create_bulk_content", "--articles", "0")
    with pytest.raises(CommandError):
        call_command("create_bulk_content", "--articles", "3")


def test_demo_loads_idempotently(client, db):
    from campaign_site import demo as site_demo
    from news import demo

    home, units = site_demo.load()
    lines = demo.load(home=home, units=units, stdout=StringIO())
    demo.load(home=home, units=units, stdout=StringIO())
    articles = NewsArticlePage.objects.live()
    assert articles.count() >= 30
    assert len({a.published_at.month for a in articles}) >= 5
    assert articles.values("category").distinct().count() >= 5
    assert articles.filter(lead_image__isnull=False).exclude(lead_image_alt="").count() >= 3
    assert not articles.filter(lead_image__isnull=False, lead_image_alt="").exists()
    stories = ModelStoryPage.objects.live()
    assert stories.count() == 5
    assert all(story.figures.exists() for story in stories)
    tay_ho = stories.get(slug="tay-ho-cu-tru-truc-tuyen")
    assert str(tay_ho.figures.first().value) == "87.05"
    assert "/tin-cai-cach/" in lines[0]
    home_html = client.get("/").content.decode()
    assert "Tin cải cách mới nhất" in home_html and "Mô hình điển hình" in home_html
    assert "87,05%" in client.get(tay_ho.url).content.decode()


def test_demo_has_a_ward_draft_waiting_for_the_wards_approver(db):
    from django.contrib.auth import get_user_model
    from wagtail.models import TaskState

    from campaign_site import demo as site_demo
    from news import demo

    home, units = site_demo.load()
    lines = demo.load(home=home, units=units, stdout=StringIO())
    demo.load(home=home, units=units, stdout=StringIO())
    draft = NewsArticlePage.objects.get(slug=demo.PENDING_SLUG)  # once, however often the demo runs
    assert not draft.live and draft.workflow_in_progress
    assert list(draft.units.all()) == [units["00103"]]
    assert any("Chờ duyệt" in line for line in lines)
    users = {u.username: u for u in get_user_model().objects.all()}
    for name in ("lanhdao.tayho", "lanhdao.duyet"):
        reviewable = TaskState.objects.reviewable_by(users[name]).values_list("workflow_state__object_id", flat=True)
        assert str(draft.pk) in set(reviewable), name
    assert draft.permissions_for_user(users["bientap.tayho"]).can_edit()
    assert not draft.permissions_for_user(users["bientap.badinh"]).can_edit()
