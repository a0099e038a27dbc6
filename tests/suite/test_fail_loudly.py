"""A missing tool fails the suite instead of skipping it; only the database vendor may skip."""

import ast
import re
from pathlib import Path

import pytest

from tests.e2e import support

TESTS = Path(__file__).resolve().parents[1]
ROOT = TESTS.parent
VENDOR = re.compile(r"PostgreSQL|SQLite", re.IGNORECASE)
SKIPPERS = {"skip", "skipif", "importorskip", "xfail"}


def test_missing_axe_core_fails_the_accessibility_check(monkeypatch):
    monkeypatch.setattr(support, "AXE_JS", ROOT / "node_modules" / "no-such-axe" / "axe.min.js")
    with pytest.raises(pytest.fail.Exception, match="axe-core is missing"):
        support.axe_violations(page=None)


def _recipe(makefile: str, target: str) -> tuple[list[str], list[str]]:
    """(prerequisites, recipe lines) of `target` in the Makefile."""
    rule = makefile.split(f"\n{target}:", 1)[1].split("\n\n", 1)[0]
    head, *lines = rule.splitlines()
    return head.split(), [line.strip() for line in lines if not line.strip().startswith("@#")]


def test_make_test_stops_when_npm_ci_fails():
    """`make test` needs test-deps, which needs the npm stamp; the stamp's recipe is npm ci with no
    guard, then the stamp: a failed npm ci stops make before the stamp is written or a test runs."""
    makefile = (ROOT / "Makefile").read_text()
    assert "test-deps" in _recipe(makefile, "test")[0]
    assert "node_modules/.installed" in _recipe(makefile, "test-deps")[0]
    prerequisites, lines = _recipe(makefile, "node_modules/.installed")
    assert prerequisites == ["package-lock.json"]
    assert lines == ["npm ci --silent --prefer-offline --no-audit --no-fund", "touch $@"]  # no `|| echo`, no guard


def _skip_calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            owner = (
                getattr(func.value, "attr", getattr(func.value, "id", "")) if isinstance(func, ast.Attribute) else ""
            )
            if name in SKIPPERS and owner in {"pytest", "mark"}:
                yield node


def test_every_skip_in_the_suite_is_for_the_database_vendor():
    offenders, seen = [], 0
    for path in sorted(TESTS.rglob("*.py")):
        if path == Path(__file__):
            continue
        source = path.read_text(encoding="utf-8")
        for call in _skip_calls(ast.parse(source)):
            seen += 1
            if not VENDOR.search(ast.get_source_segment(source, call) or ""):
                offenders.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert seen >= 5  # the vendor skips exist and the scan sees them
    assert offenders == [], "skips must name the database vendor they need: " + ", ".join(offenders)


def test_skip_reasons_are_printed():
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert re.search(r'^addopts = ".*-rs', pyproject, re.MULTILINE)
