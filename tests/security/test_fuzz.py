"""Fuzz: no bad input gets a 5xx, anywhere.

Every URL pattern of the project is taken from the resolver (Wagtail's admin, Django's admin and every
app, so a new view is covered the day it is added) and requested with hostile path segments and query
strings, as an anonymous visitor and as a signed-in superuser. The public forms and JSON endpoints get
hostile bodies. Any answer of 500 or more fails the test. Bounded: at most MAX_REQUESTS requests and
BUDGET_SECONDS of time; the first pass (every pattern once) must always finish.

Everything runs in-process through the test client (loopback only, nothing leaves the machine).
"""

import datetime as dt
import itertools
import json
import re
import time
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.test_permission_matrix import World

pytestmark = pytest.mark.django_db

MAX_REQUESTS = 6000
BUDGET_SECONDS = 420

INTEGERS = ["1", "0", "9223372036854775807", "9223372036854775808", "99999999999999999999", "1" * 300]
STRINGS = [
    "x",
    "%00",
    "%ff%fe",
    "..%2F..%2Fetc%2Fpasswd",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "%E1%BB%9F",
    "a" * 1500,
    "'%20OR%201=1--",
    "%25",
]
YEARS = ["0001", "0000", "9999", "2025"]
UUIDS = ["00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff"]
QUERIES = [
    "page=99999999999999999999",
    "page=-1",
    "p=%ff",
    "date=0001-01-01",
    "date=9999-12-31",
    "date=0000-00-00",
    "date=2025-02-30",
    "q=%00",
    "q=" + "%E1%BB%9F" * 400,
    "unit=99999999999999999999",
    "unit=%00",
    "category=%ff",
    "tag=%3Cb%3E",
    "id=9223372036854775808",
    "year=0&month=13",
    "year=99999999999999999999",
    "format=%ff",
    "stars=99999999999999999999",
    "choice=99999999999999999999",
    "item=-1",
    "since=0001-01-01&until=9999-12-31",
    "plan=99999999999999999999&since=0001-01-01&until=0001-01-02",
    "period=%00",
    "ordering=-%ff",
    "p=1&p=2&p=" + "9" * 40,
    "collection_id=99999999999999999999",
    "locale=%00",
    "parent_page_id=99999999999999999999",
    "next=http://evil.example/",
    "%ff=%fe",
]

CONVERTER = re.compile(r"<(?:(?P<type>\w+):)?(?P<name>\w+)>")
GROUP = re.compile(r"\((?:\?P<\w+>)?(?P<body>(?:[^()]|\([^()]*\))*)\)")


@dataclass
class Pattern:
    template: str  # the full route, e.g. "admin/pages/<int:page_id>/edit/"
    name: str
    kinds: list[str] = field(default_factory=list)  # the kind of each placeholder, in order


