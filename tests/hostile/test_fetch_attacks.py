"""A catalogue of attacks on the fetch path (federation.peers.fetch), against real local servers.

Servers and made-up DNS answers come from tests/federation/test_fetch.py. Each attack is a
remote answer (or a URL) that must be refused with the right error, without a connection
to the forbidden address. Each is recorded in tests/hostile/figures.py.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from federation.peers.fetch import (
    BadContentType,
    BadDocument,
    FetchError,
    TooLarge,
    UnsafeAddress,
    fetch_json,
)
from tests.federation.test_fetch import (  # noqa: F401  (fixtures)
    AP,
    RecordingServer,
    actor,
    dns,
    other_server,
    redirect_to,
    reply,
    serve_json,
    server,
)
from tests.hostile import figures

# Every fetch asks the federation policy (its domain rules are rows) before it connects.
pytestmark = pytest.mark.django_db


def attempt(name: str, error: type[FetchError], call: Callable[[], object]) -> None:
    """Record and assert: the fetch raised `error` (anything else is the attack accepted)."""
    try:
        call()
    except error as raised:
        figures.attack("fetch", name, accepted=False, detail=str(raised))
        return
    except Exception as other:
        figures.attack("fetch", name, accepted=True, detail=repr(other))
        raise
    figures.attack("fetch", name, accepted=True, detail="no error")
    pytest.fail(f"{name}: fetched")


PRIVATE_TARGETS = {
    "loopback": ["127.0.0.1"],
    "private 10/8": ["10.0.0.5"],
    "private 192.168/16": ["192.168.1.1"],
    "cloud metadata (link-local)": ["169.254.169.254"],
    "IPv6 loopback": ["::1"],
    "IPv4-mapped IPv6 loopback": ["::ffff:127.0.0.1"],
    "one public and one private answer": ["93.184.216.34", "10.0.0.1"],
}


@pytest.mark.parametrize("target", list(PRIVATE_TARGETS))
def test_a_name_resolving_to_a_private_address_is_refused(dns, server, target):  # noqa: F811
    dns["peer.example"] = PRIVATE_TARGETS[target]
    attempt(
        f"name resolving to {target}",
        UnsafeAddress,
        lambda: fetch_json("https://peer.example/users/lea", allow_private=False, timeout=2),
    )
    assert server.connections == 0


@pytest.mark.parametrize("target", ["169.254.169.254", "0.0.0.0", "::ffff:169.254.169.254"])  # noqa: S104
def test_a_redirect_to_a_forbidden_address_is_refused(server, dns, target):  # noqa: F811
    """Even in development mode (private allowed), link-local and unspecified never are."""
    dns["metadata.example"] = [target]
    server.routes["/users/lea"] = redirect_to("http://metadata.example/latest/meta-data/")
    attempt(
        f"redirect to {target}",
        UnsafeAddress,
        lambda: fetch_json(server.url("/users/lea"), allow_private=True, timeout=2),
    )


@pytest.mark.parametrize("location", ["file:///etc/passwd", "gopher://127.0.0.1:70/", "ftp://x/"])
def test_a_redirect_to_another_scheme_is_refused(server, location):  # noqa: F811
    server.routes["/users/lea"] = redirect_to(location)
    attempt(
        f"redirect to {location.split(':')[0]}",
        UnsafeAddress,
        lambda: fetch_json(server.url("/users/lea"), allow_private=True, timeout=2),
    )


BAD_ANSWERS = {
    "id on another host": (
        lambda s: serve_json(actor("https://victim.example/users/lea")),
        BadDocument,
    ),
    "HTML instead of JSON": (lambda s: serve_json({"id": "x"}, "text/html"), BadContentType),
    "body over 1 MiB": (
        lambda s: lambda h: reply(h, 200, b'{"id": "' + b"x" * (2 * 1024 * 1024) + b'"}'),
        TooLarge,
    ),
    "100,000 levels of nesting": (
        lambda s: (
            lambda h: reply(h, 200, b'{"id": "x", "a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
        ),
        BadDocument,
    ),
    "JSON with NaN": (lambda s: lambda h: reply(h, 200, b'{"id": NaN}'), BadDocument),
}


@pytest.mark.parametrize("answer", list(BAD_ANSWERS))
def test_a_hostile_answer_is_refused(server, answer):  # noqa: F811
    route, error = BAD_ANSWERS[answer]
    server.routes["/users/lea"] = route(server)
    attempt(
        f"answer: {answer}",
        error,
        lambda: fetch_json(server.url("/users/lea"), allow_private=True, timeout=2),
    )
