"""No English in any admin screen a role can open.

For each demo account (one per role, and the superuser) the test walks the admin as that account
sees it: the dashboard, every entry of its own menu (submenus included, as Wagtail builds them for
that request), and one level below each entry (the add, edit, history… screens its listing links
to). It keeps only the text a person reads or hears (element text, and the aria-label, title,
placeholder and alt attributes, and the value of buttons) and fails on English words that a
Vietnamese officer should never meet. The URLs come from the menu, never from a hand list.
"""

import json
import re
from collections import defaultdict
from io import StringIO
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup, Comment
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, RequestFactory
from wagtail.admin.menu import SubmenuMenuItem, admin_menu
from wagtail.models import Page

from campaign_site.demo import DEMO_USERS

pytestmark = pytest.mark.timeout(1200)  # the whole demo, then a few hundred admin screens for six accounts

# Whole words, case-sensitive: "Root" and "Actions" are interface words, "root" in a URL is not read.
ENGLISH_WORDS = [
    "True",
    "False",
    "None",
    "Root",
    "Actions",
    "Add",
    "Edit",
    "Delete",
    "Save",
    "Cancel",
    "Search",
    "Filter",
    "Filters",
    "Moderators",
    "Editors",
    "Site name",
    "Port",
    "promoted",
    "Promoted",
    "Choose",
    "Select",
    "Submit",
    "Publish",
    "Unpublish",
    "Approve",
    "Reject",
    "Status",
    "Title",
    "Date",
    "Created",
    "Updated",
    "Live",
    "Draft",
    "Yes",
    "No",
    "Page",
    "Pages",
    "Images",
    "Documents",
    "Settings",
    "Reports",
    "Help",
    "Dashboard",
    "Sort",
    "Clear",
    "Apply",
    "Back",
    "Next",
    "Previous",
    "Name",
    "Description",
    "Type",
    "Owner",
    "History",
    "Preview",
    "Upload",
    "ago",
    "Moderators approval",
    "Can",
    "Bulk",
    "Unknown",
    "Workflow",
    "Workflows",
    "Task",
    "Tasks",
    "Moderation",
    "Users",
    "Groups",
    "Collections",
    "Redirects",
    "Snippets",
    "Locked",
    "Scheduled",
    "Expired",
    "Comment",
    "Comments",
    "Author",
    "Show",
    "Hide",
    "More",
    "Loading",
    "Close",
    "Remove",
    "Insert",
    "Copy",
    "Move",
    "Compare",
    "Restore",
    "View",
    "Content",
    "Request changes",
    "the",
    "and",
    "of",
    "to",
    "by",
    "with",
    "for",
    "is",
    "are",
    "has",
    "been",
    "this",
    "your",
    "you",
    "not",
    "items",
    "results",
]
ENGLISH = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(w) for w in sorted(ENGLISH_WORDS, key=len, reverse=True)) + r")(?![\w-])"
)
READ_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")
UNREAD_TAGS = ("script", "style", "noscript", "svg", "template", "code", "pre")
# Not screens: files, bulk actions that need a selection, leaving, and deleting (its confirmation
# screen is reached from the edit screens' own menus).
SKIPPED_LINKS = ("/logout", "/bulk/", "/export", ".csv", ".xlsx", ".docx", "/download", "/delete")
LINKS_PER_ENTRY = 6  # one level below a menu entry: its first few distinct kinds of link


