"""A page write never waits on a peer: no network call inside a database transaction.

On the embedded SQLite node (one write lock for the whole database), the in-process
worker fetches a boosted object from a peer that takes 5 s to answer; meanwhile a
person saves a draft. Before, the worker held a transaction through the fetch and the
save waited for it (about 4.5 s).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from federation.protocol.signatures import load_private_key, sign_request
from tests.federation.helpers import PUBLIC_PEM
from tests.integration.helpers import PERSON, logged_in, post_form, running_nodes
from tests.integration.nodes import Node

pytestmark = [pytest.mark.integration, pytest.mark.django_db(databases=[])]

PRIVATE_PEM = (Path(__file__).parents[1] / "federation" / "data" / "test_key.pem").read_text()
AS = "https://www.w3.org/ns/activitystreams"
SLOW_SECONDS = 5

FOLLOW_PEER = """
from federation.peers.actors import fetch_actor
from profiles.models import Follow, Profile
actor = fetch_actor("{actor}")
Follow.objects.create(follower=Profile.objects.get(handle="lea", domain=""),
    followed=actor.profile, state="accepted")
result = actor.pk
"""

DRAFT = {
    "kind": "summer_job",
    "title": "Written while a peer is slow",
    "organisation": "Chez Paul",
    "place": "Lyon",
    "start_year": "2024",
    "start_month": "7",
    "end_year": "2024",
    "end_month": "8",
    "what_i_did": "I helped the cook every day.",
    "language": "en",
}


class SlowPeer:
    """A peer whose actor answers at once and whose notes take SLOW_SECONDS."""

    def __init__(self) -> None:
        self.fetching = threading.Event()
        peer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the standard library's name
                if self.path.startswith("/notes/"):
                    peer.fetching.set()
                    time.sleep(SLOW_SECONDS)
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = json.dumps(peer.actor_document()).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/activity+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.actor = f"{self.base}/actor"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def actor_document(self) -> dict:
        return {
            "@context": [AS, "https://w3id.org/security/v1"],
            "id": self.actor,
            "type": "Person",
            "preferredUsername": "slow",
            "inbox": f"{self.base}/inbox",
            "followers": f"{self.actor}/followers",
            "publicKey": {
                "id": f"{self.actor}#main-key",
                "owner": self.actor,
                "publicKeyPem": PUBLIC_PEM,
            },
        }

    def announce_to(self, node: Node) -> int:
        """POST a signed Announce of one of its (slow) notes to the node's shared inbox."""
        body = json.dumps(
            {
                "@context": AS,
                "id": f"{self.base}/activities/announce-1",
                "type": "Announce",
                "actor": self.actor,
                "object": f"{self.base}/notes/1",
                "to": [f"{AS}#Public"],
            }
        ).encode()
        url = f"{node.base}/inbox/"
        headers = sign_request(
            "POST",
            url,
            {"Content-Type": "application/activity+json"},
            body,
            f"{self.actor}#main-key",
            load_private_key(PRIVATE_PEM),
        )
        return requests.post(url, data=body, headers=headers, timeout=10).status_code

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def node_and_peer(tmp_path: Path) -> Iterator[tuple[Node, SlowPeer]]:
    peer = SlowPeer()
    try:
        with running_nodes(tmp_path, 1) as (node,):
            yield node, peer
    finally:
        peer.close()


def test_a_page_write_does_not_wait_for_a_slow_peer(node_and_peer):
    node, peer = node_and_peer
    node.python(PERSON.format(handle="lea", name="Léa"))
    node.python(FOLLOW_PEER.format(actor=peer.actor))
    session = logged_in(node, "lea")
    assert peer.announce_to(node) == 202
    assert peer.fetching.wait(30), "the worker never fetched the boosted note"
    time.sleep(0.3)  # well inside the peer's 5 s

    started = time.monotonic()
    response = post_form(
        session,
        f"{node.base}/me/experiences/new/",
        DRAFT,
        referer=f"{node.base}/me/experiences/new/",
    )
    elapsed = time.monotonic() - started

    assert response.status_code == 200 and "Draft saved" in response.text
    print(f"draft saved in {elapsed:.2f} s while the worker fetched from a slow peer")
    assert elapsed < 1.0
