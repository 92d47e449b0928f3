"""federation.peers.fetch against real HTTP servers on loopback.

The network edge is real: ThreadingHTTPServer instances on 127.0.0.1 and 127.0.0.2 (all of
127.0.0.0/8 answers on Linux). Only DNS is simulated, by replacing socket.getaddrinfo for a few
made-up names, because no real name resolves to the private addresses these tests need.
Every security check of federation.peers.fetch runs as in production.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from federation.peers import fetch
from federation.peers.fetch import (
    BadContentType,
    BadDocument,
    FetchError,
    TooLarge,
    UnsafeAddress,
    check_address,
    fetch_json,
)

AP = "application/activity+json"
# Every fetch asks the federation policy (its domain rules are rows) before it connects.
pytestmark = pytest.mark.django_db
Route = Callable[[BaseHTTPRequestHandler], None]


class RecordingServer:
    """A real HTTP server that records every connection and request it gets."""

    def __init__(self, address: str) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.connections = 0
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                recorder.requests.append((self.path, dict(self.headers.items())))
                route = recorder.routes.get(self.path)
                if route is None:
                    reply(self, 404, b"not found", "text/plain")
                else:
                    route(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        class Server(ThreadingHTTPServer):
            block_on_close = False

            def verify_request(self, request: Any, client_address: Any) -> bool:
                recorder.connections += 1
                return True

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a client that gave up mid-answer is expected here

        self.httpd = Server((address, 0), Handler)
        self.host = address
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
        )
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    @property
    def paths(self) -> list[str]:
        return [path for path, _headers in self.requests]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def reply(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    content_type: str | None = AP,
    headers: dict[str, str] | None = None,
    length: bool = True,
) -> None:
    handler.send_response(status)
    if content_type:
        handler.send_header("Content-Type", content_type)
    if length:
        handler.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def serve_json(document: Any, content_type: str = AP) -> Route:
    body = json.dumps(document).encode()
    return lambda handler: reply(handler, 200, body, content_type)


def redirect_to(location: str, status: int = 302) -> Route:
    return lambda handler: reply(handler, status, content_type=None, headers={"Location": location})


def actor(url: str) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/activitystreams"],
        "id": url,
        "type": "Person",
        "preferredUsername": "lea",
        "inbox": url + "/inbox",
    }


@pytest.fixture
def server() -> Iterator[RecordingServer]:
    running = RecordingServer("127.0.0.1")
    yield running
    running.close()


@pytest.fixture
def other_server() -> Iterator[RecordingServer]:
    """Another host: another loopback address."""
    running = RecordingServer("127.0.0.2")
    yield running
    running.close()


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Made-up names and their answers; every other name goes to the real resolver."""
    answers: dict[str, list[str]] = {}
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> list[tuple]:
        if host not in answers:
            return real_getaddrinfo(host, port, *args, **kwargs)
        port = int(port or 0)
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (ip, port, 0, 0))
            if ":" in ip
            else (socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))
            for ip in answers[host]
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


# What is fetched, and how


def test_good_actor_is_fetched(server: RecordingServer) -> None:
    url = server.url("/users/lea")
    server.routes["/users/lea"] = serve_json(actor(url))

    document = fetch_json(url, allow_private=True)

    assert document["id"] == url
    assert document["preferredUsername"] == "lea"
    ((_path, headers),) = server.requests
    assert headers["Accept"] == fetch.AP_ACCEPT
    assert headers["User-Agent"].startswith("Tremplin/")


def test_ld_json_with_the_activitystreams_profile_is_accepted(server: RecordingServer) -> None:
    url = server.url("/users/lea")
    content_type = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
    server.routes["/users/lea"] = serve_json(actor(url), content_type)

    assert fetch_json(url, allow_private=True)["id"] == url


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "text/html; charset=utf-8", "application/ld+json", None],
)
def test_other_content_types_are_refused(server: RecordingServer, content_type: str) -> None:
    url = server.url("/users/lea")
    body = json.dumps(actor(url)).encode()
    server.routes["/users/lea"] = lambda handler: reply(handler, 200, body, content_type)

    with pytest.raises(BadContentType):
        fetch_json(url, allow_private=True)


