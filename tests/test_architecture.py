"""The shape of the code: no import circles, layers that only point down, no naming-convention
discovery. Read from the source with `ast`, so it needs no database and fails on the first bad import.

- Circles: between project modules, over the imports that run when a module loads (function-level
  imports, the deliberate way a page model reaches its context builder, are left out of this one).
- Upward imports (any import, also inside functions): models never import views, admin views,
  hooks, URLs or services; services, selectors and page contexts never import views, admin views,
  hooks or URLs; selectors never import services (services may read through selectors, not the
  other way round); nothing imports tests/ or bench/.
- Discovery: no `import_module`/`__import__`, and no hard-coded list of the project's apps:
  apps contribute through the registries (Wagtail hooks) instead.
"""

import ast
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The project's apps are the top-level packages with an AppConfig (no list to keep up to date).
APPS = sorted(path.parent.name for path in ROOT.glob("*/apps.py") if (path.parent / "__init__.py").exists())
FORBIDDEN_PACKAGES = {"tests", "bench"}

TOP = {"views", "admin_views", "wagtail_hooks", "urls", "api"}
MIDDLE = {"services", "selectors", "context"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_files() -> list[Path]:
    files = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts or "settings" in path.parts:
                continue
            files.append(path)
    return files


@cache
def modules() -> dict[str, Path]:
    return {module_name(path): path for path in project_files()}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _resolve(importer: str, is_package: bool, node) -> list[str]:
    """The project modules an import statement names."""
    known = modules()
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        package = importer.split(".") if is_package else importer.split(".")[:-1]
        package = package[: len(package) - (node.level - 1)]
        base = ".".join(package + ([base] if base else []))
    targets = []
    for alias in node.names:
        candidate = f"{base}.{alias.name}" if base else alias.name
        targets.append(candidate if candidate in known else base)
    return targets


@cache
def imports_of(name: str) -> tuple[frozenset[str], frozenset[str]]:
    """(imports when the module loads, every import) of a project module, as module names."""
    path = modules()[name]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    at_load, everywhere = set(), set()

    def visit(node, *, top_level: bool):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                continue  # type hints only
            if isinstance(child, ast.Import | ast.ImportFrom):
                targets = _resolve(name, is_package, child)
                everywhere.update(targets)
                if top_level:
                    at_load.update(targets)
            nested = isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            visit(child, top_level=top_level and not nested)

    visit(tree, top_level=True)
    return frozenset(at_load), frozenset(everywhere)


def _layer_parts(name: str) -> set[str]:
    return set(name.split(".")[1:])


def test_the_apps_are_found():
    assert {"campaign_site", "news", "bulletins", "surveys", "plans", "screens"} <= set(APPS)
    assert len(modules()) > 100


def test_no_import_circles():
    graph = {name: {t for t in imports_of(name)[0] if t in modules() and t != name} for name in modules()}
    # Tarjan's strongly connected components, iteratively.
    index, low, on_stack, stack, circles, counter = {}, {}, set(), [], [], [0]

    def strongconnect(start):
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        circles.append(sorted(component))

    for name in sorted(graph):
        if name not in index:
            strongconnect(name)
    assert not circles, f"import circles: {circles}"


def upward_imports() -> list[str]:
    problems = []
    for name in modules():
        parts = _layer_parts(name)
        everything = imports_of(name)[1]
        for target in everything:
            if target.split(".")[0] in FORBIDDEN_PACKAGES:
                problems.append(f"{name} imports {target} (tests/bench)")
                continue
            if target not in modules() or target == name:
                continue
            target_parts = _layer_parts(target)
            if "models" in parts and target_parts & (TOP | {"services"}):
                problems.append(f"{name} (models) imports {target}")
            elif parts & MIDDLE and target_parts & TOP:
                problems.append(f"{name} imports {target} (a higher layer)")
            if "selectors" in parts and "services" in target_parts:
                problems.append(f"{name} (selectors) imports {target} (services)")
    return sorted(problems)


def test_layers_only_point_down():
    assert upward_imports() == []


def discovery_by_convention() -> list[str]:
    problems = []
    app_names = set(APPS)
    for name, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            imports_it = isinstance(node, ast.ImportFrom) and node.module == "importlib"
            if imports_it and any(alias.name == "import_module" for alias in node.names):
                problems.append(f"{name}: imports importlib.import_module")
            if isinstance(node, ast.Attribute) and node.attr == "import_module":
                problems.append(f"{name}: calls import_module")
            if isinstance(node, ast.Name) and node.id == "__import__":
                problems.append(f"{name}: calls __import__")
            if isinstance(node, ast.List | ast.Tuple | ast.Set) and len(node.elts) >= 2:
                values = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
                if len(values) == len(node.elts) and set(values) <= app_names:
                    problems.append(f"{name}:{node.lineno}: a hard-coded list of apps {values}")
    return problems


def test_no_discovery_by_naming_convention():
    assert discovery_by_convention() == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from importlib import import_module\n", "imports importlib.import_module"),
        ("import importlib\nimportlib.import_module('news.slots')\n", "calls import_module"),
        ("__import__('news')\n", "calls __import__"),
        ("APPS = ('news', 'surveys')\n", "a hard-coded list of apps"),
    ],
)
def test_the_discovery_check_catches_each_habit(tmp_path, monkeypatch, source, expected):
    """The check itself fails on each habit it forbids (so a passing run means something)."""
    fake = tmp_path / "fake.py"
    fake.write_text(source, encoding="utf-8")
    monkeypatch.setitem(globals(), "modules", lambda: {"news.fake": fake})
    found = discovery_by_convention()
    assert any(expected in problem for problem in found), found


@pytest.mark.parametrize(
    ("importer", "source", "expected"),
    [
        ("news.models.fake", "from news import views\n", "(models) imports news.views"),
        ("news.models.fake", "def f():\n    from news.wagtail_hooks import x\n", "(models) imports news.wagtail_hooks"),
        ("news.selectors", "from news.services import rate_article\n", "(selectors) imports news.services"),
        ("news.services", "from news.views import rate\n", "a higher layer"),
        ("news.context", "from tests.conftest import home\n", "(tests/bench)"),
    ],
)
def test_the_layer_check_catches_each_upward_import(tmp_path, monkeypatch, importer, source, expected):
    fake = tmp_path / "fake.py"
    fake.write_text(source, encoding="utf-8")
    known = {**modules(), importer: fake}
    monkeypatch.setitem(globals(), "modules", lambda: known)
    imports_of.cache_clear()
    try:
        found = upward_imports()
    finally:
        imports_of.cache_clear()
    assert any(expected in problem for problem in found), found


def test_the_circle_check_catches_a_circle(tmp_path, monkeypatch):
    first, second = tmp_path / "first.py", tmp_path / "second.py"
    first.write_text("from news import second_fake\n", encoding="utf-8")
    second.write_text("import news.first_fake\n", encoding="utf-8")
    known = {**modules(), "news.first_fake": first, "news.second_fake": second}
    monkeypatch.setitem(globals(), "modules", lambda: known)
    imports_of.cache_clear()
    try:
        with pytest.raises(AssertionError, match="first_fake"):
            test_no_import_circles()
    finally:
        imports_of.cache_clear()
