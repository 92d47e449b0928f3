"""Fixtures with plain names: people of each kind, the vocabulary, a published experience."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.test import Client

from node.accounts.signup import create_account
from profiles import counsellors, publishing
from profiles.models import CounsellorLink, Experience, Profile
from profiles.visibility import Visibility
from profiles.vocabulary.loader import sync_vocabulary

TEST_VOCABULARY = Path(__file__).parent / "profiles" / "data" / "vocabulary.json"
PASSWORD = "a-long-test-password-42"


def pytest_configure(config: pytest.Config) -> None:
    """Side by side (pytest-xdist), each test process empties the cache before every
    test: on Redis, each needs a database of its own (15, then 14)."""
    from django.conf import settings
    from django.test import override_settings

    from deploy.local_federation import xdist_worker_number

    # A network call inside a database transaction fails the test (node/transactions.py).
    # The tests read English pages without an Accept-Language header: the node's own
    # language (French by default) is tested where it matters (decision XXXX).
    override_settings(TREMPLIN_STRICT_TRANSACTIONS=True, LANGUAGE_CODE="en").enable()
    if settings.REDIS_URL and xdist_worker_number():
        url = urlsplit(settings.REDIS_URL)
        db = (int(url.path.strip("/") or 0) - xdist_worker_number()) % 16
        location = urlunsplit(url._replace(path=f"/{db}"))
        caches = {"default": {**settings.CACHES["default"], "LOCATION": location}}
        override_settings(CACHES=caches).enable()


@pytest.fixture(autouse=True)
def media_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def interface_language_reset() -> None:
    """Each test starts in the default language: a request through the test client
    activates the visitor's language in this thread and leaves it active."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Each test starts with no cached page (the database is rolled back, the cache is not)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def vocabulary(db: None) -> None:
    """A four-concept vocabulary, independent of the shipped one."""
    sync_vocabulary(TEST_VOCABULARY)


def make_person(
    handle: str, role: str = "young", birth: tuple[int, int] | None = (2000, 1)
) -> Profile:
    """A person of this node; a "counsellor" is granted the role (by nobody in particular)."""
    year, month = birth or (None, None)
    user = create_account(
        {
            "username": handle,
            "email": f"{handle}@example.org",
            "role": "young" if role == "counsellor" else role,
            "birth_year": year,
            "birth_month": month,
            "display_name": handle.title(),
        },
        PASSWORD,
    )
    profile = user.profile
    if role == "counsellor":
        counsellors.grant(profile, how="test")
    profile.visibility = profile.default_visibility = Visibility.PUBLIC
    if not profile.needs_guardian_consent():
        publishing.publish_profile(profile, Visibility.PUBLIC)
    profile.refresh_from_db()
    return profile


@pytest.fixture
def person(db: None) -> Profile:
    return make_person("alice")


@pytest.fixture
def member(db: None) -> Profile:
    return make_person("bob")


@pytest.fixture
def counsellor(person: Profile) -> Profile:
    """A counsellor that `person` chose."""
    profile = make_person("carla", role="counsellor", birth=None)
    CounsellorLink.objects.create(person=person, counsellor=profile)
    return profile


@pytest.fixture
def other_counsellor(db: None) -> Profile:
    return make_person("dan", role="counsellor", birth=None)


STORY = {
    "kind": "summer_job",
    "title": "Kitchen helper",
    "organisation": "Chez Paul",
    "place": "Lyon",
    "start_year": 2023,
    "start_month": 7,
    "end_year": 2023,
    "end_month": 8,
    "what_i_did": "I helped the cook and washed the dishes.",
    "responsibilities": "",
    "motivation": "",
    "learned": "",
    "language": "en",
}


def make_experience(
    owner: Profile,
    visibility: int | None = Visibility.PUBLIC,
    tags: list[str] | None = None,
    **changes: Any,
) -> Experience:
    """An experience of `owner`; published with `visibility`, or left a draft if None."""
    experience = publishing.save_experience_draft(
        owner, None, {**STORY, **changes}, tags or ["cooking"]
    )
    if visibility is not None:
        publishing.publish_experience(experience, visibility)
    experience.refresh_from_db()
    return experience


def client_for(profile: Profile | None) -> Client:
    client = Client()
    if profile is not None:
        client.force_login(profile.user)
    return client
