"""Fixtures the whole suite shares: a site with a home page, units, and users for each role."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import get_resolver
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from wagtail.models import Page, Site

from campaign_site.access.roles import APPROVER, INFORMATION_OFFICER, SCREEN_OPERATOR, WARD_EDITOR, ensure_roles
from campaign_site.models import AdministrativeUnit, HomePage, OfficerProfile
from campaign_site.models.units import UnitLevel
from tests.wagtail_tree import ensure_wagtail_tree

# Property tests judge inputs, not speed: no wall-clock deadline to flake on a loaded CI machine.
hypothesis_settings.register_profile(
    "campaign", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
hypothesis_settings.load_profile("campaign")

# The test database's `migrate` runs with translations switched off and loads the URLconf for its
# checks; words Wagtail fixes while registering its admin views ("Choose …", the group editor's
# "Add"/"Edit") would stay English for the whole session. A server loads it in the site's language.
with translation.override(settings.LANGUAGE_CODE):
    get_resolver().url_patterns  # loading it is the point

TESTS = Path(__file__).resolve().parent
SLOW_TIMEOUT = 300  # seconds for a browser or ops test (a real server, a browser, a worker process)


def pytest_collection_modifyitems(config, items):
    """Mark tests/ops as `ops`; browser and ops tests get the longer per-test timeout."""
    for item in items:
        if (TESTS / "ops") in Path(item.fspath).parents:
            item.add_marker(pytest.mark.ops)
        if item.get_closest_marker("timeout") is None and (
            item.get_closest_marker("e2e") or item.get_closest_marker("ops")
        ):
            item.add_marker(pytest.mark.timeout(SLOW_TIMEOUT))


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (menus, page cache, rate limits, feed versions)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db) -> HomePage:
    """The site's home page, as the only default site's root."""
    root = ensure_wagtail_tree()
    for placeholder in Page.objects.filter(depth=2):
        Site.objects.filter(root_page=placeholder).delete()
        placeholder.delete()
    root = Page.objects.get(pk=root.pk)
    home = root.add_child(instance=HomePage(title="Cải cách hành chính", slug="home"))
    home.save_revision().publish()
    Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True, site_name="CCHC")
    return HomePage.objects.get(pk=home.pk)


@pytest.fixture
def units(db) -> dict[str, AdministrativeUnit]:
    """City → ward A (Tây Hồ), ward B (Ba Đình); and a legacy district → ward C below the city."""
    city = AdministrativeUnit.objects.create(name="Thành phố Hà Nội", code="01", level=UnitLevel.PROVINCE)
    ward_a = AdministrativeUnit.objects.create(name="Phường Tây Hồ", code="00103", level=UnitLevel.COMMUNE, parent=city)
    ward_b = AdministrativeUnit.objects.create(
        name="Phường Ba Đình", code="00004", level=UnitLevel.COMMUNE, parent=city
    )
    district = AdministrativeUnit.objects.create(
        name="Quận Hoàn Kiếm", code="Q-002", level=UnitLevel.DISTRICT, parent=city
    )
    ward_c = AdministrativeUnit.objects.create(
        name="Phường Hàng Bạc", code="00082", level=UnitLevel.COMMUNE, parent=district
    )
    return {"city": city, "ward_a": ward_a, "ward_b": ward_b, "district": district, "ward_c": ward_c}


@pytest.fixture
def make_user(db):
    """make_user(role=None, unit=None, superuser=False) -> a saved user in that role's group."""
    User = get_user_model()
    counter = {"n": 0}

    def _make(role: str | None = None, unit: AdministrativeUnit | None = None, superuser: bool = False, **extra):
        counter["n"] += 1
        user = User.objects.create_user(
            username=extra.pop("username", f"user{counter['n']}"),
            password=extra.pop("password", "mat-khau-thu-nghiem-1"),
            is_superuser=superuser,
            is_staff=superuser,
            **extra,
        )
        if role:
            groups = ensure_roles()
            user.groups.add(groups[role])
        if unit:
            OfficerProfile.objects.create(user=user, unit=unit)
        return user

    return _make


@pytest.fixture
def roles(home):
    """The role groups with their page permissions and the moderation workflow on `home`."""
    return ensure_roles(root_page=home)


@pytest.fixture
def officer(make_user, units, roles):
    return make_user(INFORMATION_OFFICER, units["city"], username="officer")


@pytest.fixture
def ward_editor(make_user, units, roles):
    return make_user(WARD_EDITOR, units["ward_a"], username="editor_a")


@pytest.fixture
def other_ward_editor(make_user, units, roles):
    return make_user(WARD_EDITOR, units["ward_b"], username="editor_b")


@pytest.fixture
def approver(make_user, units, roles):
    return make_user(APPROVER, units["city"], username="approver")


@pytest.fixture
def screen_operator(make_user, units, roles):
    return make_user(SCREEN_OPERATOR, units["city"], username="operator")
