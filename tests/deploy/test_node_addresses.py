"""A local node starts only on a free address, is the one that answers, and dies with its
starter: a killed test run leaves no node behind to answer the next run."""

from __future__ import annotations

import http.server
import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from deploy import local_federation
from deploy.addresses import AddressBusy, ensure_free, listening_inodes
from deploy.local_federation import Node

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
# A loopback address of its own, on this checkout's port: no other test's nodes use it.
INDEX = 9


def node_on_its_own_address(root: Path) -> Node:
    return Node(INDEX, root)


def test_a_node_refuses_a_busy_address_and_names_who_holds_it(tmp_path):
    node = node_on_its_own_address(tmp_path)
    with socket.socket() as squatter:
        squatter.bind((node.host, node.port))
        squatter.listen()
        with pytest.raises(AddressBusy) as refused:
            node.start()
    message = str(refused.value)
    assert f"{node.host}:{node.port} is already in use by pid {os.getpid()}" in message
    assert "TREMPLIN_IT_PORT" in message
    assert node.processes == []  # nothing was started


class About(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"a stale node")

    def log_message(self, *args: object) -> None:
        pass


def test_a_node_that_is_not_ours_answering_is_refused(tmp_path, monkeypatch):
    """Even if something takes the address between the check and the start."""
    node = node_on_its_own_address(tmp_path)
    stale = http.server.HTTPServer((node.host, node.port), About)
    threading.Thread(target=stale.serve_forever, daemon=True).start()
    monkeypatch.setattr(local_federation, "ensure_free", lambda host, port: None)
    try:
        with pytest.raises(AddressBusy, match=f"answers, but not from node {INDEX}'s processes"):
            node.start()
    finally:
        node.stop()
        stale.shutdown()
        stale.server_close()


STARTER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from deploy.local_federation import Node
    node = Node({index}, Path({data!r}))
    node.setup()
    node.start()
    print("pgids", *[p.pid for p in node.processes], flush=True)
    sys.stdin.read()
    """
)


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_killing_the_starter_leaves_no_node_behind(tmp_path):
    data = tmp_path / "nodes"
    starter = subprocess.Popen(
        [sys.executable, "-c", STARTER.format(root=str(ROOT), index=INDEX, data=str(data))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
    )
    node = node_on_its_own_address(tmp_path)
    try:
        line = starter.stdout.readline()
        assert line.startswith("pgids"), "the node did not start"
        pgids = [int(value) for value in line.split()[1:]]
        assert listening_inodes(node.host, node.port)
        starter.send_signal(signal.SIGKILL)
        starter.wait(5)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and (
            any(group_alive(pgid) for pgid in pgids) or listening_inodes(node.host, node.port)
        ):
            time.sleep(0.1)
        assert not any(group_alive(pgid) for pgid in pgids)
        ensure_free(node.host, node.port)  # the next run may start there
    finally:
        if starter.poll() is None:
            starter.kill()
            starter.wait(5)
