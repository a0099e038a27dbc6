"""Home-page slots: latest news (order 10) and featured model stories (order 40)."""

from news.slots import home_slots


def test_home_slots_orders_and_content(rf, home, make_article, make_story, units, news_index, story_index):
    article = make_article("Tin mới nhất")
    plain = make_story("Mô hình thường", unit=units["ward_b"])
    featured = make_story("Mô hình nổi bật", unit=units["ward_a"], featured=True)
    slots = home_slots(rf.get("/"), home)
    assert [slot.order for slot in slots] == [10, 40]
    assert slots[0].context["articles"][0].pk == article.pk
    assert slots[0].context["index_page"].pk == news_index.pk
    assert [s.pk for s in slots[1].context["stories"]] == [featured.pk, plain.pk]


def test_home_page_renders_slots(client, make_article, make_story, units):
    make_article("Tin trang chủ")
    make_story("Mô hình trang chủ", unit=units["ward_a"], featured=True)
    html = client.get("/").content.decode()
    assert "Tin trang chủ" in html and "Mô hình trang chủ" in html


def test_no_story_box_without_stories(client, rf, home, news_index):
    # The story slot is there (its HTML is cached with the news box) but renders nothing.
    (stories,) = [slot for slot in home_slots(rf.get("/"), home) if slot.order == 40]
    assert not stories.context["stories"]
    assert 'class="home-stories"' not in client.get("/").content.decode()
