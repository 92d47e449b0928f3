"""A tiny stand-in for a faulty peer: it answers inbox POSTs slowly, with 500s, or well.

It does not check signatures (the sender's signing is tested elsewhere); it only
counts, in "ok" mode, the distinct activity ids it accepted.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.faults.services import free_port

SLOW_SECONDS = 12  # longer than the delivery read timeout (10 s): each POST fails


class FaultyPeer:
    def __init__(self) -> None:
        self.mode = "ok"  # "slow", "error" or "ok"
        self.accepted: list[str] = []
        self.posts = 0
        # (seconds on the monotonic clock, activity id) of every POST, in every mode.
        self.attempts: list[tuple[float, str]] = []
        peer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                peer.posts += 1
                peer.attempts.append((time.monotonic(), json.loads(body).get("id", "")))
                if peer.mode == "slow":
                    time.sleep(SLOW_SECONDS)
                if peer.mode == "error":
                    self.send_response(500)
                    self.end_headers()
                    return
                if peer.mode == "ok":
                    peer.accepted.append(json.loads(body)["id"])
                self.send_response(202)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.port = free_port()
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        self.domain = f"127.0.0.1:{self.port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# Makes the peer a follower of node A itself (its instance actor), so that every
# public publication is also announced to it: one delivery to it per publication.
FOLLOW_THE_NODE = """
from federation.models import InstanceFollower, RemoteActor
actor = RemoteActor.objects.create(uri="http://{domain}/actor", actor_type="Application",
    username="relay", domain="{domain}", inbox="http://{domain}/inbox",
    key_id="http://{domain}/actor#main-key", public_key_pem="-")
InstanceFollower.objects.create(actor=actor, follow_uri="http://{domain}/follows/1")
result = actor.pk
"""

HEALTH = """
from federation.models import DomainHealth
health = DomainHealth.objects.filter(domain="{domain}").first()
result = None if health is None else [health.consecutive_failures, health.paused_until is not None]
"""

ANNOUNCED = """
from federation.models import Delivery
rows = Delivery.objects.filter(domain="{domain}")
result = [rows.count(), rows.filter(state="delivered").count()]
"""