def walk(resolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield Pattern(template=prefix + str(entry.pattern), name=entry.name or entry.lookup_str)


def placeholders(template: str) -> tuple[str, list[str]]:
    """The template with each converter or regex group replaced by "{}", and each one's kind."""
    kinds: list[str] = []

    def converter(match):
        kinds.append({"int": "int", "uuid": "uuid"}.get(match["type"] or "str", "str"))
        return "{}"

    def group(match):
        body = match["body"]
        kinds.append("int" if body in (r"\d+", "[0-9]+") else "year" if r"\d{4}" in body else "str")
        return "{}"

    text = CONVERTER.sub(converter, template)
    text = GROUP.sub(group, text)
    text = text.replace("^", "").replace("$", "").replace(r"\Z", "").replace(".*", "{}")
    kinds += ["str"] * (text.count("{}") - len(kinds))
    text = re.sub(r"\\(.)", r"\1", text)
    return text, kinds


def values_for(kind: str) -> list[str]:
    return {"int": INTEGERS, "uuid": UUIDS, "year": YEARS}.get(kind, STRINGS)


def urls_for(pattern: Pattern, depth: int) -> list[str]:
    """Pass 0: one hostile value for every placeholder; later passes: the other values."""
    text, kinds = placeholders(pattern.template)
    if "{}" not in text:
        return ["/" + text] if depth == 0 else []
    options = [values_for(kind) for kind in kinds]
    # Rotate through the values so each pass gives each placeholder another one.
    combos = []
    for index in range(max(len(values) for values in options)):
        combos.append([values[(index + depth) % len(values)] for values in options])
    chosen = combos[3:4] if depth == 0 else combos[: 2 + depth]
    return ["/" + text.format(*combo) for combo in chosen]


@dataclass
class Run:
    deadline: float
    sent: int = 0
    failures: list[str] = field(default_factory=list)

    def out_of_budget(self) -> bool:
        return self.sent >= MAX_REQUESTS or time.monotonic() > self.deadline

    def check(self, label: str, response) -> None:
        self.sent += 1
        if response.status_code >= 500:
            self.failures.append(f"{response.status_code} {label}")


# Wagtail's deliberate "raise an exception" view for testing error reporting (superusers only).
DELIBERATE_ERRORS = {"wagtailadmin_error_test"}


def all_patterns() -> list[Pattern]:
    patterns = [p for p in walk(get_resolver()) if p.name not in DELIBERATE_ERRORS]
    assert len(patterns) > 300, "the resolver walk missed the admin"
    return patterns


@pytest.fixture
def world(home, units, roles):
    world = World(home=home, units=units, roles=roles)
    world.article(live=True, ward="a")
    world.poll("always")
    world.screens
    return world


@pytest.fixture
def clients(world, django_user_model):
    staff = django_user_model.objects.create_superuser("fuzz-admin", "fuzz@example.vn", "Mat-khau-fuzz-1")
    signed_in = Client(raise_request_exception=False)
    signed_in.force_login(staff)
    return {"anonymous": Client(raise_request_exception=False), "superuser": signed_in}


def test_every_url_pattern_with_hostile_segments_and_queries(clients, settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    run = Run(deadline=time.monotonic() + BUDGET_SECONDS)
    patterns = all_patterns()
    queries = itertools.cycle(QUERIES)
    first_pass_done = False
    for depth in range(3):
        for pattern in patterns:
            for url in urls_for(pattern, depth):
                for who, client in clients.items():
                    if run.out_of_budget() and first_pass_done:
                        break
                    run.check(f"{who} GET {url[:160]} ({pattern.name})", client.get(url))
                    query = next(queries)
                    run.check(f"{who} GET {url[:120]}?{query[:60]} ({pattern.name})", client.get(f"{url}?{query}"))
        first_pass_done = True
    assert not run.failures, f"{len(run.failures)} of {run.sent} requests failed:\n" + "\n".join(run.failures[:60])
    assert run.sent >= 2 * len(patterns)


PROJECT_APPS = ("campaign_site", "news", "bulletins", "surveys", "plans", "screens")


def test_project_routes_take_ids_through_the_bounded_converter():
    """`<int:…>` lets 99999999999999999999 through to the database driver; `<id:…>` does not."""
    unbounded = [
        p.template
        for p in walk(get_resolver())
        if "<int:" in p.template and p.name and any(app in p.name for app in PROJECT_APPS)
    ]
    assert not unbounded
    from wagtail.contrib.routable_page.models import RoutablePageMixin
    from wagtail.models import get_page_models

    for model in get_page_models():
        if issubclass(model, RoutablePageMixin) and model._meta.app_label in PROJECT_APPS:
            routes = [str(p.pattern) for p in model.get_resolver().url_patterns]
            assert not [r for r in routes if "<int:" in r], model


SUBPATHS = [
    "0001/",
    "0000/",
    "9999/",
    "9999/12/31/",
    "0001/01/01/",
    "2025/02/30/",
    "2025/13/",
    "9999/99/99/",
    "theo-ngay/?date=0001-01-01",
    "theo-ngay/?date=9999-12-31",
    "theo-ngay/?date=1-01-01",
    "theo-ngay/?date=%00",
    "?page=99999999999999999999",
    "?page=-1&category=%ff&tag=%00",
    "?unit=99999999999999999999",
    "?date=0001-01-01",
    "0001-01-01/",
    "9223372036854775808/",
    "99999999999999999999/",
]


def test_every_live_page_with_hostile_subpaths(world, home, settings):
    """Routable pages (archives by year/month/day, the date picker, bulletins by date, plan tasks)."""
    from wagtail.models import Page

    from bulletins.models import BulletinIndexPage, BulletinPage

    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    world.article(live=True)
    index = home.add_child(instance=BulletinIndexPage(title="Bản tin", slug="ban-tin"))
    index.save_revision().publish()
    bulletin = index.add_child(instance=BulletinPage(title="Bản tin ngày", slug="ngay", date=dt.date(2025, 5, 6)))
    bulletin.save_revision().publish()
    run = Run(deadline=time.monotonic() + BUDGET_SECONDS)
    client = Client(raise_request_exception=False)
    urls = [page.url for page in Page.objects.live().specific() if page.url]
    assert len(urls) >= 3
    for url in urls:
        for suffix in SUBPATHS:
            run.check(f"GET {url}{suffix}", client.get(f"{url}{suffix}"))
    assert not run.failures, "\n".join(run.failures[:60])


# --- Hostile bodies for the public forms and JSON endpoints -------------------------------------------


def deep_json(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def nested_plays(depth: int) -> bytes:
    return b'{"plays": [' + b'{"a":' * depth + b"1" + b"}" * depth + b"]}"


BYTES_CODECS = ("rot13", "base64", "hex", "zlib", "uu", "quopri", "bz2", "idna", "punycode")

BODIES = [
    ("application/x-www-form-urlencoded", b"choice=99999999999999999999&stars=99999999999999999999"),
    ("application/x-www-form-urlencoded", b"choice=%ff%fe&comment=%00&unit=-1"),
    ("application/x-www-form-urlencoded", b"&".join(b"f%d=1" % n for n in range(3000))),  # too many fields
    ("application/x-www-form-urlencoded; charset=latin-1", "choice=1&comment=Việt".encode()),
    ("application/x-www-form-urlencoded; charset=utf-16", b"\xff\xfec\x00=\x00"),
    ("application/x-www-form-urlencoded; charset=x-unknown", b"choice=1"),
    *[(f"application/x-www-form-urlencoded; charset={codec}", b"choice=1") for codec in BYTES_CODECS],
    ("text/plain; charset=rot13", b"x"),
    ("application/x-www-form-urlencoded", b"\xff\xfe\xfd=\xc3\x28"),
    ("application/json", deep_json(100_000)),
    ("application/json", nested_plays(5000)),
    ("application/json", b'{"plays": [{"item": 99999999999999999999, "played_at": "0001-01-01T00:00:00"}]}'),
    ("application/json", b'{"plays": "x"' + b" " * 10 + b"}"),
    ("application/json", b"\xff\xfe"),
    ("application/json", b"1e999999"),
    ("text/plain", b"x" * (11 * 1024 * 1024)),  # over DATA_UPLOAD_MAX_MEMORY_SIZE
    ("multipart/form-data; boundary=zz", b'--zz\r\nContent-Disposition: form-data; name="a"\r\n\r\n'),
    ("multipart/form-data", b"no boundary"),
    ("application/xml", b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'a'>]><x>&a;</x>"),
]


def public_endpoints(world) -> list[str]:
    poll = world.poll("always")
    article = world.article(live=True, ward="b")
    screen = world.screens["a"]
    return [
        f"/polls/{poll.pk}/vote/",
        f"/ratings/{article.pk}/",
        f"/screens/{screen.pk}/plays",
        f"/screens/{screen.pk}/feed.json",
        "/search/",
        "/search/suggest/",
        "/admin/login/",
        "/django-admin/login/",
        f"/kiosk/{'k' * 40}/",
        "/healthz",
        "/",
    ]


def test_public_forms_and_json_endpoints_with_hostile_bodies(world, settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    run = Run(deadline=time.monotonic() + BUDGET_SECONDS)
    screen = world.screens["a"]
    for url in public_endpoints(world):
        for content_type, body in BODIES:
            for csrf_checks in (False, True):
                client = Client(enforce_csrf_checks=csrf_checks, raise_request_exception=False)
                headers = {"HTTP_AUTHORIZATION": f"Bearer {screen.token}"} if "/screens/" in url else {}
                for accept in ("application/json", "text/html"):
                    response = client.generic("POST", url, body, content_type, HTTP_ACCEPT=accept, **headers)
                    run.check(f"POST {url} [{content_type[:40]}, {len(body)} bytes, csrf={csrf_checks}]", response)
    assert not run.failures, "\n".join(run.failures[:60])


def test_deeply_nested_json_to_the_plays_endpoint_is_a_400(world):
    screen = world.screens["a"]
    client = Client(raise_request_exception=False)
    for body in (deep_json(100_000), nested_plays(5000), json.dumps({"plays": [[[[]]]] * 10}).encode()):
        response = client.post(
            f"/screens/{screen.pk}/plays",
            data=body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {screen.token}",
        )
        assert response.status_code in (200, 400, 413), response.status_code


@pytest.mark.parametrize("url", ["/feeds/news/unit/%00/rss/", "/?q=%00", "/search/?q=a%00b", "/tin-tuc/?tag=%00"])
def test_nul_characters_in_the_address_are_a_400(client, url):
    """PostgreSQL refuses NUL in any string: found by the fuzz on PostgreSQL, refused at the door."""
    response = client.get(url)
    assert response.status_code == 400
    assert "ký tự" in response.content.decode()
