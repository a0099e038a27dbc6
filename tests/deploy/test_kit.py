"""The deployment kit in deploy/, tested as far as this machine allows: nginx checks the site with
`nginx -t`, the Compose file and the systemd units are parsed and their commands exist, and every
variable of .env.example is one the code reads and the deployment guide explains."""

import configparser
import re
import runpy
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


@pytest.fixture
def nginx_tree(tmp_path):
    """The site config with its include and certificate paths pointed at a temporary directory."""
    if NGINX is None:
        pytest.fail("nginx is not installed (apt-get install nginx-light; make test installs it)")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=cchc.example.vn",
         "-keyout", str(tmp_path / "privkey.pem"), "-out", str(tmp_path / "fullchain.pem")],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    proxy = tmp_path / "campaign-proxy.conf"
    proxy.write_text((DEPLOY / "nginx" / "campaign-proxy.conf").read_text())
    site = (DEPLOY / "nginx" / "campaign-site.conf").read_text()
    site = site.replace("/etc/nginx/campaign-proxy.conf", str(proxy))
    site = site.replace("/etc/letsencrypt/live/cchc.example.vn", str(tmp_path))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log stderr;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  include {tmp_path}/site.conf;\n}}\n"
    )
    return tmp_path


def test_nginx_accepts_the_site(nginx_tree):
    done = subprocess.run(
        [NGINX, "-t", "-p", str(nginx_tree), "-c", str(nginx_tree / "nginx.conf"), "-e", "stderr"],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "test is successful" in done.stderr


def megabytes(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([kKmMgG]?)", value).groups()
    return int(number) * {"": 1 / 2**20, "k": 1 / 1024, "m": 1, "g": 1024}[unit.lower()]


def test_nginx_sets_and_strips_forwarded_headers_and_fits_the_upload_limits():
    site = (DEPLOY / "nginx" / "campaign-site.conf").read_text()
    proxy = (DEPLOY / "nginx" / "campaign-proxy.conf").read_text()
    # The client's own X-Forwarded-* never reach the app: each is set from what nginx knows.
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in proxy
    assert "$proxy_add_x_forwarded_for" not in proxy
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in proxy
    assert "proxy_set_header Host $host;" in proxy
    assert 'proxy_set_header Forwarded "";' in proxy
    body = megabytes(re.search(r"client_max_body_size (\w+);", site)[1])
    largest = max(settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE, settings.WAGTAILDOCS_MAX_UPLOAD_SIZE) / 2**20
    assert largest <= body <= largest + 10
    read_timeout = int(re.search(r"proxy_read_timeout (\d+)s;", proxy)[1])
    gunicorn = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert read_timeout > gunicorn["timeout"]
    assert "ssl_certificate " in site and "return 301 https://" in site
    assert re.search(r"location /static/ \{[^}]*immutable", site)
    assert re.search(r"location = /metrics \{[^}]*deny all;", site)


def test_gunicorn_recycles_workers_rarely_by_default():
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["max_requests"] >= 100_000


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / "systemd" / name)
    return parser


@pytest.mark.parametrize("name", ["campaign-web.service", "campaign-worker.service", "campaign-scheduler.service"])
def test_systemd_units_restart_and_run_real_commands(name):
    parsed = unit(name)
    service = parsed["Service"]
    assert service["Restart"] == "always"
    assert int(service["RestartSec"]) > 0
    assert service["EnvironmentFile"] == "/etc/campaign/env"
    assert parsed["Install"]["WantedBy"] == "multi-user.target"
    command = service["ExecStart"].split()
    if "manage.py" in command:
        assert command[command.index("manage.py") + 1] in get_commands()
    else:
        assert command[0].endswith("/gunicorn") and "gunicorn.conf.py" in command


def test_systemd_units_pass_systemd_analyze_syntax(tmp_path):
    if shutil.which("systemd-analyze") is None:
        pytest.fail("systemd-analyze is not installed (apt-get install systemd)")
    for path in (DEPLOY / "systemd").glob("*.service"):
        done = subprocess.run(
            ["systemd-analyze", "verify", "--man=no", str(path)], capture_output=True, text=True, timeout=30
        )
        # Missing users and paths on this machine are expected; syntax errors are not.
        problems = [line for line in done.stderr.splitlines() if "Unknown key" in line or "Invalid" in line]
        assert not problems, problems


def test_compose_file_runs_the_stack():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"postgres", "redis-cache", "redis-queue", "web", "worker", "scheduler"}
    for name in ("web", "worker", "scheduler"):
        service = services[name]
        assert service["restart"] == "unless-stopped"
        assert service["environment"]["DJANGO_SETTINGS_MODULE"] == "campaign_site.settings.production"
        assert service["environment"]["RQ_REDIS_URL"].startswith("redis://redis-queue")
        assert service["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["worker"]["command"][2:4] == ["run_worker", "--rq"]
    assert services["scheduler"]["command"][2] == "run_scheduler"
    assert {"run_worker", "run_scheduler"} <= set(get_commands())
    queue = " ".join(services["redis-queue"]["command"])
    assert "noeviction" in queue and "--appendonly yes" in queue
    assert "allkeys-lru" in " ".join(services["redis-cache"]["command"])
    assert (DEPLOY / services["web"]["build"]["dockerfile"].removeprefix("deploy/")).exists()


def env_example() -> dict[str, str]:
    lines = (DEPLOY / ".env.example").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def test_env_example_lists_only_variables_the_code_reads_and_the_guide_explains():
    sources = "\n".join(
        path.read_text() for path in [*(ROOT / "campaign_site" / "settings").glob("*.py"), ROOT / "gunicorn.conf.py"]
    )
    guide = (ROOT / "docs" / "deployment.md").read_text()
    compose_only = {"POSTGRES_PASSWORD"}
    read_by_libraries = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}  # boto3 reads them itself
    for name in env_example():
        if name not in compose_only | read_by_libraries:
            assert f'"{name}"' in sources, f"{name} is not read by the settings"
        assert f"`{name}`" in guide, f"{name} is not explained in docs/deployment.md"
