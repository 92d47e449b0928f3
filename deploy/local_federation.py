"""Real Tremplin nodes on loopback: `deploy/local-federation` and the integration tests.

Each node has its own loopback address (127.0.0.2, .3, ...), its own database and
its own worker. With PostgreSQL and Redis reachable (the CI's second pass), a node is
gunicorn + a Celery worker with beat on its own PostgreSQL database and Redis db;
otherwise it is the embedded node (`tremplin run`: SQLite, in-process worker).

A node starts only on a free address and checks that the server answering there is
its own (a node of a killed run would otherwise answer in its place); each of its
process groups has a watchdog (deploy/watchdog.py) that kills it when the process that
started it dies, so a killed run leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from deploy.addresses import AddressBusy, describe_listeners, ensure_free, holders, listening_inodes
from deploy.watchdog import start_time

BIN = Path(sys.executable).parent
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"


def postgres_and_redis() -> bool:
    """True when the suite runs against PostgreSQL with Redis (the CI's second pass)."""
    return (os.environ.get("DATABASE_URL") or "").startswith("postgres") and bool(
        os.environ.get("REDIS_URL")
    )


def xdist_worker_number() -> int:
    """0, or the number of this pytest-xdist process: side by side, each one's nodes need
    their own ports and Redis databases."""
    return int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)


