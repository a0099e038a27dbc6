"""register_app: one declaration registers an app's role permissions and its demo loader."""

import pytest
from wagtail import hooks

from campaign_site.access.roles import ROLE_PERMISSIONS_HOOK, role_permissions
from campaign_site.app_registration import register_app
from campaign_site.demo_loaders import DEMO_LOADERS_HOOK, demo_loaders


def test_every_app_declares_its_demo_in_its_order():
    assert [(loader.label, loader.order) for loader in demo_loaders()] == [
        ("news", 10),
        ("bulletins", 20),
        ("surveys", 30),
        ("plans", 40),
        ("screens", 50),
        ("documents", 55),
        ("feedback", 60),
        ("subscriptions", 70),
        ("organisation", 80),
        ("sitesearch", 95),
    ]


def test_every_apps_role_permissions_reach_the_roles():
    from news.roles import ROLE_PERMISSIONS as NEWS
    from subscriptions.roles import ROLE_PERMISSIONS as SUBSCRIPTIONS

    merged = role_permissions()
    for declared in (NEWS, SUBSCRIPTIONS):
        for role, permissions in declared.items():
            assert set(permissions) <= merged[role]


def test_one_declaration_registers_both_and_imports_the_demo_when_it_runs(monkeypatch):
    hooks.get_hooks(DEMO_LOADERS_HOOK)  # let Wagtail load every app's hooks first
    monkeypatch.setattr(hooks, "_hooks", {})
    register_app(
        label="thu", role_permissions={"Vai trò": ["thu.view_x"]}, demo="campaign_site.text.clean_line", demo_order=5
    )
    (provide_roles,) = hooks.get_hooks(ROLE_PERMISSIONS_HOOK)
    assert provide_roles() == {"Vai trò": ["thu.view_x"]}
    (loader,) = demo_loaders()
    assert (loader.label, loader.order) == ("thu", 5)
    assert loader.load(text="  Phường   Tây Hồ ") == "Phường Tây Hồ"  # the declared function, called at load time


def test_a_wrong_demo_path_fails_when_the_demo_runs_not_before(monkeypatch):
    hooks.get_hooks(DEMO_LOADERS_HOOK)
    monkeypatch.setattr(hooks, "_hooks", {})
    register_app(label="thu", role_permissions={}, demo="campaign_site.khong_co.load", demo_order=5)
    (loader,) = demo_loaders()
    with pytest.raises(ImportError):
        loader.load()
