"""Helpers shared by the integration tests: code run on real nodes, waits, browser-like log-in."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import requests

from tests.integration.nodes import Node

PASSWORD = "a-long-password-1"

PERSON = """
from node.accounts.signup import create_account
from profiles import publishing
from profiles.visibility import Visibility
user = create_account({{"username": "{handle}", "email": "{handle}@example.org", "role": "young",
    "birth_year": 2000, "birth_month": 1, "display_name": "{name}"}}, "a-long-password-1")
publishing.publish_profile(user.profile, Visibility.PUBLIC)
result = user.profile.pk
"""

FOLLOW = """
from federation.peers.resolve import resolve_handle
from profiles import following
from profiles.models import Profile
target = resolve_handle("{target}")
relation = following.follow(Profile.objects.get(handle="{handle}", domain=""), target)
result = relation.state
"""

PUBLISH = """
from profiles import publishing
from profiles.models import Profile
from profiles.visibility import Visibility
owner = Profile.objects.get(handle="{handle}", domain="")
ids = []
for n in range({count}):
    experience = publishing.save_experience_draft(owner, None, {{
        "kind": "summer_job", "title": "{title}" + (f" {{n}}" if {count} > 1 else ""),
        "organisation": "Chez Paul", "place": "Lyon", "start_year": 2024, "start_month": 7,
        "end_year": 2024, "end_month": 8, "what_i_did": "I helped the cook every day.",
        "responsibilities": "", "motivation": "", "learned": "", "language": "en"}}, ["cooking"])
    publishing.publish_experience(experience, Visibility.PUBLIC)
    ids.append(experience.pk)
result = ids
"""

ORGANISATION = """
from jobs import organisations
from node.accounts.signup import create_account
user = create_account({{"username": "{member}", "email": "{member}@example.org",
    "role": "organisation", "birth_year": None, "birth_month": None,
    "display_name": "{member}"}}, "a-long-password-1")
organisation = organisations.create_organisation(user, {{"handle": "{handle}", "name": "{name}",
    "about": "A bakery.", "language": "en", "org_type": "company", "sector": "Food",
    "place": "Lyon", "website": "https://acme.example/"}})
organisations.mark_verified(organisation, "registration number checked")
result = organisation.profile.pk
"""

OFFER = """
import datetime
from django.utils import timezone
from jobs import offers
from jobs.models import Organisation
organisation = Organisation.objects.get(profile__handle="{handle}", profile__domain="")
offer = offers.save_offer(organisation, None, {{
    "title": "{title}", "description": "Bake bread at dawn.", "language": "en",
    "contract_type": "apprenticeship", "place": "Lyon", "remote_option": "on_site",
    "valid_through": timezone.localdate() + datetime.timedelta(days=30),
    "hours": "35 h", "pay": "", "languages_required": ["fr"], "no_diploma_required": True,
    "experience_instead_of_education": True, "how_to_apply": "Come by."}}, ["cooking"])
offers.publish(offer)
result = offer.pk
"""

COUNT_REMOTE = """
from profiles.models import Experience
result = list(Experience.objects.filter(owner__handle="{handle}", owner__domain="{domain}",
    published__isnull=False).values_list("published__title", flat=True))
"""


def wait_for(check: Callable[[], bool], seconds: float = 60, what: str = "") -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def titles_on(node: Node, origin: Node, handle: str = "lea") -> list[str]:
    return node.python(COUNT_REMOTE.format(handle=handle, domain=origin.domain))


def logged_in(node: Node, handle: str) -> requests.Session:
    """A browser-like session: log-in form with its CSRF token."""
    session = requests.Session()
    page = session.get(node.base + "/accounts/login/", timeout=10)
    token = page.text.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    session.post(
        node.base + "/accounts/login/",
        data={"csrfmiddlewaretoken": token, "username": handle, "password": PASSWORD},
        headers={"Referer": node.base + "/accounts/login/"},
        timeout=10,
    )
    return session


def post_form(session: requests.Session, url: str, data: dict, referer: str) -> requests.Response:
    """POST a form of the session's node with its CSRF token, as a browser does."""
    token = session.cookies["csrftoken"]
    return session.post(
        url, data={"csrfmiddlewaretoken": token, **data}, headers={"Referer": referer}, timeout=20
    )


@contextlib.contextmanager
def running_nodes(
    root: Path, count: int, extra_env: dict[str, str] | None = None
) -> Iterator[list[Node]]:
    """`count` real nodes, started, then destroyed; their logs are printed on failure.
    `extra_env` is added to each node's environment."""
    started = [Node(i, root, extra_env=dict(extra_env or {})) for i in range(1, count + 1)]
    try:
        for node in started:
            node.setup()
            node.start()
        yield started
    except Exception:
        for node in started:
            print(f"--- node {node.index}\n{node.tail()}")
        raise
    finally:
        for node in started:
            node.destroy()