class Node:
    def __init__(
        self,
        index: int,
        root: Path,
        port: int | None = None,
        *,
        database_url: str | None = None,
        redis_url: str | None = None,
        extra_env: dict[str, str] | None = None,
    ) -> None:
        """`database_url`/`redis_url` put the node on given services (the fault tests'
        private PostgreSQL and Redis, whose database must exist); `extra_env` overrides."""
        self.index = index
        self.host = f"127.0.0.{index + 1}"
        # Tests run side by side (several checkouts) choose their port with TREMPLIN_IT_PORT.
        self.port = port or int(os.environ.get("TREMPLIN_IT_PORT", "8000")) + xdist_worker_number()
        self.domain = f"{self.host}:{self.port}"
        self.base = f"http://{self.domain}"
        self.data = root / f"node{index}"
        self.data.mkdir(parents=True, exist_ok=True)
        self.database_url = database_url
        self.redis_url = redis_url
        self.extra_env = extra_env or {}
        self.full = bool(database_url and redis_url) or postgres_and_redis()
        self.db_name = f"tremplin_it_{os.getpid()}_{index}"
        self.processes: list[subprocess.Popen] = []
        # One watchdog per process group, with the write end of its lifeline pipe.
        self.watchdogs: list[tuple[subprocess.Popen, int]] = []
        self.log = self.data / "node.log"

    # --- environment -------------------------------------------------------

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
        env.update(
            TREMPLIN_DOMAIN=self.domain,
            TREMPLIN_DATA_DIR=str(self.data),
            TREMPLIN_ALLOW_PRIVATE_FETCH="1",
            TREMPLIN_RETRY_SCALE="0.1",
            # Every local node sends from 127.0.0.1: no per-host inbox limit between them.
            TREMPLIN_RATE_INBOX_HOST="0",
            # A network call inside a database transaction is an error, not a warning.
            TREMPLIN_STRICT_TRANSACTIONS="1",
            TREMPLIN_NAME=f"Node {self.index}",
            DJANGO_SETTINGS_MODULE="node.settings",
            LOG_LEVEL="WARNING",
        )
        if self.full:
            env["DATABASE_URL"] = (
                self.database_url or f"postgres://postgres@127.0.0.1:5432/{self.db_name}"
            )
            # Redis db 1-12 for nodes: four per test process (pytest-xdist), 14-15 for tests.
            db = 1 + self.index + 4 * xdist_worker_number()
            env["REDIS_URL"] = self.redis_url or f"redis://127.0.0.1:6379/{db}"
        env.update(self.extra_env)
        return env

    # --- life ----------------------------------------------------------------

    def setup(self) -> None:
        if self.full and not self.database_url:
            import psycopg
            import redis

            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.db_name}"')
                conn.execute(f'CREATE DATABASE "{self.db_name}"')
            redis.Redis.from_url(self.env()["REDIS_URL"]).flushdb()
        self.manage("migrate", "-v", "0")

    def commands(self) -> list[list[str]]:
        """The node's processes: web then worker, or the embedded node alone."""
        if not self.full:
            return [[str(BIN / "tremplin"), "run", "--bind", self.domain, "--no-demo"]]
        web = [str(BIN / "gunicorn"), "node.wsgi", "-b", self.domain, "-w", "2"]
        worker = [str(BIN / "celery"), "-A", "node", "worker", "-B", "--concurrency", "2"]
        web.append("--no-control-socket")
        worker += ["-l", "warning", "-s", str(self.data / "beat-schedule")]
        return [web, worker]

    def spawn(self, command: list[str]) -> subprocess.Popen:
        """One process in its own group (a fault test may kill the group alone), watched."""
        process = subprocess.Popen(
            command,
            env=self.env(),
            stdout=self.log.open("a"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.watch(process.pid)
        return process

    def watch(self, pgid: int) -> None:
        """Have the group killed if this process dies before it stops the node."""
        lifeline, keep = os.pipe()
        watchdog = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("watchdog.py")), str(pgid)]
            + [start_time(pgid) or "0"],
            stdin=lifeline,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        os.close(lifeline)
        self.watchdogs.append((watchdog, keep))

    def start(self) -> None:
        ensure_free(self.host, self.port)
        self.processes = [self.spawn(command) for command in self.commands()]
        self.wait_until_up()

    def check_answer_is_ours(self) -> None:
        """Raise AddressBusy when the server listening on our address is another's."""
        inodes = listening_inodes(self.host, self.port)
        if not inodes or holders(inodes, [process.pid for process in self.processes]):
            return  # ours (or no /proc to tell)
        raise AddressBusy(
            f"{self.base} answers, but not from node {self.index}'s processes: "
            f"{describe_listeners(self.host, self.port)} holds the address"
        )

    def wait_until_up(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if requests.get(self.base + "/about/", timeout=2).status_code == 200:
                    self.check_answer_is_ours()
                    return
            except requests.RequestException:
                pass
            for process in self.processes:
                if process.poll() is not None:
                    raise RuntimeError(f"node {self.index} exited:\n{self.tail()}")
            time.sleep(0.3)
        raise RuntimeError(f"node {self.index} did not answer:\n{self.tail()}")

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)
        self.processes = []
        for watchdog, keep in self.watchdogs:
            with contextlib.suppress(OSError):
                os.write(keep, b"q")  # stopped by us: nothing for it to kill
            os.close(keep)
            watchdog.wait(5)
        self.watchdogs = []

    def destroy(self) -> None:
        self.stop()
        if self.full and not self.database_url:
            import psycopg

            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')
        shutil.rmtree(self.data, ignore_errors=True)

    def tail(self, lines: int = 40) -> str:
        if not self.log.exists():
            return ""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    # --- acting on the node -------------------------------------------------------

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [str(BIN / "tremplin"), *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"tremplin {' '.join(args)} on node {self.index}:\n{result.stderr[-3000:]}"
            )
        return result.stdout

    def python(self, code: str) -> object:
        """Run code in the node's Django; it sets `result`, returned as JSON."""
        wrapped = code + "\nimport json as _j; print('RESULT=' + _j.dumps(result))"
        out = self.manage("shell", "-c", wrapped)
        line = next(line for line in out.splitlines() if line.startswith("RESULT="))
        return json.loads(line[len("RESULT=") :])

    def get(self, path: str, **kwargs: object) -> requests.Response:
        return requests.get(self.base + path, timeout=10, **kwargs)


def main() -> None:
    """Start N nodes with demo people; Ctrl-C stops them (data stays in ./data/federation)."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("nodes", nargs="?", type=int, default=3, help="how many nodes (max 20)")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    root = Path("data") / "federation"
    nodes = [Node(i, root, port=args.port) for i in range(1, min(args.nodes, 20) + 1)]
    try:
        for node in nodes:
            node.manage("migrate", "-v", "0")
            if not (node.data / ".demo-loaded").exists():
                node.manage("load_demo")
                (node.data / ".demo-loaded").write_text("demo loaded\n")
            node.start()
            print(
                f"node {node.index}: {node.base}/  (demo people: lea, jordi, lucia, marco, ioana, "
                f"sophie; password tremplin-demo; logs in {node.log})",
                flush=True,
            )
        print("Follow someone on another node from the People page: search @lea@127.0.0.3:8000")
        signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        for node in nodes:
            node.stop()


if __name__ == "__main__":
    main()
