"""Security headers (CSP, framing, nosniff, referrer), production settings, login brute-force limits,
password validation."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.clickjacking import xframe_options_exempt
from wagtail import urls as wagtail_urls

from campaign_site import security
from campaign_site.cache import cache_public_page
from campaign_site.models import RateCounter, StandardPage

ROOT = Path(__file__).resolve().parents[2]


@xframe_options_exempt
def player_view(request):
    return HttpResponse("<p>player</p>")


urlpatterns = [
    path("player/", player_view),
    path("cached-player/", cache_public_page(player_view)),
    path("admin/", include("wagtail.admin.urls")),
    path("", include(wagtail_urls)),
]


def csp(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.fixture
def page(home):
    about = home.add_child(instance=StandardPage(title="Giới thiệu", slug="gioi-thieu"))
    about.save_revision().publish()
    return about


# --- headers ------------------------------------------------------------------------------------------


def test_public_page_csp_allows_no_inline_script(client, page):
    response = client.get("/gioi-thieu/")
    policy = csp(response)
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["style-src"] == ["'self'"]  # no inline styles either
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"


def test_public_pages_have_no_inline_scripts_or_event_handlers(client, page):
    html = client.get("/gioi-thieu/").content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert not re.search(r"\son[a-z]+\s*=", html)
    assert not re.search(r"\sstyle\s*=", html)
    assert "<style" not in html


def test_nosniff_referrer_and_permissions_policy(client, page):
    response = client.get("/gioi-thieu/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"]
    assert "camera=()" in response["Permissions-Policy"]


def test_admin_gets_a_relaxed_policy_scoped_to_admin(client, db):
    response = client.get("/admin/login/")
    policy = csp(response)
    assert "'unsafe-inline'" in policy["script-src"]
    assert "'unsafe-inline'" in policy["style-src"]  # Wagtail's admin styles inline
    assert policy["frame-ancestors"] == ["'self'"]  # the editor frames its own preview


def test_xframe_exempt_view_may_be_framed(client, db, settings):
    settings.ROOT_URLCONF = __name__
    response = client.get("/player/")
    assert "X-Frame-Options" not in response
    assert "frame-ancestors" not in csp(response)
    assert csp(response)["script-src"] == ["'self'"]  # still no inline script


def test_xframe_exemption_survives_the_page_cache(client, db, settings):
    settings.ROOT_URLCONF = __name__
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    first, second = client.get("/cached-player/"), client.get("/cached-player/")
    assert second["X-Cache"] == "HIT"
    assert "X-Frame-Options" not in second
    assert "frame-ancestors" not in csp(first)
    assert "frame-ancestors" not in csp(second)


def production_settings(**extra_env) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="campaign_site.settings.production",
        SECRET_KEY="s" * 60,
        ALLOWED_HOSTS="cchc.example.vn",
        **extra_env,
    )
    code = (
        "import json, django; django.setup(); from django.conf import settings as s;"
        "from django.core.files.storage import default_storage as d;"
        "print(json.dumps({k: getattr(s, k) for k in ['SECURE_HSTS_SECONDS','SECURE_HSTS_INCLUDE_SUBDOMAINS',"
        "'SESSION_COOKIE_SECURE','CSRF_COOKIE_SECURE','SESSION_COOKIE_HTTPONLY','SECURE_CONTENT_TYPE_NOSNIFF',"
        "'SECURE_REFERRER_POLICY','X_FRAME_OPTIONS','SECURE_SSL_REDIRECT','INSTALLED_APPS','TASKS',"
        "'CONTENT_SECURITY_POLICY','WAGTAILFRONTENDCACHE']} | {'CACHE': s.CACHES['default']['BACKEND'],"
        "'STORAGE': type(d._wrapped if hasattr(d, '_wrapped') else d).__module__ + '.' + d.__class__.__name__,"
        "'MEDIA_URL_SAMPLE': d.url('images/a.jpg')}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True
    )
    return json.loads(result.stdout)


@pytest.mark.timeout(240)  # starts Django in a subprocess, itself under a timeout
def test_production_security_settings():
    values = production_settings()
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["SECURE_REFERRER_POLICY"] == "strict-origin-when-cross-origin"
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_SSL_REDIRECT"] is True
    # Without Redis, the workers of one machine still share one cache (not per-process memory).
    assert values["CACHE"] == "campaign_site.cache_backends.PlainFileBasedCache"


@pytest.mark.timeout(240)  # starts Django in a subprocess, itself under a timeout
def test_production_scales_out_with_redis_rq_and_s3():
    values = production_settings(
        REDIS_URL="redis://127.0.0.1:6379/3",
        AWS_STORAGE_BUCKET_NAME="cchc-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.vn",
        AWS_S3_CUSTOM_DOMAIN="media.cchc.example.vn",
        FRONTEND_CACHE_URL="http://127.0.0.1:6081",
    )
    assert values["CACHE"] == "campaign_site.cache_backends.SafeRedisCache"
    assert values["TASKS"]["default"]["BACKEND"] == "campaign_site.task_backends.FallbackRQBackend"
    assert values["TASKS"]["database"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert "django_rq" in values["INSTALLED_APPS"]
    assert values["STORAGE"].endswith("S3Storage")
    assert values["MEDIA_URL_SAMPLE"] == "https://media.cchc.example.vn/media/images/a.jpg"
    assert "https://media.cchc.example.vn" in values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"]
    assert values["WAGTAILFRONTENDCACHE"]["http"]["LOCATION"] == "http://127.0.0.1:6081"


@pytest.mark.timeout(240)  # starts Django in a subprocess, itself under a timeout
def test_rq_settings_pass_django_checks_and_the_worker_command_exists():
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="campaign_site.settings.dev", REDIS_URL="redis://127.0.0.1:6379/3")
    check = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert check.returncode == 0, check.stdout + check.stderr
    worker = subprocess.run(
        [sys.executable, "manage.py", "rqworker", "--help"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert worker.returncode == 0, worker.stderr
    assert "--job-class" in worker.stdout


def test_password_validators_refuse_weak_passwords():
    for weak in ("123456789012", "password123", "ngan"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("Cai-cach-hanh-chinh-2025")


# --- login rate limit ------------------------------------------------------------------------------------


@pytest.fixture
def limits(settings):
    settings.LOGIN_MAX_FAILURES_PER_USERNAME = 3
    settings.LOGIN_MAX_FAILURES_PER_IP = 5
    settings.LOGIN_FAILURE_WINDOW_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def login(client, username, password="sai-mat-khau", url="/admin/login/", **extra):
    return client.post(url, {"username": username, "password": password}, **extra)


def test_username_is_locked_after_repeated_failures(client, make_user, limits):
    make_user(username="canbo", password="Dung-mat-khau-1", superuser=True)
    for _ in range(3):
        assert login(client, "canbo").status_code == 200  # the form again, with its error
    blocked = login(client, "canbo", password="Dung-mat-khau-1")
    assert blocked.status_code == 429
    assert 595 <= int(blocked["Retry-After"]) <= 600  # the time left in the window
    text = blocked.content.decode()
    assert "Đăng nhập không thành công quá nhiều lần" in text
    assert "10 phút" in text
    assert "_auth_user_id" not in client.session


def test_username_lock_ignores_case_and_other_usernames_still_work(client, make_user, limits):
    make_user(username="canbo", password="Dung-mat-khau-1", superuser=True)
    make_user(username="khac", password="Dung-mat-khau-2", superuser=True)
    for _ in range(3):
        login(client, "CanBo")
    assert login(client, "canbo").status_code == 429
    ok = login(client, "khac", password="Dung-mat-khau-2")
    assert ok.status_code == 302


def test_ip_is_locked_after_failures_across_usernames(client, db, limits):
    for n in range(5):
        assert login(client, f"doan-{n}").status_code == 200
    assert login(client, "doan-moi").status_code == 429
    # Another address is not affected.
    assert login(client, "doan-moi", REMOTE_ADDR="10.1.2.3").status_code == 200


def test_client_ip_behind_trusted_proxies(rf, settings):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7", REMOTE_ADDR="127.0.0.1")
    settings.TRUSTED_PROXY_COUNT = 0
    assert security.client_ip(request) == "127.0.0.1"  # X-Forwarded-For is not trusted by default
    settings.TRUSTED_PROXY_COUNT = 1
    assert security.client_ip(request) == "203.0.113.7"  # not the spoofable first entry
    assert security.client_ip_hash(request) != "203.0.113.7"


def test_success_clears_the_username_counter(client, make_user, limits):
    make_user(username="canbo", password="Dung-mat-khau-1", superuser=True)
    login(client, "canbo")
    login(client, "canbo")
    assert login(client, "canbo", password="Dung-mat-khau-1").status_code == 302
    client.logout()
    for _ in range(2):
        assert login(client, "canbo").status_code == 200
    assert login(client, "canbo", password="Dung-mat-khau-1").status_code == 302


def test_django_admin_login_is_limited_too(client, db, limits):
    for _ in range(3):
        login(client, "quantri", url="/django-admin/login/")
    assert login(client, "quantri", url="/django-admin/login/").status_code == 429


def test_login_limit_holds_in_the_database_when_redis_is_down(client, make_user, settings, limits):
    settings.CACHES = {
        "default": {
            "BACKEND": "campaign_site.cache_backends.SafeRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
            "OPTIONS": {"RETRY_AFTER": 0},
        }
    }
    make_user(username="canbo", password="Dung-mat-khau-1", superuser=True)
    make_user(username="khac", password="Dung-mat-khau-2", superuser=True)
    for _ in range(3):
        assert login(client, "canbo").status_code == 200
    assert login(client, "canbo", password="Dung-mat-khau-1").status_code == 429
    assert RateCounter.objects.filter(key__startswith="loginlimit:user:").count() == 1
    # Logging in still works for everyone else.
    assert login(client, "khac", password="Dung-mat-khau-2").status_code == 302
