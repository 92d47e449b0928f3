"""A peer inbox on loopback, for the delivery tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class Peer:
    """A peer inbox answering the statuses it is told to, recording what it receives."""

    def __init__(self) -> None:
        self.statuses: list[int] = []
        self.received: list[tuple[str, dict[str, str], bytes]] = []
        peer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                peer.received.append((self.path, dict(self.headers), body))
                self.send_response(peer.statuses.pop(0) if peer.statuses else 202)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.inbox = f"http://127.0.0.1:{self.server.server_port}/inbox"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def peer(settings) -> Iterator[Peer]:
    settings.TREMPLIN_ALLOW_PRIVATE_FETCH = True
    server = Peer()
    yield server
    server.server.shutdown()
