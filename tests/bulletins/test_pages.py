"""The bulletin as readers get it: the page (shaped like seed 003), print, plain text, the index
with its archive, RSS/Atom, the home slot and the selectors other apps call."""

import datetime as dt

import feedparser
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from bulletins.models import BulletinItem, BulletinPage
from bulletins.selectors import bulletin_headlines, current_bulletin, latest_bulletin
from campaign_site.models import HomePage

pytestmark = pytest.mark.django_db

SEED_ITEMS = [
    ("local", "Tây Hồ: Cần chia sẻ kinh nghiệm hay trong cải cách hành chính và chuyển đổi số",
     "Phapluatxahoi.kinhtedothi.vn", dt.date(2024, 3, 21), "", "https://phapluatxahoi.kinhtedothi.vn/tay-ho-374160.html"),
    ("local", "Hà Nội đẩy mạnh tuyên truyền kiểm soát thủ tục hành chính, Đề án 06/Chính phủ",
     "Kinhtedothi.vn", dt.date(2024, 3, 21), "", "https://kinhtedothi.vn/ha-noi-day-manh.html"),
    ("local", "HĐND tỉnh Gia Lai giám sát công tác cải cách hành chính tại Chư Sê",
     "Baogialai.com.vn", dt.date(2024, 3, 22), "Vĩnh Hoàng", "https://baogialai.com.vn/giam-sat.html"),
    ("field", "Đẩy mạnh cải cách hành chính gắn với chuyển đổi số trong ngành Ngoại giao",
     "Baoquocte.vn", dt.date(2024, 3, 21), "Minh Nhật", "https://baoquocte.vn/ngoai-giao.html"),
    ("admin", "Hà Nội mở rộng kênh thông tin cải cách hành chính",
     "Hanoimoi.com.vn", dt.date(2024, 3, 22), "Hà Phong", "https://hanoimoi.com.vn/mo-rong-kenh.html"),
]  # fmt: skip


def make_bulletin(index, sections, day=dt.date(2024, 3, 22), *, publish=True, items=SEED_ITEMS) -> BulletinPage:
    page = BulletinPage(date=day, title="", slug="", live=False)
    for order, (section, heading, credit, original, author, url) in enumerate(reversed(items)):
        page.items.add(
            BulletinItem(
                section=sections[section],
                heading=heading,
                summary=f"Đoạn mở đầu của tin {heading}.\n\nĐoạn kết của tin.",
                credit=credit,
                original_date=original,
                author=author,
                source_url=url,
                sort_order=len(items) - order,
            )
        )
    index.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return BulletinPage.objects.get(pk=page.pk)


def test_page_reads_like_seed_003(client, bulletin_index, sections):
    page = make_bulletin(bulletin_index, sections)
    assert page.title == "Bản tin Cải cách hành chính ngày 22/3/2024"
    assert page.slug == "2024-03-22"
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    # Table of contents: sections in order, items numbered across the whole bulletin, anchors.
    assert html.index("CẢI CÁCH ĐỊA PHƯƠNG") < html.index("LĨNH VỰC CẢI CÁCH") < html.index("QUẢN LÝ HÀNH CHÍNH")
    assert '<ol class="bulletin__toc-list" start="4">' in html
    assert '<ol class="bulletin__toc-list" start="5">' in html
    for number in range(1, 6):
        assert f'href="#tin-{number}"' in html and f'id="tin-{number}"' in html
    # Each item ends with its credit, then the source URL, then "Về đầu trang".
    assert 'Đoạn kết của tin. <span class="bulletin__credit">(Kinhtedothi.vn 21/3)</span>' in html
    assert "(Baogialai.com.vn 22/3, Vĩnh Hoàng)" in html
    assert "(Hanoimoi.com.vn 22/3, Hà Phong)" in html
    assert '<a href="https://baogialai.com.vn/giam-sat.html" rel="noopener">' in html
    assert html.count("Về đầu trang") == 5
    assert html.index("(Baogialai.com.vn 22/3, Vĩnh Hoàng)") < html.index("https://baogialai.com.vn/giam-sat.html")


def test_items_without_section_come_last(bulletin_index, sections):
    items = [*SEED_ITEMS[:1], ("none", "Tin không chuyên mục", "Bao.vn", dt.date(2024, 3, 21), "", "")]
    page = make_bulletin(bulletin_index, {**sections, "none": None}, items=items)
    groups = page.grouped_items()
    assert [g["section"] for g in groups] == [sections["local"], None]
    assert [i.number for g in groups for i in g["items"]] == [1, 2]


