"""The layout: a skip link first, five main places (a bottom bar on phones), the rest in a
menu that opens without JavaScript."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from network.models import Notification, NotificationKind
from tests.conftest import client_for

FOCUSABLE = {"a", "button", "input", "select", "textarea", "summary"}


class Focusables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in FOCUSABLE and attributes.get("type") != "hidden":
            self.found.append((tag, attributes))


def places(page: str) -> list[tuple[str, str, str]]:
    bar = page.split('<nav class="places"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="([^"]+)"( aria-current="\w+")?>.*?<span>([^<]+)</span>', bar, re.S)


def test_the_first_thing_to_tab_to_is_the_skip_link_to_the_content(client, db):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    parser = Focusables()
    parser.feed(page)
    tag, attributes = parser.found[0]
    assert (tag, attributes.get("href"), attributes.get("class")) == ("a", "#content", "skip-link")
    assert ">Skip to content</a>" in page and '<main id="content"' in page


def test_a_person_has_five_main_places_the_current_one_marked(person):
    page = client_for(person).get("/explore/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert places(page) == [
        ("/", "", "Home"),
        ("/explore/", ' aria-current="page"', "Explore"),
        ("/offers/", "", "Offers"),
        ("/me/messages/", "", "Messages"),
        ("/me/", "", "Me"),
    ]


def test_a_visitor_has_the_public_places_and_log_in(client, db):
    page = client.get("/offers/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert [label for _url, _current, label in places(page)] == [
        "Home",
        "Explore",
        "Offers",
        "Log in",
    ]
    assert ("/offers/", ' aria-current="page"', "Offers") in places(page)


def test_the_pages_under_a_place_mark_it_without_claiming_to_be_it(person):
    page = client_for(person).get("/me/experiences/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ("/me/", ' aria-current="true"', "Me") in places(page)


def test_everything_else_is_in_a_menu_that_needs_no_script(person):
    page = client_for(person).get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    header = page.split("<header", 1)[1].split("</header>", 1)[0]
    menu = header.split('<nav class="pop-panel" aria-label="Menu">', 1)[1].split("</nav>", 1)[0]
    assert "<summary" in header and "<details" in header
    for label in ("Feed", "My experiences", "People", "Tags", "My account", "About this node"):
        assert f">{label}</a>" in menu
    assert ">Log out</button>" in menu
    assert "<script" not in header


def test_unread_notifications_show_a_count_in_the_header(person):
    Notification.objects.create(recipient=person, kind=NotificationKind.MESSAGE, title="x")
    page = client_for(person).get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    header = page.split("<header", 1)[1].split("</header>", 1)[0]
    assert 'href="/me/notifications/"' in header
    assert 'aria-label="1 unread">1</span>' in header