def test_signer_is_called_for_each_request_and_its_headers_are_sent(
    server: RecordingServer,
) -> None:
    url = server.url("/users/lea")
    server.routes["/@lea"] = redirect_to("/users/lea")
    server.routes["/users/lea"] = serve_json(actor(url))
    calls: list[tuple[str, str, dict]] = []

    def signer(method: str, signed_url: str, headers: dict) -> dict:
        calls.append((method, signed_url, dict(headers)))
        return {
            **headers,
            "Date": "Tue, 07 Jun 2022 20:51:35 GMT",
            "Signature": f"sig:{signed_url}",
        }

    fetch_json(server.url("/@lea"), signer=signer, allow_private=True)

    assert [(method, signed) for method, signed, _headers in calls] == [
        ("GET", server.url("/@lea")),
        ("GET", url),
    ]
    assert calls[0][2]["Accept"] == fetch.AP_ACCEPT
    assert calls[0][2]["Host"] == f"127.0.0.1:{server.port}"
    assert [headers["Signature"] for _path, headers in server.requests] == [
        f"sig:{server.url('/@lea')}",
        f"sig:{url}",
    ]
    assert server.requests[1][1]["Date"] == "Tue, 07 Jun 2022 20:51:35 GMT"


def test_private_fetches_follow_the_setting_by_default(server: RecordingServer, settings) -> None:
    url = server.url("/users/lea")
    server.routes["/users/lea"] = serve_json(actor(url))

    settings.TREMPLIN_ALLOW_PRIVATE_FETCH = True
    assert fetch_json(url)["id"] == url

    settings.TREMPLIN_ALLOW_PRIVATE_FETCH = False
    with pytest.raises(UnsafeAddress):
        fetch_json(url)


def test_http_error_carries_its_status(server: RecordingServer) -> None:
    server.routes["/gone"] = lambda handler: reply(handler, 410, b"", "text/plain")

    with pytest.raises(FetchError) as raised:
        fetch_json(server.url("/gone"), allow_private=True)

    assert raised.value.status == 410


# Addresses


def test_loopback_is_refused_before_any_connection(server: RecordingServer) -> None:
    server.routes["/users/lea"] = serve_json(actor(server.url("/users/lea")))
    https_url = f"https://127.0.0.1:{server.port}/users/lea"

    with pytest.raises(UnsafeAddress):
        fetch_json(https_url, allow_private=False)
    with pytest.raises(UnsafeAddress):
        fetch_json(server.url("/users/lea"), allow_private=False)  # and plain http

    assert server.connections == 0


@pytest.mark.parametrize(
    "url",
    [
        "https://10.0.0.1/users/lea",
        "https://172.16.5.4/",
        "https://192.168.1.1/",
        "https://169.254.169.254/latest/meta-data/",
        "https://127.0.0.1/",
        "https://0.0.0.0/",
        "https://224.0.0.1/",
        "https://100.64.0.1/",
        "https://240.0.0.1/",
        "https://[::1]/",
        "https://[::]/",
        "https://[fe80::1]/",
        "https://[fd00::2]/",
        "https://[ff02::1]/",
        "https://[::ffff:127.0.0.1]/",
        "https://[::ffff:10.0.0.1]/",
        "https://[64:ff9b::a9fe:a9fe]/",
        "https://[2002:a00:1::]/",
    ],
)
def test_unsafe_literal_addresses_are_refused(url: str) -> None:
    with pytest.raises(UnsafeAddress):
        check_address(url, allow_private=False)


def test_public_literal_address_is_accepted() -> None:
    check_address("https://93.184.216.34/users/lea", allow_private=False)
    check_address("https://[2606:2800:220:1:248:1893:25c8:1946]/", allow_private=False)


@pytest.mark.parametrize(
    "url",
    [
        "http://93.184.216.34/",
        "ftp://93.184.216.34/",
        "file:///etc/passwd",
        "https://user:secret@93.184.216.34/",
        "https:///no-host",
        "https://93.184.216.34:99999/",
    ],
)
def test_urls_we_never_fetch_are_refused(url: str) -> None:
    with pytest.raises(UnsafeAddress):
        check_address(url, allow_private=False)


def test_development_allows_private_networks_but_never_link_local() -> None:
    check_address("http://127.0.0.2:8000/", allow_private=True)
    check_address("http://10.0.0.1/", allow_private=True)
    with pytest.raises(UnsafeAddress):
        check_address("http://169.254.169.254/", allow_private=True)
    with pytest.raises(UnsafeAddress):
        check_address("gopher://127.0.0.1/", allow_private=True)


