"""Unit pages and the organisation chart: what a citizen reads, and what the data refuses."""

import re

import pytest
from django.db import IntegrityError, transaction

from organisation import selectors
from organisation.models import UnitPage, UnitPerson

pytestmark = pytest.mark.django_db


def test_unit_page_shows_contacts_one_stop_office_and_people(client, organisation):
    html = client.get("/co-cau-to-chuc/thanh-pho-ha-noi/").content.decode()
    assert '<h1 id="unit-title">Ủy ban nhân dân Thành phố Hà Nội</h1>' in html
    assert "Chỉ đạo công tác cải cách hành chính" in html  # functions and duties (rich text)
    assert "Số 12 Lê Lai, Hà Nội" in html
    assert 'href="tel:02400000101"' in html
    assert 'href="mailto:ubnd@demo.cchc.hanoi.gov.vn"' in html
    assert "Giờ làm việc" in html and "Thứ Hai đến thứ Sáu: 8:00–17:00" in html
    assert "Bộ phận Một cửa" in html and "Trung tâm Phục vụ hành chính công" in html
    leaders = html.split('id="unit-leaders"')[1].split("</section>")[0]
    focal = html.split('id="unit-focal"')[1].split("</section>")[0]
    assert "Nguyễn Văn Minh" in leaders and "Phó Chủ tịch" in leaders and "Trần Thị Hồng" not in leaders
    assert "Trần Thị Hồng" in focal and 'href="mailto:hong@demo.cchc.hanoi.gov.vn"' in focal


def test_sections_without_data_are_left_out(client, organisation):
    html = client.get("/co-cau-to-chuc/phuong-tay-ho/").content.decode()
    assert 'id="unit-one-stop"' not in html
    assert 'id="unit-leaders"' not in html and 'id="unit-focal"' not in html
    # "Trực thuộc": the ward names the city and links to its page.
    assert (
        "Trực thuộc" in html and 'href="/co-cau-to-chuc/thanh-pho-ha-noi/">Ủy ban nhân dân Thành phố Hà Nội</a>' in html
    )


def test_chart_is_the_active_unit_tree_as_nested_lists_with_headings(client, organisation, units):
    html = client.get("/co-cau-to-chuc/").content.decode()
    chart = html.split('class="org-chart"')[1].split("</section>")[0]
    assert "<script" not in chart
    assert re.search(r'<h3 class="org-node__name"><a href="/co-cau-to-chuc/thanh-pho-ha-noi/">', chart)
    # Sub-units under a heading per kind, each unit linked to its page when it has one.
    assert re.search(
        r'<h4 class="org-group__title">Xã / phường / thị trấn / đặc khu '
        r'<span class="org-group__count">\(2\)</span></h4>',
        chart,
    )
    assert 'href="/co-cau-to-chuc/phuong-tay-ho/">Ủy ban nhân dân phường Tây Hồ</a>' in chart
    assert "Phường Ba Đình" in chart and "Phường Ba Đình</a>" not in chart  # no page: plain text
    assert "Quận Hoàn Kiếm" not in chart and "Phường Hàng Bạc" not in chart  # inactive district and below it
    # Nesting: ward A's item sits inside the city's item.
    city_item = chart.split('<li class="org-node">', 1)[1]
    assert city_item.index("thanh-pho-ha-noi") < city_item.index("phuong-tay-ho")


def test_chart_groups_and_headings_follow_depth(units):
    from wagtail.models import Locale

    nodes = selectors.chart(Locale.get_default())
    assert [node.unit for node in nodes] == [units["city"]]
    kinds = {group.label: [kid.unit for kid in group.nodes] for group in nodes[0].groups}
    assert any(units["district"] in members for members in kinds.values())
    district = next(kid for group in nodes[0].groups for kid in group.nodes if kid.unit == units["district"])
    assert [kid.unit for group in district.groups for kid in group.nodes] == [units["ward_c"]]


def test_unit_page_lists_its_sub_units(client, organisation):
    html = client.get("/co-cau-to-chuc/thanh-pho-ha-noi/").content.decode()
    assert "Đơn vị trực thuộc" in html
    assert 'href="/co-cau-to-chuc/thanh-pho-ha-noi/" aria-current="page"' in html


