"""Property-based fuzzing (hypothesis) of the inbox and of every form and JSON endpoint.

The property: whatever arrives, the answer is never a 5xx, and a refused request (any
answer that is not a redirect after success, or a 202 from the inbox) stores nothing.
Each test is bounded (max_examples, no deadline) so all of them add well under a minute.
The counts of examples and 5xx are recorded for docs/RELIABILITY.md (tests/hostile/figures).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from federation.models import InboxItem
from tests.conftest import client_for, make_experience, make_person
from tests.contact.conftest import make_offer, make_organisation
from tests.federation.test_inbox import remote_actor  # noqa: F401  (fixture)
from tests.hostile import figures
from tests.hostile.test_inbox_attacks import deliver, signed

pytestmark = pytest.mark.django_db
# Derandomized: the same examples on every run, so CI sees what the last run saw (a new
# finding comes from changing the examples on purpose, never from a lucky draw in CI).
FUZZ = settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)

# Values that reach deep into forms: valid-looking ones mixed with random text.
LIKELY = st.sampled_from(
    [
        "",
        "en",
        "fr",
        "1",
        "3",
        "0",
        "-1",
        "99999999999",
        "2025-06-01",
        "on",
        "cooking",
        "summer_job",
        "alice",
        "<script>alert(1)</script>",
        "a" * 6000,
        "\x00",
        "../../etc",
        "https://evil.example/",
        "NaN",
        "null",
        "[]",
        "{}",
        "é" * 40,
    ]
)
VALUE = st.one_of(LIKELY, st.text(max_size=60), st.lists(LIKELY, max_size=3))


def table_counts() -> dict[str, int]:
    """Rows in every table of the project's apps: what a refused request must not change."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {"profiles", "jobs", "network", "contact", "federation", "accounts"}
        and not model._meta.label.endswith(("Session",))
    }


class Tally:
    def __init__(self, target: str) -> None:
        self.target, self.examples, self.errors, self.stored = target, 0, 0, 0

    def record(self, status: int, stored: bool) -> None:
        self.examples += 1
        self.errors += status >= 500
        self.stored += stored

    def close(self) -> None:
        figures.fuzz(self.target, self.examples, self.errors, self.stored)


@pytest.fixture
def tally(request) -> Iterator[Callable[[str], Tally]]:
    made: list[Tally] = []

    def make(target: str) -> Tally:
        made.append(Tally(target))
        return made[-1]

    yield make
    for one in made:
        one.close()


def field_names(client: Client, path: str) -> list[str]:
    """The form's own fields, read from the page as a browser would."""
    page = client.get(path)
    assert page.status_code == 200, (path, page.status_code)
    names = set(re.findall(r'name="([\w-]+)"', page.content.decode()))
    return sorted(names - {"csrfmiddlewaretoken"})


def fuzz_form(client: Client, path: str, tally: Tally, names: list[str] | None = None) -> None:
    names = names if names is not None else field_names(client, path)
    data_strategy = st.dictionaries(
        st.sampled_from(names + ["extra"]), VALUE, max_size=len(names) + 1
    )

    @FUZZ
    @given(data=data_strategy)
    def run(data: dict[str, Any]) -> None:
        before = table_counts()
        response = client.post(path, data)
        refused = response.status_code not in (301, 302, 303)
        stored = refused and table_counts() != before
        tally.record(response.status_code, stored)
        assert response.status_code < 500, (path, data)
        assert not stored, (path, data)

    run()


@pytest.fixture
def world(db, vocabulary) -> dict[str, Any]:
    person = make_person("alice")
    make_experience(person)
    organisation = make_organisation()
    from jobs.models import Membership

    recruiter = make_person("rita", role="organisation", birth=None)
    Membership.objects.create(organisation=organisation.organisation, user=recruiter.user)
    offer = make_offer(organisation)
    return {"person": person, "organisation": organisation, "recruiter": recruiter, "offer": offer}


# Fields read from the page (None), or given where the form lives on another page.
PERSON_FORMS = {
    "/me/": None,
    "/me/settings/": ["default_visibility", "approves_followers", "accepts_contact"],
    "/me/counsellors/": ["handle"],
    "/me/publish/": ["visibility"],
    "/me/experiences/new/": None,
    "/me/alerts/new/": None,
    "/organisations/new/": None,
}


@pytest.mark.parametrize("path", list(PERSON_FORMS))
def test_a_persons_forms_never_fail(world, tally, path):
    fuzz_form(client_for(world["person"]), path, tally(f"POST {path}"), PERSON_FORMS[path])


def test_the_experience_editor_on_an_existing_experience_never_fails(world, tally):
    pk = world["person"].experiences.first().pk
    fuzz_form(client_for(world["person"]), f"/me/experiences/{pk}/", tally("POST experience edit"))