@pytest.mark.parametrize(
    ("name", "addresses"),
    [
        ("internal.example", ["10.1.2.3"]),
        ("metadata.example", ["169.254.169.254"]),
        ("six.example", ["::1"]),
        ("mixed.example", ["93.184.216.34", "192.168.0.7"]),
    ],
)
def test_names_resolving_to_unsafe_addresses_are_refused(
    dns: dict[str, list[str]], name: str, addresses: list[str]
) -> None:
    dns[name] = addresses

    with pytest.raises(UnsafeAddress):
        check_address(f"https://{name}/inbox", allow_private=False)
    # fetch_json refuses at connect time, before any packet leaves (else this would hang).
    with pytest.raises(UnsafeAddress):
        fetch_json(f"https://{name}/users/lea", allow_private=False, timeout=2)


def test_name_resolving_to_a_public_address_passes(dns: dict[str, list[str]]) -> None:
    dns["social.example"] = ["93.184.216.34"]

    check_address("https://social.example/inbox", allow_private=False)


def test_unresolvable_name_is_a_plain_fetch_error() -> None:
    with pytest.raises(FetchError) as raised:
        check_address("https://nothing.invalid/inbox", allow_private=False)

    assert not isinstance(raised.value, UnsafeAddress)


def test_connection_goes_to_the_address_that_was_checked(
    server: RecordingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: a second answer must never be used; the name is resolved once."""
    answers = iter(["127.0.0.1", "169.254.169.254", "169.254.169.254"])
    lookups: list[str] = []
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> list[tuple]:
        if host != "rebind.example":
            return real_getaddrinfo(host, port, *args, **kwargs)
        lookups.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), int(port)))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    url = f"http://rebind.example:{server.port}/users/lea"
    server.routes["/users/lea"] = serve_json(actor(url))

    document = fetch_json(url, allow_private=True, timeout=3)

    assert document["id"] == url
    assert lookups == ["rebind.example"]
    assert server.requests[0][1]["Host"] == f"rebind.example:{server.port}"


# Redirects


def test_redirect_to_another_host_is_followed_and_checked(
    server: RecordingServer, other_server: RecordingServer
) -> None:
    final = other_server.url("/users/lea")
    server.routes["/users/lea"] = redirect_to(final, 301)
    other_server.routes["/users/lea"] = serve_json(actor(final))

    assert fetch_json(server.url("/users/lea"), allow_private=True)["id"] == final


def test_redirect_to_an_unsafe_address_is_refused(
    server: RecordingServer, dns: dict[str, list[str]]
) -> None:
    """Even in development, a hop to link-local (cloud metadata) is refused at connect time."""
    dns["metadata.example"] = ["169.254.169.254"]
    server.routes["/users/lea"] = redirect_to("http://metadata.example/latest/meta-data/")

    with pytest.raises(UnsafeAddress):
        fetch_json(server.url("/users/lea"), allow_private=True, timeout=2)


def test_redirect_to_a_private_address_is_refused_when_private_is_not_allowed(
    dns: dict[str, list[str]],
) -> None:
    """What every hop goes through, shown on a first hop (no public server exists here)."""
    dns["inbox.example"] = ["10.9.8.7"]

    with pytest.raises(UnsafeAddress):
        fetch_json("https://inbox.example/users/lea", allow_private=False, timeout=2)


def test_redirect_body_is_never_read(server: RecordingServer) -> None:
    """requests' Session reads a redirect's whole body; a huge or stalled one must not hold us."""
    url = server.url("/users/lea")

    def stalled_redirect(handler: BaseHTTPRequestHandler) -> None:
        headers = {"Location": "/users/lea", "Content-Length": str(10**9)}
        reply(handler, 302, content_type="text/html", headers=headers, length=False)
        time.sleep(3)

    server.routes["/@lea"] = stalled_redirect
    server.routes["/users/lea"] = serve_json(actor(url))
    started = time.monotonic()

    assert fetch_json(server.url("/@lea"), allow_private=True, timeout=2)["id"] == url
    assert time.monotonic() - started < 1


@pytest.mark.parametrize("location", ["file:///etc/passwd", "gopher://127.0.0.1:70/", "ftp://x/"])
def test_redirect_to_another_scheme_is_refused(server: RecordingServer, location: str) -> None:
    server.routes["/users/lea"] = redirect_to(location)

    with pytest.raises(UnsafeAddress):
        fetch_json(server.url("/users/lea"), allow_private=True)


def test_more_than_three_redirects_are_refused(server: RecordingServer) -> None:
    for hop in range(5):
        server.routes[f"/{hop}"] = redirect_to(f"/{hop + 1}")
    server.routes["/5"] = serve_json(actor(server.url("/5")))

    with pytest.raises(FetchError, match="redirects"):
        fetch_json(server.url("/0"), allow_private=True)

    assert server.paths == ["/0", "/1", "/2", "/3"]


# Ids


def test_id_on_another_host_is_refused(server: RecordingServer) -> None:
    server.routes["/users/lea"] = serve_json(actor("https://victim.example/users/lea"))

    with pytest.raises(BadDocument):
        fetch_json(server.url("/users/lea"), allow_private=True)

    assert server.paths == ["/users/lea"]


def test_id_on_the_same_host_is_refetched_from_the_id(server: RecordingServer) -> None:
    canonical = server.url("/users/lea")
    server.routes["/@lea"] = serve_json(actor(canonical))
    server.routes["/users/lea"] = serve_json(actor(canonical))

    assert fetch_json(server.url("/@lea"), allow_private=True)["id"] == canonical
    assert server.paths == ["/@lea", "/users/lea"]


def test_refetched_document_must_match_its_own_url(server: RecordingServer) -> None:
    server.routes["/a"] = serve_json(actor(server.url("/b")))
    server.routes["/b"] = serve_json(actor(server.url("/c")))

    with pytest.raises(BadDocument):
        fetch_json(server.url("/a"), allow_private=True)

    assert server.paths == ["/a", "/b"]


def test_document_without_id_is_refused(server: RecordingServer) -> None:
    server.routes["/note"] = serve_json({"type": "Note", "content": "hello"})

    with pytest.raises(BadDocument):
        fetch_json(server.url("/note"), allow_private=True)


# Bodies and time


@pytest.mark.parametrize("length", [True, False])
def test_body_over_the_limit_is_refused(server: RecordingServer, length: bool) -> None:
    body = b'{"id": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    server.routes["/big"] = lambda handler: reply(handler, 200, body, AP, length=length)

    with pytest.raises(TooLarge):
        fetch_json(server.url("/big"), allow_private=True)


def test_slow_server_is_refused_in_bounded_time(server: RecordingServer) -> None:
    def slow(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(3)
        reply(handler, 200, b"{}")

    server.routes["/slow"] = slow
    started = time.monotonic()

    with pytest.raises(FetchError):
        fetch_json(server.url("/slow"), allow_private=True, timeout=0.5)

    assert time.monotonic() - started < 1.5


def test_trickling_body_is_refused_in_bounded_time(server: RecordingServer) -> None:
    def trickle(handler: BaseHTTPRequestHandler) -> None:
        reply(handler, 200, b"{", AP, length=False)
        for _ in range(40):
            time.sleep(0.1)
            handler.wfile.write(b" ")

    server.routes["/trickle"] = trickle
    started = time.monotonic()

    with pytest.raises(FetchError):
        fetch_json(server.url("/trickle"), allow_private=True, timeout=0.5)

    assert time.monotonic() - started < 1.5


def deep(levels: int) -> bytes:
    return b'{"id": "x", "a": ' + b"[" * levels + b"]" * levels + b"}"


@pytest.mark.parametrize(
    "body",
    [
        deep(100),
        deep(200_000),
        b'["a", "list"]',
        b'"a string"',
        b"42",
        b'{"id": "x", "n": NaN}',
        b'{"id": "x", "n": -Infinity}',
        b'{"id": "x"',
        b"\xff\xfe{}",
        b"",
    ],
)
def test_bad_json_is_refused(server: RecordingServer, body: bytes) -> None:
    server.routes["/bad"] = lambda handler: reply(handler, 200, body)

    with pytest.raises(BadDocument):
        fetch_json(server.url("/bad"), allow_private=True)


def test_nesting_up_to_the_limit_is_accepted(server: RecordingServer) -> None:
    url = server.url("/nested")
    levels = fetch.MAX_DEPTH - 1  # the document itself is the first level
    body = b'{"id": "' + url.encode() + b'", "a": ' + b"[" * levels + b"]" * levels + b"}"
    server.routes["/nested"] = lambda handler: reply(handler, 200, body)

    assert fetch_json(url, allow_private=True)["id"] == url