def test_chart_costs_a_fixed_number_of_queries(organisation, units, django_assert_max_num_queries):
    from campaign_site.models import AdministrativeUnit
    from campaign_site.models.units import UnitLevel

    for n in range(30):
        AdministrativeUnit.objects.create(name=f"Xã {n}", code=f"X{n}", level=UnitLevel.COMMUNE, parent=units["city"])
    with django_assert_max_num_queries(3):
        nodes = selectors.chart(organisation["index"].locale)
    assert sum(len(group.nodes) for group in nodes[0].groups) == 32  # wards A and B and the 30 new


def test_one_page_per_unit_and_language_in_the_database(organisation, units):
    other = UnitPage(title="Phường Ba Đình", slug="phuong-ba-dinh", unit=units["ward_b"])
    organisation["index"].add_child(instance=other)
    # Past every form: two concurrent publications of one unit's page in one language.
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitPage.objects.filter(pk=other.pk).update(unit_locale=organisation["ward"].unit_locale)


def test_person_needs_a_name_and_a_known_role_in_the_database(organisation):
    page = organisation["city"]
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitPerson.objects.create(page=page, role="leader", name="", title="Chủ tịch")
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitPerson.objects.create(page=page, role="boss", name="A", title="B")


def _add_form(index, unit, **extra):
    data = {
        "title": "Trang mới",
        "slug": "trang-moi",
        "unit": str(unit.pk),
        # "functions" left out: the rich-text widget posts Draftail JSON, or nothing.
        "address": "",
        "phone": "",
        "email": "",
        "office_hours": "",
        "one_stop_location": "",
        "one_stop_hours": "",
        "people-TOTAL_FORMS": "0",
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "1000",
        "action-publish": "1",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize(
    ("unit_key", "extra", "field_message"),
    [
        ("ward_a", {}, "đã có trang bằng ngôn ngữ này"),
        ("ward_b", {"phone": "gọi tôi nhé"}, "Nhập số điện thoại chỉ gồm chữ số"),
        ("ward_b", {"phone": "=HYPERLINK(1)"}, "Nhập số điện thoại chỉ gồm chữ số"),
        ("ward_b", {"email": "khong-phai-email"}, "Nhập địa chỉ email."),
        (
            "ward_b",
            {
                "people-TOTAL_FORMS": "1",
                "people-0-role": "leader",
                "people-0-name": "Lê Văn A",
                "people-0-title": "Chủ tịch",
                "people-0-phone": "0912-abc",
                "people-0-ORDER": "1",
            },
            "Nhập số điện thoại chỉ gồm chữ số",
        ),
    ],
    ids=["unit-already-has-a-page", "phone-words", "phone-formula", "bad-email", "person-bad-phone"],
)
def test_admin_refuses_bad_unit_pages_in_vietnamese_and_creates_nothing(
    client, make_user, organisation, units, unit_key, extra, field_message
):
    admin = make_user(superuser=True)
    client.force_login(admin)
    index = organisation["index"]
    before = UnitPage.objects.count()
    response = client.post(
        f"/admin/pages/add/organisation/unitpage/{index.pk}/", _add_form(index, units[unit_key], **extra)
    )
    assert response.status_code == 200  # the form again, with the reason
    assert field_message in response.content.decode()
    assert UnitPage.objects.count() == before


def test_admin_creates_a_unit_page_with_people(client, make_user, organisation, units):
    admin = make_user(superuser=True)
    client.force_login(admin)
    index = organisation["index"]
    data = _add_form(
        index,
        units["ward_b"],
        phone="(024) 0000.0401",
        **{
            "people-TOTAL_FORMS": "1",
            "people-0-role": "focal",
            "people-0-name": "Ngô Thị Mai",
            "people-0-title": "Công chức",
            "people-0-phone": "+84 24 0000 0402",
            "people-0-email": "mai@demo.cchc.hanoi.gov.vn",
            "people-0-ORDER": "1",
        },
    )
    response = client.post(f"/admin/pages/add/organisation/unitpage/{index.pk}/", data)
    assert response.status_code == 302
    page = UnitPage.objects.get(unit=units["ward_b"])
    assert page.live and page.unit_locale == f"{units['ward_b'].pk}:{page.locale_id}"
    assert [(p.role, p.name) for p in page.people.all()] == [("focal", "Ngô Thị Mai")]


def test_ward_editor_edits_only_their_own_wards_page(organisation, make_user, units, roles):
    from campaign_site.access.roles import WARD_EDITOR

    editor = make_user(WARD_EDITOR, units["ward_a"])
    assert organisation["ward"].permissions_for_user(editor).can_edit()
    assert not organisation["city"].permissions_for_user(editor).can_edit()
