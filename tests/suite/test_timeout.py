"""The per-test timeout turns a hang into a failure: a request to a server that never answers,
made without a network timeout (the bug the timeout guards against), fails within seconds."""

import subprocess
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

HANGING_TEST = textwrap.dedent(
    """
    import socket

    import requests


    def test_fetch_without_a_timeout():
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)  # accepts the connection (in the backlog) and never answers
        requests.get(f"http://127.0.0.1:{listener.getsockname()[1]}/rss.xml")  # no timeout=
    """
)


def test_the_suite_has_a_default_per_test_timeout(pytestconfig):
    assert float(pytestconfig.getini("timeout")) > 0
    assert pytestconfig.getini("timeout_method") == "signal"


def test_a_hanging_test_fails_within_the_timeout(tmp_path):
    (tmp_path / "test_hang.py").write_text(HANGING_TEST)
    started = time.monotonic()
    result = subprocess.run(
        # The project's own pytest configuration, with the limit shortened so the proof is quick.
        [sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml"), "--rootdir", str(tmp_path)]
        + ["-p", "no:django", "-o", "timeout=2", "-q", str(tmp_path / "test_hang.py")],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    elapsed = time.monotonic() - started
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "1 failed" in output and "Timeout (>2.0s)" in output, output
    assert elapsed < 30, f"the hang took {elapsed:.0f} s to fail"