def test_the_organisation_forms_never_fail(world, tally):
    client = client_for(world["recruiter"])
    org = world["organisation"].organisation.pk
    for path in (
        f"/me/organisation/{org}/page/",
        f"/me/organisation/{org}/offers/new/",
        f"/me/offers/{world['offer'].pk}/",
        f"/me/organisation/{org}/members/",
    ):
        names = field_names(client, path) if not path.endswith("members/") else ["who", "role"]
        fuzz_form(client, path, tally(f"POST {path}"), names)


def test_contact_and_apply_never_fail(world, tally):
    fuzz_form(client_for(world["recruiter"]), "/contact/@alice/", tally("POST contact"))
    fuzz_form(
        client_for(world["person"]), f"/offers/{world['offer'].pk}/apply/", tally("POST apply")
    )


def test_sign_up_and_log_in_never_fail(db, tally, settings):
    settings.TREMPLIN_RATE_LIMITS = {
        **settings.TREMPLIN_RATE_LIMITS,
        "login_ip": "0",
        "login_user": "0",
        "signup_ip": "0",
    }
    make_person("alice")
    fuzz_form(Client(), "/accounts/signup/", tally("POST sign-up"))
    fuzz_form(Client(), "/accounts/login/", tally("POST log-in"))


GET_ENDPOINTS = [
    "/explore/",
    "/people/",
    "/offers/",
    "/tags/suggest.json",
    "/api/experiences/",
    "/feed/",
]


@pytest.mark.parametrize("path", GET_ENDPOINTS)
def test_search_and_json_parameters_never_fail(world, tally, path):
    client = client_for(world["person"])
    one = tally(f"GET {path}")
    names = [
        "q",
        "tag",
        "kind",
        "lang",
        "person",
        "place",
        "contract",
        "page",
        "limit",
        "since",
        "format",
        "cursor",
    ]

    @FUZZ
    @given(params=st.dictionaries(st.sampled_from(names), VALUE, max_size=5))
    def run(params: dict[str, Any]) -> None:
        response = client.get(path, params)
        one.record(response.status_code, False)
        assert response.status_code < 500, (path, params)

    run()


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
ACTIVITY_KEYS = ["id", "type", "actor", "object", "to", "cc", "@context", "published", "content"]
ACTIVITY_TYPES = [
    "Follow",
    "Undo",
    "Create",
    "Update",
    "Delete",
    "Accept",
    "Reject",
    "Announce",
    "Like",
    "Flag",
    "Move",
]


@st.composite
def activities(draw) -> dict[str, Any]:
    """Random activities that pass the inbox's own checks often enough to reach the worker."""
    body = draw(st.dictionaries(st.sampled_from(ACTIVITY_KEYS), JSON_VALUES, max_size=6))
    if draw(st.booleans()):
        body["actor"] = "https://peer.example/users/rosa"
        body["id"] = f"https://peer.example/a/{draw(st.integers(0, 10**9))}"
        body["type"] = draw(st.sampled_from(ACTIVITY_TYPES))
        if draw(st.booleans()):
            obj = draw(
                st.dictionaries(
                    st.sampled_from(ACTIVITY_KEYS + ["attributedTo", "name", "tag"]),
                    JSON_VALUES,
                    max_size=6,
                )
            )
            obj["id"] = f"https://peer.example/o/{draw(st.integers(0, 10**9))}"
            obj["type"] = draw(
                st.sampled_from(["Article", "Note", "Person", "JobPosting", "Tombstone"])
            )
            body["object"] = obj
    return body


def test_the_inbox_never_fails_signed_or_not(
    client,
    person,
    remote_actor,  # noqa: F811
    tally,
    settings,
    monkeypatch,
):  # noqa: F811
    """Signed by a known actor or not; random headers too. The worker runs every item."""
    from federation.worker import run_single_cycle

    monkeypatch.setattr("federation.peers.actors.fetch_actor", lambda uri: remote_actor)
    settings.TREMPLIN_RATE_LIMITS = {**settings.TREMPLIN_RATE_LIMITS, "inbox_host": "0"}
    one = tally("POST /inbox/ (and worker)")
    header_names = ["Signature", "Digest", "Date", "Host", "Content-Length", "Content-Type"]

    @settings_inbox
    @given(
        body=activities(),
        sign=st.booleans(),
        junk=st.dictionaries(st.sampled_from(header_names), st.text(max_size=40), max_size=2),
    )
    def run(body: dict[str, Any], sign: bool, junk: dict[str, str]) -> None:
        data = json.dumps(body).encode()
        headers = signed(data) if sign else {}
        if junk and not sign:
            headers.update(junk)
        before = InboxItem.objects.count()
        response = deliver(client, data, headers)
        stored = response.status_code != 202 and InboxItem.objects.count() != before
        one.record(response.status_code, stored)
        assert response.status_code < 500, (body, response.content)
        assert not stored
        run_single_cycle()  # the worker must survive it too (it catches and records)

    run()


settings_inbox = settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
