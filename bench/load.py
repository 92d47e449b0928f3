#!/usr/bin/env python
"""A small load generator for a Tremplin node on 127.0.0.1 (threads + http.client).

    .venv/bin/python bench/load.py --base http://127.0.0.1:8100 --clients 20 --requests 2000

Scenarios (each one warmed up, then measured with `--clients` concurrent clients):
  profile  GET /@<handle>/              random public profiles, anonymous
  tag      GET /tags/<slug>/            random concepts with experiences anonymous readers see
  search   GET /explore/?q=<word>       random common words of the seeded stories, anonymous
  editor   GET /me/experiences/<id>/    logged in: each client its own user, its own experiences

Closed loop by default (each client sends its next request as soon as the previous answer
is read); `--rate R` paces the clients to R requests/s in total. A scenario stops after
`--requests` measured requests or `--duration` seconds, whichever comes first. Anything
but a 200 counts as an error. Targets come from the seeded database (DATABASE_URL).
Prints a table; `--json FILE` writes the figures.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import random
import re
import statistics
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import corpus  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/tremplin_bench"
SCENARIOS = ["profile", "tag", "search", "editor"]
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Client:
    """One keep-alive connection and its cookies (a browser tab, roughly)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection(host, port, timeout=30)

    def request(
        self, method: str, path: str, body: str | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, bytes, http.client.HTTPResponse]:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed a kept-alive connection: reconnect once.
                self.conn.close()
                if attempt == 2:
                    raise
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.will_close:
            self.conn.close()
        return response.status, data, response

    def login(self, username: str, password: str) -> None:
        status, body, _ = self.request("GET", "/accounts/login/")
        match = CSRF_INPUT.search(body.decode())
        if status != 200 or not match:
            raise RuntimeError(f"login page: HTTP {status}")
        form = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": match.group(1)}
        )
        status, _, _ = self.request(
            "POST",
            "/accounts/login/",
            body=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://{self.host}:{self.port}/accounts/login/",
            },
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login of {username} failed: HTTP {status}")


@dataclass
class Targets:
    handles: list[str]
    slugs: list[str]
    words: list[str]
    editors: list[tuple[str, list[int]]]  # (username, own experience ids)
    password: str


def load_targets(database_url: str, clients: int) -> Targets:
    import psycopg

    consent = (
        "(p.consent_from IS NULL OR p.consent_from <= CURRENT_DATE "
        "OR p.guardian_consent_at IS NOT NULL)"
    )
    with psycopg.connect(database_url.split("?", 1)[0]) as conn:
        handles = [
            r[0]
            for r in conn.execute(
                f"SELECT handle FROM profiles_profile p WHERE published_id IS NOT NULL "  # noqa: S608
                f"AND visibility = 3 AND {consent} ORDER BY random() LIMIT 3000"
            )
        ]
        slugs = [
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT c.slug FROM profiles_concept c "  # noqa: S608
                "JOIN profiles_experiencetag t ON t.concept_id = c.id "
                "JOIN profiles_experience e ON e.published_id = t.revision_id "
                f"JOIN profiles_profile p ON p.id = e.owner_id WHERE e.visibility = 3 AND {consent}"
            )
        ]
        rows = conn.execute(
            "SELECT u.username, array_agg(e.id) FROM accounts_user u "
            "JOIN profiles_profile p ON p.user_id = u.id "
            "JOIN profiles_experience e ON e.owner_id = p.id "
            "GROUP BY u.username HAVING count(*) BETWEEN 3 AND 40 ORDER BY random() LIMIT %s",
            (clients,),
        ).fetchall()
    info = BENCH / "out" / "seed_info.json"
    password = json.loads(info.read_text())["password"] if info.exists() else ""
    if not password:
        from seed import SEED_PASSWORD

        password = SEED_PASSWORD
    return Targets(
        handles, slugs, corpus.search_words(top=40), [(u, ids) for u, ids in rows], password
    )


@dataclass
class Result:
    scenario: str
    clients: int
    latencies: list[float] = field(default_factory=list)  # seconds, measured requests only
    errors: dict[str, int] = field(default_factory=dict)
    elapsed: float = 0.0

    def summary(self) -> dict:
        lat = sorted(self.latencies)
        n = len(lat)

        def pct(p: float) -> float:
            # nearest rank: the smallest latency with at least p% of the answers at or below it
            return (
                round(lat[min(n - 1, max(0, math.ceil(p / 100 * n) - 1))] * 1000, 1) if n else 0.0
            )

        return {
            "scenario": self.scenario,
            "clients": self.clients,
            "requests": n + sum(self.errors.values()),
            "ok": n,
            "errors": sum(self.errors.values()),
            "error_kinds": self.errors,
            "median_ms": round(statistics.median(lat) * 1000, 1) if n else 0.0,
            "p95_ms": pct(95),
            "p99_ms": pct(99),
            "max_ms": round(lat[-1] * 1000, 1) if n else 0.0,
            "rps": round((n + sum(self.errors.values())) / self.elapsed, 1)
            if self.elapsed
            else 0.0,
            "seconds": round(self.elapsed, 1),
        }


