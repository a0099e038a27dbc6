"""An organisation in Vietnamese with an English translation, built the way an officer would:
Vietnamese pages, then simple_translation's copy rewritten in English and published."""

import pytest
from wagtail.actions.copy_for_translation import CopyPageForTranslationAction
from wagtail.models import Locale

from organisation.models import UnitIndexPage, UnitPage, UnitPerson


def translate(page, locale, **fields):
    copy = CopyPageForTranslationAction(page=page, locale=locale).execute(skip_permission_checks=True).specific
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    return type(copy).objects.get(pk=copy.pk)


@pytest.fixture
def english(db) -> Locale:
    return Locale.objects.get_or_create(language_code="en")[0]


@pytest.fixture
def organisation(home, units):
    """The index with pages for the city and ward A (Tây Hồ); ward B has none; the district is inactive."""
    units["district"].is_active = False
    units["district"].save()
    index = home.add_child(instance=UnitIndexPage(title="Cơ cấu tổ chức", slug="co-cau-to-chuc", show_in_menus=True))
    index.save_revision().publish()
    city = UnitPage(
        title="Ủy ban nhân dân Thành phố Hà Nội",
        slug="thanh-pho-ha-noi",
        unit=units["city"],
        functions="<p>Chỉ đạo công tác cải cách hành chính của các phường, xã.</p>",
        address="Số 12 Lê Lai, Hà Nội",
        phone="024 0000 0101",
        email="ubnd@demo.cchc.hanoi.gov.vn",
        office_hours="Thứ Hai đến thứ Sáu: 8:00–17:00",
        one_stop_location="Trung tâm Phục vụ hành chính công",
        one_stop_hours="Sáng thứ Bảy: 8:00–12:00",
    )
    city.people = [
        UnitPerson(sort_order=1, role="leader", name="Nguyễn Văn Minh", title="Phó Chủ tịch", phone="024 0000 0102"),
        UnitPerson(
            sort_order=2, role="focal", name="Trần Thị Hồng", title="Chuyên viên", email="hong@demo.cchc.hanoi.gov.vn"
        ),
    ]
    index.add_child(instance=city)
    city.save_revision().publish()
    ward = UnitPage(title="Ủy ban nhân dân phường Tây Hồ", slug="phuong-tay-ho", unit=units["ward_a"])
    index.add_child(instance=ward)
    ward.save_revision().publish()
    return {"index": index, "city": UnitPage.objects.get(pk=city.pk), "ward": UnitPage.objects.get(pk=ward.pk)}


@pytest.fixture
def english_site(home, organisation, english):
    """English versions of the home page, the index and the city's page (not of ward A's)."""
    home_en = translate(home, english, title="Administrative reform", intro="The reform portal in English.")
    index_en = translate(organisation["index"], english, title="Organisation", slug="organisation")
    city_en = translate(
        organisation["city"], english, title="Hanoi People's Committee", slug="hanoi", office_hours="Mon–Fri 8:00–17:00"
    )
    return {"home": home_en, "index": index_en, "city": city_en}
