"""Helpers for the browser tests: the system Chromium, axe-core, logging in, waiting on the player."""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "mat-khau-thu-nghiem-1"  # tests/conftest.py make_user's default
BLOCKING_IMPACTS = ("serious", "critical")

# Every browser-test module: marked e2e, on a transactional database (the live server's threads
# must see what the test commits). A missing Chromium or axe-core fails the tests: never a skip.
e2e_marks = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]


def admin_login(page, username: str, password: str = PASSWORD) -> None:
    """Log in through the Wagtail admin's own form, as an officer would."""
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "/admin/login/" not in page.url, f"login failed for {username}"


def axe_violations(page, impacts=BLOCKING_IMPACTS) -> list[dict]:
    """Run axe-core on the page; the violations of the given impacts (WCAG 2.1 A/AA rules and best practices)."""
    if not AXE_JS.exists():
        pytest.fail(f"axe-core is missing at {AXE_JS}: run `npm ci` at the project root (make test does)")
    page.add_script_tag(path=str(AXE_JS))
    results = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
            resultTypes: ["violations"],
        })"""
    )
    return [v for v in results["violations"] if v.get("impact") in impacts]


def describe_violations(violations: list[dict]) -> str:
    """One readable block per rule: impact, rule id, help, and the first few offending nodes."""
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:5]:
            target = " ".join(json.dumps(t, ensure_ascii=False) for t in node["target"])
            lines.append(f"    at {target}")
            lines.append(f"       {node['html'][:200]}")
            if node.get("failureSummary"):
                lines.append("       " + node["failureSummary"].replace("\n", "\n       "))
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def assert_accessible(page, label: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"axe-core found serious/critical violations on {label} ({page.url}):\n" + (
        describe_violations(violations)
    )
