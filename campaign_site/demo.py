"""Demo content shared by every app: the unit tree, the glossary, the home page, the roles and
one account per role. Idempotent: every object is looked up by a natural key before it is made.

Each app adds its own demo in `<app>/demo.py` with `load(*, home, stdout) -> list[str]`; the
returned lines (tokens, URLs) are printed at the end of `load_demo_data`.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.models import Page, Site

from campaign_site.access.roles import APPROVER, INFORMATION_OFFICER, SCREEN_OPERATOR, WARD_EDITOR, ensure_roles
from campaign_site.models import Abbreviation, AdministrativeUnit, GlossaryPage, HomePage, OfficerProfile, SiteIdentity
from campaign_site.models.units import UnitLevel

# The unit tree after the 2025 reform (city → wards and communes), plus one legacy district kept
# for older content. Codes are the official ones where known.
UNITS = [
    ("01", "Thành phố Hà Nội", "Hà Nội", UnitLevel.PROVINCE, None),
    ("00004", "Phường Ba Đình", "Ba Đình", UnitLevel.COMMUNE, "01"),
    ("00103", "Phường Tây Hồ", "Tây Hồ", UnitLevel.COMMUNE, "01"),
    ("00070", "Phường Hoàn Kiếm", "Hoàn Kiếm", UnitLevel.COMMUNE, "01"),
    ("00166", "Phường Cầu Giấy", "Cầu Giấy", UnitLevel.COMMUNE, "01"),
    ("00598", "Phường Hà Đông", "Hà Đông", UnitLevel.COMMUNE, "01"),
    ("09619", "Xã Sóc Sơn", "Sóc Sơn", UnitLevel.COMMUNE, "01"),
    ("SNV", "Sở Nội vụ Hà Nội", "Sở Nội vụ", UnitLevel.AGENCY, "01"),
    ("SKHCN", "Sở Khoa học và Công nghệ Hà Nội", "Sở KH&CN", UnitLevel.AGENCY, "01"),
    ("Q-002", "Quận Hoàn Kiếm (trước 01/7/2025)", "Q. Hoàn Kiếm", UnitLevel.DISTRICT, "01"),
    ("00082", "Phường Hàng Bạc (trước 01/7/2025)", "Hàng Bạc", UnitLevel.COMMUNE, "Q-002"),
]

ABBREVIATIONS = [
    ("CCHC", "Cải cách hành chính"),
    ("TTHC", "Thủ tục hành chính"),
    ("UBND", "Ủy ban nhân dân"),
    ("HĐND", "Hội đồng nhân dân"),
    ("CĐS", "Chuyển đổi số"),
    ("TTTT", "Thông tin và Truyền thông"),
    ("BHXH", "Bảo hiểm xã hội"),
    ("BHYT", "Bảo hiểm y tế"),
    ("DVCTT", "Dịch vụ công trực tuyến"),
    ("PAR Index", "Chỉ số cải cách hành chính cấp tỉnh"),
    ("SIPAS", "Chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước"),
    ("CSDL", "Cơ sở dữ liệu"),
    ("VNeID", "Ứng dụng định danh và xác thực điện tử quốc gia"),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    name: str
    role: str | None
    unit_code: str | None
    superuser: bool = False


DEMO_USERS = [
    DemoUser("admin", "quantri-demo-2026", "Quản trị hệ thống", None, None, superuser=True),
    DemoUser("canbo.thongtin", "thongtin-demo-2026", "Nguyễn Thu Hà", INFORMATION_OFFICER, "01"),
    DemoUser("bientap.tayho", "tayho-demo-2026", "Trần Minh Đức", WARD_EDITOR, "00103"),
    DemoUser("bientap.badinh", "badinh-demo-2026", "Lê Thị Lan", WARD_EDITOR, "00004"),
    DemoUser("lanhdao.duyet", "duyet-demo-2026", "Phạm Quốc Hưng", APPROVER, "01"),
    DemoUser("lanhdao.tayho", "duyettayho-demo-2026", "Đỗ Văn Thành", APPROVER, "00103"),
    DemoUser("vanhanh.manhinh", "manhinh-demo-2026", "Hoàng Anh Tuấn", SCREEN_OPERATOR, "01"),
]


def load_units() -> dict[str, AdministrativeUnit]:
    units: dict[str, AdministrativeUnit] = {}
    for code, name, short, level, parent_code in UNITS:
        unit = AdministrativeUnit.objects.filter(code=code).first() or AdministrativeUnit(code=code)
        unit.name, unit.short_name, unit.level = name, short, level
        unit.parent = units.get(parent_code) if parent_code else None
        unit.save()
        units[code] = unit
    return units


def load_glossary() -> None:
    for short, expansion in ABBREVIATIONS:
        Abbreviation.objects.update_or_create(short=short, defaults={"expansion": expansion})


def load_home() -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's initial migration makes a placeholder "Welcome" page; ours replaces it.
        for placeholder in Page.objects.filter(depth=2).exclude(content_type__model="homepage"):
            Site.objects.filter(root_page=placeholder).delete()
            placeholder.delete()
        home = root.add_child(
            instance=HomePage(
                title="Cải cách hành chính Hà Nội",
                slug="trang-chu",
                intro=(
                    "Cổng thông tin tuyên truyền cải cách hành chính: tin tức, bản tin báo chí hằng ngày, "
                    "mô hình điển hình, kế hoạch năm và ý kiến đánh giá của người dân."
                ),
            )
        )
        home.save_revision().publish()
    # The demo is served by `make run` on 127.0.0.1:8000: full URLs (QR codes, feeds, e-mail text)
    # must point there. A real deployment edits the site record in the admin (Settings → Sites).
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "127.0.0.1", "port": 8000, "root_page": home, "site_name": "Cải cách hành chính Hà Nội"},
    )
    return home


def load_glossary_page(home: HomePage) -> GlossaryPage:
    page = GlossaryPage.objects.first()
    if page is None:
        page = home.add_child(
            instance=GlossaryPage(
                title="Từ viết tắt",
                slug="tu-viet-tat",
                show_in_menus=True,
                intro="<p>Giải nghĩa các từ viết tắt thường gặp trong tin bài về cải cách hành chính.</p>",
            )
        )
        page.save_revision().publish()
    return page


def move_glossary_last(home: HomePage) -> None:
    """The glossary is made first but belongs at the end of the main menu."""
    glossary = GlossaryPage.objects.child_of(home).first()
    last = home.get_children().last()
    if glossary and last and last.pk != glossary.pk:
        glossary.move(home, pos="last-child")


def load_site_identity() -> None:
    site = Site.objects.get(is_default_site=True)
    identity = SiteIdentity.for_site(site)
    identity.site_name = "Cải cách hành chính Thành phố Hà Nội"
    identity.governing_body = "Ủy ban nhân dân Thành phố Hà Nội"
    identity.address = "Số 12 Lê Lai, phường Hoàn Kiếm, Hà Nội"
    identity.phone = "024 3825 3536"
    identity.email = "cchc@hanoi.gov.vn"
    identity.footer_text = "Trang thông tin tuyên truyền cải cách hành chính (bản trình diễn)."
    identity.hotline = "1022"
    identity.office_hours = "Thứ Hai đến thứ Sáu: 8:00–12:00 và 13:30–17:00\nSáng thứ Bảy: 8:00–12:00"
    identity.map_url = "https://www.openstreetmap.org/search?query=12%20L%C3%AA%20Lai%2C%20H%C3%A0%20N%E1%BB%99i"
    identity.national_portal_url = "https://dichvucong.gov.vn"
    identity.city_portal_url = "https://dichvucong.hanoi.gov.vn"
    identity.case_lookup_url = "https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html"
    identity.save()


def load_users(units: dict[str, AdministrativeUnit], groups) -> list[DemoUser]:
    User = get_user_model()
    for demo in DEMO_USERS:
        user = User.objects.filter(username=demo.username).first() or User(username=demo.username)
        first, _, last = demo.name.rpartition(" ")
        user.first_name, user.last_name = last, first
        user.email = f"{demo.username}@demo.cchc.hanoi.gov.vn"
        user.is_staff = demo.superuser
        user.is_superuser = demo.superuser
        user.set_password(demo.password)
        user.save()
        if demo.role:
            user.groups.set([groups[demo.role]])
        if demo.unit_code:
            OfficerProfile.objects.update_or_create(user=user, defaults={"unit": units[demo.unit_code]})
    return DEMO_USERS


@transaction.atomic
def load() -> tuple[HomePage, dict[str, AdministrativeUnit]]:
    units = load_units()
    load_glossary()
    home = load_home()
    load_glossary_page(home)
    load_site_identity()
    groups = ensure_roles(root_page=home)
    load_users(units, groups)
    return home, units