def path_for(scenario: str, rng: random.Random, targets: Targets, own: list[int]) -> str:
    if scenario == "profile":
        return f"/@{rng.choice(targets.handles)}/"
    if scenario == "tag":
        return f"/tags/{rng.choice(targets.slugs)}/"
    if scenario == "search":
        return "/explore/?" + urllib.parse.urlencode({"q": rng.choice(targets.words)})
    if scenario == "editor":
        return f"/me/experiences/{rng.choice(own)}/"
    raise ValueError(scenario)


def run_scenario(
    scenario: str,
    clients: list[Client],
    targets: Targets,
    requests: int,
    warmup: int,
    duration: float,
    rate: float | None,
    seed: int,
) -> Result:
    result = Result(scenario, len(clients))
    lock = threading.Lock()
    counter = {"warmup": warmup, "measured": requests}
    measuring = threading.Event()
    stop_at = [0.0]

    def take() -> str | None:
        with lock:
            if counter["warmup"] > 0:
                counter["warmup"] -= 1
                return "warmup"
            if counter["measured"] > 0 and time.monotonic() < stop_at[0]:
                counter["measured"] -= 1
                return "measured"
            return None

    def worker(index: int, client: Client) -> None:
        rng = random.Random(seed * 1000 + index)
        own = targets.editors[index % len(targets.editors)][1] if targets.editors else []
        interval = len(clients) / rate if rate else 0.0
        next_at = time.monotonic() + rng.random() * interval
        while (kind := take()) is not None:
            if kind == "measured" and not measuring.is_set():
                with lock:
                    if not measuring.is_set():
                        result.elapsed = time.monotonic()
                        measuring.set()
            if interval:
                delay = next_at - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                next_at = max(next_at + interval, time.monotonic() - interval)
            path = path_for(scenario, rng, targets, own)
            started = time.perf_counter()
            try:
                status, _body, _ = client.request("GET", path)
                error = None if status == 200 else f"HTTP {status}"
            except Exception as exc:  # noqa: BLE001 - any failure is an error to count
                error = type(exc).__name__
            spent = time.perf_counter() - started
            if kind == "measured":
                with lock:
                    if error:
                        result.errors[error] = result.errors.get(error, 0) + 1
                    else:
                        result.latencies.append(spent)

    stop_at[0] = time.monotonic() + duration + 60  # reset once measuring starts (below)
    threads = [
        threading.Thread(target=worker, args=(i, c), daemon=True) for i, c in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    measuring.wait(timeout=duration + 60)
    with lock:
        stop_at[0] = time.monotonic() + duration
    for thread in threads:
        thread.join()
    result.elapsed = time.monotonic() - result.elapsed if measuring.is_set() else 0.0
    return result


def print_table(rows: list[dict]) -> None:
    print(
        f"{'scenario':10} {'clients':>7} {'requests':>8} {'median':>8} {'p95':>8} {'p99':>8} "
        f"{'max':>8} {'req/s':>8} {'errors':>6}"
    )
    for r in rows:
        print(
            f"{r['scenario']:10} {r['clients']:>7} {r['requests']:>8} {r['median_ms']:>6.1f}ms "
            f"{r['p95_ms']:>6.1f}ms {r['p99_ms']:>6.1f}ms {r['max_ms']:>6.0f}ms {r['rps']:>8.1f} "
            f"{r['errors']:>6}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8100")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=2000, help="measured requests per scenario")
    parser.add_argument("--warmup", type=int, default=200, help="unmeasured requests first")
    parser.add_argument("--duration", type=float, default=60.0, help="at most this many seconds")
    parser.add_argument("--rate", type=float, default=None, help="pace to this many req/s in all")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args()

    url = urllib.parse.urlsplit(args.base)
    if url.hostname not in {"127.0.0.1", "localhost"}:
        sys.exit("load.py only loads a node on 127.0.0.1")
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    targets = load_targets(database_url, args.clients)
    print(
        f"targets: {len(targets.handles)} public profiles, {len(targets.slugs)} tags, "
        f"{len(targets.words)} search words, {len(targets.editors)} editors"
    )
    rows = []
    for scenario in [s.strip() for s in args.scenarios.split(",") if s.strip()]:
        clients = [Client(url.hostname, url.port or 80) for _ in range(args.clients)]
        if scenario == "editor":
            if len(targets.editors) < args.clients:
                sys.exit("not enough seeded users with experiences for the editor scenario")
            login_threads = [
                threading.Thread(target=c.login, args=(targets.editors[i][0], targets.password))
                for i, c in enumerate(clients)
            ]
            for t in login_threads:
                t.start()
            for t in login_threads:
                t.join()
            missing = [i for i, c in enumerate(clients) if "sessionid" not in c.cookies]
            if missing:
                sys.exit(f"{len(missing)} clients could not log in")
        result = run_scenario(
            scenario,
            clients,
            targets,
            args.requests,
            args.warmup,
            args.duration,
            args.rate,
            args.seed,
        )
        for client in clients:
            client.conn.close()
        rows.append(result.summary())
        print_table(rows[-1:])
    print()
    print_table(rows)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps({"clients": args.clients, "rate": args.rate, "results": rows}, indent=2)
        )


if __name__ == "__main__":
    main()