def test_one_bulletin_per_date(bulletin_index, sections):
    make_bulletin(bulletin_index, sections)
    with pytest.raises(ValidationError) as error:
        BulletinPage(date=dt.date(2024, 3, 22), title="x", slug="x2", path="zz", depth=3).full_clean()
    assert "date" in error.value.message_dict


def test_javascript_source_url_is_refused():
    item = BulletinItem(
        heading="x", summary="y", credit="Bao.vn", original_date=dt.date(2024, 3, 1), source_url="javascript:alert(1)"
    )
    with pytest.raises(ValidationError):
        item.full_clean(exclude=["page"])


def test_print_view(client, bulletin_index, sections):
    page = make_bulletin(bulletin_index, sections)
    response = client.get(page.url + "in/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "print.css" in html and "(Kinhtedothi.vn 21/3)" in html
    assert "<script" not in html


def test_plain_text_version(client, bulletin_index, sections):
    page = make_bulletin(bulletin_index, sections)
    response = client.get(page.url + "txt/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("BẢN TIN CẢI CÁCH HÀNH CHÍNH NGÀY 22/3/2024\nThứ sáu, 22/3/2024\n")
    assert "1. Tây Hồ: Cần chia sẻ kinh nghiệm hay" in text
    assert "Đoạn kết của tin. (Baogialai.com.vn 22/3, Vĩnh Hoàng)\n\nhttps://baogialai.com.vn/giam-sat.html" in text
    assert "<" not in text
    assert page.plain_text_url() == "/ban-tin/2024-03-22/txt/"


def test_draft_bulletin_is_not_public(client, bulletin_index, sections):
    page = make_bulletin(bulletin_index, sections, publish=False)
    assert client.get("/ban-tin/2024-03-22/txt/").status_code == 404
    assert client.get(bulletin_index.url).content.decode().count(page.title) == 0


def test_index_and_archive(client, bulletin_index, sections, django_assert_max_num_queries):
    for day in (dt.date(2024, 2, 28), dt.date(2024, 3, 21), dt.date(2024, 3, 22)):
        make_bulletin(bulletin_index, sections, day=day, items=SEED_ITEMS[:1])
    with django_assert_max_num_queries(20):
        html = client.get(bulletin_index.url).content.decode()
    assert html.index("ngày 22/3/2024") < html.index("ngày 21/3/2024") < html.index("ngày 28/2/2024")
    assert "Tháng 3/2024</a> (2)" in html and "Tháng 2/2024</a> (1)" in html
    march = client.get(f"{bulletin_index.url}2024/3/").content.decode()
    assert "ngày 22/3/2024" in march and "ngày 28/2/2024" not in march
    assert client.get(f"{bulletin_index.url}2024/").status_code == 200
    assert client.get(f"{bulletin_index.url}2024/13/").status_code == 404
    assert client.get(f"{bulletin_index.url}1999/").status_code == 404


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feeds_are_valid(client, bulletin_index, sections, kind):
    make_bulletin(bulletin_index, sections)
    make_bulletin(bulletin_index, sections, day=dt.date(2024, 3, 21), items=SEED_ITEMS[:2])
    response = client.get(f"{bulletin_index.url}{kind}/")
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == ("rss20" if kind == "rss" else "atom10")
    assert [e.title for e in parsed.entries] == [
        "Bản tin Cải cách hành chính ngày 22/3/2024",
        "Bản tin Cải cách hành chính ngày 21/3/2024",
    ]
    assert "Tây Hồ: Cần chia sẻ" in parsed.entries[0].summary


def test_selectors(bulletin_index, sections):
    today = timezone.localdate()
    assert latest_bulletin() is None and bulletin_headlines(None) == []
    page = make_bulletin(bulletin_index, sections, day=today)
    make_bulletin(bulletin_index, sections, day=today - dt.timedelta(days=1), publish=False)
    assert latest_bulletin() == page
    assert latest_bulletin(on=today - dt.timedelta(days=1)) is None  # a draft is not live
    assert bulletin_headlines(page, limit=3) == [heading for _s, heading, *_rest in SEED_ITEMS[:3]]
    assert current_bulletin(on=today + dt.timedelta(days=3)) == page


def test_home_slot_shows_current_headlines(client, home, bulletin_index, sections):
    make_bulletin(bulletin_index, sections, day=timezone.localdate() - dt.timedelta(days=1))
    html = client.get(HomePage.objects.get().url).content.decode()
    assert "home-bulletin" in html
    assert "Tây Hồ: Cần chia sẻ kinh nghiệm hay" in html


def test_search_finds_bulletins_without_accents(bulletin_index, sections):
    page = make_bulletin(bulletin_index, sections)
    assert "cai cach hanh chinh" in page.folded_search_text
    assert "gia lai giam sat" in page.folded_search_text