def parse(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


def read_text(soup: BeautifulSoup) -> str:
    """What a sighted or screen-reader user meets on the page, one fragment per line (the soup is
    consumed: what is not read is taken out of it)."""
    for node in soup.find_all(string=lambda s: isinstance(s, Comment)):
        node.extract()
    for tag in soup.find_all(UNREAD_TAGS):
        tag.decompose()
    for tag in soup.find_all(attrs={"hidden": True}):
        tag.decompose()
    parts = [soup.title.get_text(" ", strip=True) if soup.title else ""]
    parts.extend(sidebar_labels(soup))
    body = soup.body or soup
    parts.extend(s.strip() for s in body.find_all(string=True) if s.strip())
    for tag in body.find_all(True):
        parts.extend(tag[name] for name in READ_ATTRIBUTES if isinstance(tag.get(name), str))
        if tag.name == "input" and tag.get("type") in ("submit", "button", "reset") and tag.get("value"):
            parts.append(tag["value"])
    return "\n".join(p for p in parts if p)


def sidebar_labels(soup) -> list[str]:
    """The admin menu is drawn by script from JSON: its labels are read too."""
    props = soup.find("script", id="wagtail-sidebar-props")
    if props is None:
        return []
    labels = []

    def collect(value):
        if isinstance(value, dict):
            if isinstance(value.get("label"), str):
                labels.append(value["label"])
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    collect(json.loads(props.string))
    return labels


def english_in(text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        for match in ENGLISH.finditer(line):
            found.append(f"{match.group(0)!r} in {line.strip()[:120]!r}")
    return found


def menu_urls(user) -> list[str]:
    """The URLs of the admin menu Wagtail builds for this user (submenus flattened)."""
    request = RequestFactory().get("/admin/")
    request.user = user
    request.session = {}

    def walk(items):
        for item in items:
            if isinstance(item, SubmenuMenuItem):
                yield from walk(item.menu.menu_items_for_request(request))
            elif item.url:
                yield item.url

    return [url for url in walk(admin_menu.menu_items_for_request(request)) if url.startswith("/admin/")]


def shape(url: str) -> str:
    return re.sub(r"\d+", "N", urlsplit(url).path)


def links_below(soup: BeautifulSoup, entry: str) -> list[str]:
    """The first few distinct kinds of admin link below a menu entry (edit N, add, history N…)."""
    main = soup.find("main") or soup
    seen, links = set(), []
    for anchor in main.find_all("a", href=True):
        href = anchor["href"]
        path = urlsplit(href).path
        if not path.startswith("/admin/") or path == urlsplit(entry).path:
            continue
        if any(
            part in path for part in ("/logout", "/bulk/", "/export", ".csv", ".xlsx", ".docx", "/download", "/delete")
        ):
            continue
        kind = shape(href)
        if kind in seen:
            continue
        seen.add(kind)
        links.append(href)
        if len(links) >= LINKS_PER_ENTRY:
            break
    return links


def walk_admin(user) -> dict[str, list[str]]:
    """{url: English found} for every screen this user reaches from the dashboard and the menu."""
    client = Client()
    client.force_login(user)
    found: dict[str, list[str]] = defaultdict(list)
    visited: set[str] = set()
    english_titles = sorted(
        Page.objects.filter(locale__language_code="en").values_list("title", flat=True), key=len, reverse=True
    )

    def visit(url: str) -> list[str]:
        """Check one screen; the links below it."""
        key = shape(url) + "?" + urlsplit(url).query
        if key in visited:
            return []
        visited.add(key)
        response = client.get(url)
        assert response.status_code < 500, f"{user.username}: {url} answered {response.status_code}"
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            return []
        soup = parse(response.content.decode())
        links = links_below(soup, url)
        text = read_text(soup)
        for title in english_titles:  # what editors wrote in English is content, not the admin's wording
            text = text.replace(title, "")
        found[url].extend(english_in(text))
        return links

    visit("/admin/")
    for entry in menu_urls(user):
        for link in visit(entry):
            visit(link)
    assert len(visited) > 3, f"{user.username} reached almost nothing: {sorted(visited)}"
    return found


def test_no_english_words_on_any_admin_screen_of_any_role(db):
    call_command("load_demo_data", stdout=StringIO())
    users = get_user_model().objects.filter(username__in=[d.username for d in DEMO_USERS])
    assert users.count() == len(DEMO_USERS)
    report = []
    for user in users.order_by("username"):
        for url, problems in walk_admin(user).items():
            report.extend(f"{user.username} {url}: {problem}" for problem in problems)
    assert not report, f"{len(report)} English words in the admin:\n" + "\n".join(report)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<td>True</td>", ["'True'"]),
        ('<button aria-label="Actions">…</button>', ["'Actions'"]),
        ('<input type="submit" value="Save">', ["'Save'"]),
        ('<input placeholder="Search">', ["'Search'"]),
        ("<td>Không</td><td>Truelove</td>", []),
        ("<script>var None = 1;</script><p>Có</p>", []),
        ('<a href="/admin/root/" data-x="Delete">Gốc</a>', []),
    ],
)
def test_the_reader_keeps_what_is_read_and_drops_what_is_not(html, expected):
    found = english_in(read_text(parse(f"<html><body>{html}</body></html>")))
    assert [f.split(" in ")[0] for f in found] == expected
