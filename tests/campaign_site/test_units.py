import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from campaign_site.models import AdministrativeUnit
from campaign_site.models.units import UnitLevel


def test_paths_and_depth(units):
    assert units["city"].path == f"/{units['city'].pk}/"
    assert units["ward_c"].path == f"/{units['city'].pk}/{units['district'].pk}/{units['ward_c'].pk}/"
    assert (units["city"].depth, units["district"].depth, units["ward_c"].depth) == (1, 2, 3)


def test_subtree_at_any_depth(units):
    subtree = set(AdministrativeUnit.objects.subtree_of(units["district"]))
    assert subtree == {units["district"], units["ward_c"]}
    assert set(units["city"].subtree()) == set(units.values())


def test_ancestors(units):
    assert list(units["ward_c"].ancestors()) == [units["city"], units["district"], units["ward_c"]]


def test_is_within(units):
    assert units["ward_c"].is_within(units["city"])
    assert units["ward_c"].is_within(units["district"])
    assert not units["ward_a"].is_within(units["district"])


def test_moving_a_unit_moves_its_subtree(units):
    district, ward_c = units["district"], units["ward_c"]
    district.parent = units["ward_a"]  # odd, but exercises a move one level deeper
    district.save()
    ward_c.refresh_from_db()
    assert ward_c.path.startswith(units["ward_a"].path)
    assert ward_c.depth == 4
    assert set(units["ward_a"].subtree()) == {units["ward_a"], district, ward_c}


def test_cannot_be_its_own_ancestor(units):
    district = units["district"]
    district.parent = units["ward_c"]
    with pytest.raises(ValidationError):
        district.full_clean()


def test_code_is_unique(units):
    with pytest.raises(IntegrityError):
        AdministrativeUnit.objects.create(name="Trùng mã", code="00103", level=UnitLevel.COMMUNE)


def test_names_stored_in_nfc(db):
    import unicodedata

    unit = AdministrativeUnit.objects.create(
        name=unicodedata.normalize("NFD", "Phường  Tây Hồ "), code="X1", level=UnitLevel.COMMUNE
    )
    unit.refresh_from_db()
    assert unit.name == "Phường Tây Hồ"
