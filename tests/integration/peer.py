"""The Mastodon-like fediverse peer (deploy/fediverse_peer) as a real process, for tests.

Started like Tremplin's own test nodes (deploy/local_federation.py): only on a free
address (a busy one is refused, naming who holds it), checked to be the one answering,
in its own process group watched by deploy/watchdog.py (a killed test run leaves no peer
behind), and killed with its group at teardown. Its port: TREMPLIN_IT_PEER_PORT, else
TREMPLIN_IT_PORT + 500 (plus the pytest-xdist worker number), on 127.0.0.1 (the nodes use
127.0.0.2 and up).

The methods wrap the peer's control API (see deploy/fediverse_peer/web.py).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import requests

from deploy.addresses import AddressBusy, describe_listeners, ensure_free, holders, listening_inodes
from deploy.local_federation import xdist_worker_number
from deploy.watchdog import start_time

ROOT = Path(__file__).resolve().parents[2]
WATCHDOG = ROOT / "deploy" / "watchdog.py"


def peer_port() -> int:
    explicit = os.environ.get("TREMPLIN_IT_PEER_PORT")
    if explicit:
        return int(explicit) + xdist_worker_number()
    return int(os.environ.get("TREMPLIN_IT_PORT", "8000")) + 500 + xdist_worker_number()


class FediversePeer:
    """One peer process; `base` is its URL, `domain` the host:port its ids carry."""

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int | None = None) -> None:
        self.host = host
        self.port = port or peer_port()
        self.domain = f"{host}:{self.port}"
        self.base = f"http://{self.domain}"
        root.mkdir(parents=True, exist_ok=True)
        self.log = root / f"peer-{self.port}.log"
        self.process: subprocess.Popen | None = None
        self.watchdog: tuple[subprocess.Popen, int] | None = None

    # --- life ---------------------------------------------------------------------

    def start(self, seconds: float = 30) -> None:
        """Start on a free address and wait until this process is the one answering."""
        ensure_free(self.host, self.port)
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "deploy.fediverse_peer", "--host", self.host]
            + ["--port", str(self.port), "--domain", self.domain, "--verbose"],
            cwd=ROOT,
            env=env,
            stdout=self.log.open("a"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._watch(self.process.pid)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the peer exited:\n{self.tail()}")
            with contextlib.suppress(requests.RequestException):
                health = requests.get(f"{self.base}/control/health", timeout=2)
                if health.status_code == 200:
                    self._check_answer_is_ours(health.json())
                    return
            time.sleep(0.2)
        raise RuntimeError(f"the peer did not answer on {self.base}:\n{self.tail()}")

    def _watch(self, pgid: int) -> None:
        """Have the group killed if this test process dies before it stops the peer."""
        lifeline, keep = os.pipe()
        watchdog = subprocess.Popen(
            [sys.executable, str(WATCHDOG), str(pgid), start_time(pgid) or "0"],
            stdin=lifeline,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        os.close(lifeline)
        self.watchdog = (watchdog, keep)

    def _check_answer_is_ours(self, health: dict[str, Any]) -> None:
        inodes = listening_inodes(self.host, self.port)
        ours = self.process is not None and holders(inodes, [self.process.pid])
        if (inodes and not ours) or health.get("domain") != self.domain:
            raise AddressBusy(
                f"{self.base} answers, but not from the peer started here: "
                f"{describe_listeners(self.host, self.port)} holds the address"
            )

    def stop(self) -> None:
        """Kill the peer's process group (SIGTERM, then SIGKILL) and dismiss its watchdog."""
        if self.process is not None:
            if self.process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
            self.process = None
        if self.watchdog is not None:
            watchdog, keep = self.watchdog
            with contextlib.suppress(OSError):
                os.write(keep, b"q")
            os.close(keep)
            watchdog.wait(5)
            self.watchdog = None

    def tail(self, lines: int = 40) -> str:
        if not self.log.exists():
            return ""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    # --- the control API -----------------------------------------------------------------

    def _post(self, route: str, payload: dict[str, Any]) -> dict[str, Any]:
        response = requests.post(f"{self.base}/control/{route}", json=payload, timeout=60)
        if response.status_code >= 400:
            raise AssertionError(f"peer /control/{route}: {response.status_code} {response.text}")
        return response.json()

    def _get(self, route: str, **params: str) -> dict[str, Any]:
        response = requests.get(f"{self.base}/control/{route}", params=params, timeout=10)
        response.raise_for_status()
        return response.json()

    def account(self, username: str, **options: Any) -> dict[str, Any]:
        """Make an account (display_name, summary, locked, discoverable); its actor document."""
        return self._post("accounts", {"username": username, **options})

    def actor(self, username: str) -> str:
        return f"{self.base}/users/{username}"

    def acct(self, username: str) -> str:
        return f"{username}@{self.domain}"

    def send(self, kind: str, account: str, **params: Any) -> dict[str, Any]:
        """Have `account` send an activity of `kind`: the activity, its deliveries and ids."""
        return self._post("send", {"kind": kind, "account": account, **params})

    def fetch(self, url: str, account: str | None = None) -> dict[str, Any]:
        """A signed GET from the peer (as `account`, else its instance actor)."""
        return self._post("fetch", {"url": url, **({"account": account} if account else {})})

    def state(self, username: str) -> dict[str, Any]:
        return self._get(f"accounts/{username}")

    def inbox(self, kind: str | None = None, account: str | None = None) -> list[dict[str, Any]]:
        params = {k: v for k, v in (("type", kind), ("account", account)) if v}
        return self._get("inbox", **params)["items"]

    def gets(self, path: str = "") -> list[dict[str, Any]]:
        """GET requests the peer received (path prefix), with headers and signature check."""
        return self._get("requests", path=path)["items"]

    def wait_for_inbox(
        self,
        check: Callable[[dict[str, Any]], bool],
        kind: str | None = None,
        seconds: float = 60,
        what: str = "",
    ) -> dict[str, Any]:
        """The first received activity (of `kind`) passing `check`, waited for."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for record in self.inbox(kind):
                if check(record):
                    return record
            time.sleep(0.5)
        raise AssertionError(f"timed out waiting for {what or kind} in the peer's inbox")


@contextlib.contextmanager
def running_peer(root: Path, port: int | None = None) -> Iterator[FediversePeer]:
    """A started peer, killed with its process group at the end; its log printed on failure."""
    peer = FediversePeer(root, port=port)
    try:
        peer.start()
        yield peer
    except Exception:
        print(f"--- fediverse peer\n{peer.tail()}")
        raise
    finally:
        peer.stop()
