"""Staff-alert kinds come from the apps they watch (their own wagtail_hooks.py), never from a list in
subscriptions; a source may hold back new incidents (a dark screen at night) without closing known ones."""

import ast
from pathlib import Path

from subscriptions.alerts.registry import AlertSource, alert_sources

ROOT = Path(__file__).resolve().parents[2]


def test_each_kind_is_registered_by_the_app_it_watches():
    from wagtail import hooks

    from subscriptions.alerts.registry import ALERT_SOURCES_HOOK

    owners = {provide().kind: provide.__module__ for provide in hooks.get_hooks(ALERT_SOURCES_HOOK)}
    assert owners == {
        "screen_offline": "screens.wagtail_hooks",
        "feed_failing": "bulletins.wagtail_hooks",
        "plan_task_overdue": "plans.wagtail_hooks",
        "approval_waiting": "campaign_site.wagtail_hooks",
    }


def test_the_alert_machinery_names_no_watched_app():
    """(subscriptions itself mails bulletins, so it imports bulletins elsewhere: not in its alerts.)"""
    watched = {"screens", "bulletins", "plans", "news", "surveys", "documents", "feedback"}
    for path in (ROOT / "subscriptions" / "alerts").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                assert node.module.split(".")[0] not in watched, f"{path.relative_to(ROOT)} imports {node.module}"
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert alias.name.split(".")[0] not in watched, f"{path.relative_to(ROOT)} imports {alias.name}"


def test_every_source_is_complete():
    for source in alert_sources():
        assert isinstance(source, AlertSource)
        assert source.kind and str(source.label) and source.roles and callable(source.check)


def test_a_source_opens_new_incidents_unless_it_says_otherwise():
    source = AlertSource(kind="k", label="l", roles=("r",), check=lambda now: [])
    assert source.opens_new(None) is True
