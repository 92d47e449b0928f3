"""Work that fetches runs in a transaction that never waits on the network: each fetch is
made before it, and the work starts again with the answer."""

from __future__ import annotations

import pytest

from federation.peers.fetch import FetchError
from federation.peers.fetch_first import made_before_transaction, run_in_transaction
from node.transactions import in_transaction
from profiles.models import Profile

pytestmark = pytest.mark.django_db

fetched: list[tuple[str, bool]] = []


@made_before_transaction
def fake_fetch(url: str) -> dict:
    fetched.append((url, in_transaction()))
    if "gone" in url:
        raise FetchError("HTTP 410", status=410)
    return {"id": url}


@pytest.fixture(autouse=True)
def no_fetch_yet() -> None:
    fetched.clear()


def test_each_fetch_is_made_once_with_no_transaction_open_and_writes_are_kept_once():
    def work() -> list[str]:
        Profile.objects.create(handle="rosa", domain="peer.example")
        return [fake_fetch(url)["id"] for url in ("https://a.example/1", "https://b.example/2")]

    assert run_in_transaction(work, errors=(FetchError,)) == [
        "https://a.example/1",
        "https://b.example/2",
    ]
    assert fetched == [("https://a.example/1", False), ("https://b.example/2", False)]
    assert Profile.objects.filter(handle="rosa").count() == 1  # earlier rounds rolled back


def test_a_fetch_error_is_handed_to_the_work_which_decides():
    def work() -> str:
        try:
            fake_fetch("https://a.example/gone")
        except FetchError as error:
            return f"refused: {error.reason}"
        return "kept"

    assert run_in_transaction(work, errors=(FetchError,)) == "refused: HTTP 410"
    assert fetched == [("https://a.example/gone", False)]


def test_a_broad_except_in_the_work_does_not_swallow_the_fetch():
    def work() -> dict:
        try:
            return fake_fetch("https://a.example/1")
        except Exception:  # noqa: BLE001 - what a careless handler would do
            return {}

    assert run_in_transaction(work, errors=(FetchError,)) == {"id": "https://a.example/1"}


def test_outside_it_a_fetch_is_an_ordinary_call():
    assert fake_fetch("https://a.example/1") == {"id": "https://a.example/1"}
