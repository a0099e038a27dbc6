"""`load_demo_data` builds the site from nothing and can run twice without duplicating anything."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page

from campaign_site.models import Abbreviation, AdministrativeUnit, HomePage

pytestmark = pytest.mark.timeout(300)  # loading the whole demo takes minutes on a busy machine


def run_demo() -> str:
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    return out.getvalue()


def test_demo_is_idempotent_and_prints_logins(db, client):
    output = run_demo()
    counts = (
        Page.objects.count(),
        AdministrativeUnit.objects.count(),
        Abbreviation.objects.count(),
        get_user_model().objects.count(),
    )
    second = run_demo()
    assert counts == (
        Page.objects.count(),
        AdministrativeUnit.objects.count(),
        Abbreviation.objects.count(),
        get_user_model().objects.count(),
    )
    for text in ("canbo.thongtin", "bientap.tayho", "lanhdao.duyet", "vanhanh.manhinh", "http://127.0.0.1:8000/admin/"):
        assert text in output and text in second
    # One home page per language: the site's root (Vietnamese) and its English translation.
    assert sorted(HomePage.objects.values_list("locale__language_code", flat=True)) == ["en", "vi"]
    assert client.get("/en/").status_code == 200
    assert AdministrativeUnit.objects.get(code="00082").depth == 3
    assert client.get("/").status_code == 200


def test_demo_logins_work(db, client):
    from campaign_site.demo import DEMO_USERS

    run_demo()
    for demo_user in DEMO_USERS:
        assert client.login(username=demo_user.username, password=demo_user.password), demo_user.username
        assert client.get("/admin/").status_code == 200
        client.logout()
