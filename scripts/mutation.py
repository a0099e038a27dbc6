"""`make mutation`: mutmut over the core pure modules, one module at a time, each with only the
tests that cover it; prints killed/survived per module and fails below the target.

Each module runs in a scratch copy of the project (mutmut writes a `mutants/` tree and reads its
configuration from pyproject.toml), so the work tree is never touched. Equivalent mutants (ones no
test can tell apart from the original) are listed with a reason in tests/mutation_equivalents.md
and are left out of the score. Usage: `python scripts/mutation.py [MODULE ...] [--jobs N]`.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.90
EQUIVALENTS = ROOT / "tests" / "mutation_equivalents.md"
# The module, and the test files that hold its tests (pure: no database, so a mutant runs in seconds).
MODULES: dict[str, list[str]] = {
    "campaign_site/text.py": ["tests/campaign_site/test_text.py", "tests/campaign_site/test_text_edges.py"],
    "bulletins/dates.py": ["tests/bulletins/test_dates.py"],
    "bulletins/relevance.py": ["tests/bulletins/test_relevance_scoring.py"],
    "surveys/stats.py": ["tests/surveys/test_stats.py", "tests/surveys/test_stats_properties.py"],
    "surveys/voting.py": ["tests/surveys/test_voting_rules.py"],
    "screens/ticker.py": ["tests/screens/test_text_fitting.py"],
    "screens/fitting.py": ["tests/screens/test_fitting.py"],
    "documents/references.py": ["tests/documents/test_references.py", "tests/documents/test_references_edges.py"],
}
# Every app (a directory with an apps.py): Django imports them all when the tests start.
APPS = sorted(path.parent.name for path in ROOT.glob("*/apps.py"))
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "mutants", "locale", "static", "templates", "fixtures")


def equivalent_mutants() -> set[str]:
    """Mutant names listed in the equivalents file (a `mutant-name` in backticks opens each line)."""
    if not EQUIVALENTS.exists():
        return set()
    return set(re.findall(r"^- `([^`]+)`", EQUIVALENTS.read_text(encoding="utf-8"), re.MULTILINE))


def scratch_project(module: str, tests: list[str], workdir: Path) -> None:
    for app in APPS:
        shutil.copytree(ROOT / app, workdir / app, ignore=IGNORED)
    shutil.copytree(ROOT / "tests", workdir / "tests", ignore=shutil.ignore_patterns("__pycache__", "e2e", "ops"))
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    config = {
        "source_paths": APPS,
        "only_mutate": [module],
        "pytest_add_cli_args": ["-p", "no:randomly", "-q", "-o", "addopts=", "-p", "no:cacheprovider"],
        "pytest_add_cli_args_test_selection": tests,
        "use_git_change_detection": False,
        "also_copy": [],
    }
    lines = ["", "[tool.mutmut]"] + [f"{key} = {json.dumps(value)}" for key, value in config.items()]
    (workdir / "pyproject.toml").write_text(pyproject + "\n".join(lines) + "\n", encoding="utf-8")


def statuses(workdir: Path, module: str) -> dict[str, str]:
    """mutant name -> status, from the meta file mutmut writes beside the mutated module."""
    sys.path.insert(0, str(workdir))
    from mutmut.stats import status_by_exit_code

    meta = json.loads((workdir / "mutants" / f"{module}.meta").read_text())
    return {name: status_by_exit_code[code] for name, code in meta["exit_code_by_key"].items()}


def run_module(module: str, tests: list[str], jobs: int, keep: bool) -> tuple[Counter, list[str]]:
    workdir = Path(tempfile.mkdtemp(prefix="mutation-"))
    try:
        scratch_project(module, tests, workdir)
        mutmut = Path(sys.executable).with_name("mutmut")
        env = {"DJANGO_SETTINGS_MODULE": "campaign_site.settings.test", "PATH": "/usr/bin:/bin"}
        with (workdir / "mutmut.log").open("w") as log:
            # mutmut resumes where it stopped: a second pass checks any mutant a first one left.
            for _attempt in range(2):
                command = [str(mutmut), "run", "--max-children", str(jobs)]
                subprocess.run(command, cwd=workdir, check=False, stdout=log, stderr=log, env=env)  # noqa: S603 (fixed argv)
                by_name = statuses(workdir, module)
                if "not checked" not in by_name.values():
                    break
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"  kept {workdir}")
    equivalents = equivalent_mutants()
    counts = Counter()
    survivors = []
    for name, status in sorted(by_name.items()):
        if name in equivalents:
            counts["equivalent"] += 1
        else:
            counts[status] += 1
            if status != "killed":
                survivors.append(f"{name} ({status})")
    return counts, survivors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", default=list(MODULES))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the scratch copy (to `mutmut show` a mutant)")
    args = parser.parse_args()
    failed = False
    print(f"{'module':28} {'killed':>7} {'survived':>9} {'other':>6} {'equiv.':>7} {'score':>7}")
    for module in args.modules:
        counts, survivors = run_module(module, MODULES[module], args.jobs, args.keep)
        other = sum(v for k, v in counts.items() if k not in {"killed", "survived", "equivalent"})
        judged = counts["killed"] + counts["survived"] + other
        score = counts["killed"] / judged if judged else 0.0
        print(
            f"{module:28} {counts['killed']:>7} {counts['survived']:>9} {other:>6} "
            f"{counts['equivalent']:>7} {score:>7.1%}"
        )
        for survivor in survivors:
            print(f"    not killed: {survivor}")
        failed = failed or score < TARGET
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
