#!/usr/bin/env python
"""Federation benchmarks: signed activities into the inbox, and one experience out to 50 nodes.

    .venv/bin/python bench/federation.py                     # everything (~6 min)
    .venv/bin/python bench/federation.py --skip-embedded --configs sync4 --requests 5000

1. Inbox. One node in production mode (gunicorn, PostgreSQL database `tremplin_bench_fed`,
   REDIS_URL set, so each accepted item wakes Celery; the Celery worker is *off* during the
   measurement, its wake-ups queue in Redis). `--actors` remote actors are pre-registered
   (RemoteActor + Profile rows with keys made here), so the key lookup is a cache hit. Every
   request is a `Create` of an `Article`, with a unique id on its actor's host, signed by its
   actor for the node's shared inbox; all are signed just before the run (signing is the
   sender's cost). `--clients` threads, each one keep-alive `http.client` connection, closed
   loop, a warm-up then `--requests` requests or `--seconds`, whichever ends first.
2. Fan-out. The same node with a Celery worker (prefork, `--worker-concurrency`, beat on),
   TREMPLIN_ALLOW_PRIVATE_FETCH=1. One process of this script serves 50 fake peers on
   127.0.1.1..50:9300; each /inbox/ verifies the HTTP signature with
   federation.protocol.signatures.verify_request against the sender's key (fetched once from the
   node as application/activity+json) and records when it arrived. The node has a local
   person followed (accepted) by 50 remote people, one per peer. A round publishes one
   public experience in the node's shell; it is timed from the commit of the publishing
   transaction to the 50th verified arrival. One cold round, then `--rounds` rounds, then
   a burst of 10 experiences (500 deliveries) for the sustained delivery rate.
3. The same fan-out on the embedded node (`tremplin run`: SQLite, in-process worker),
   published through the web form (an in-process worker is only woken by its own process),
   timed from the POST.

Writes the section of bench/RESULTS.md between the federation markers; JSON and logs in
bench/out/federation/.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from marked_sections import write_section

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out" / "federation"
RESULTS = BENCH / "RESULTS.md"
START, END = "<!-- federation:start -->", "<!-- federation:end -->"
# This file is named like the federation app: the app must win, bench/ (for run_all) comes last.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH]
sys.path.insert(0, str(ROOT))
sys.path.append(str(BENCH))

NODE_INDEX, NODE_PORT = 40, 8300  # 127.0.0.41:8300, away from the other benches and tests
DB_NAME = "tremplin_bench_fed"
REDIS_DB = 12
PEER_PORT = 9300
CONTROL = ("127.0.1.200", 9300)
CONFIGS = {
    "sync4": ["-w", "4"],
    "gthread4x2": ["-w", "4", "--threads", "2", "--keep-alive", "30"],
    "gthread2x8": ["-w", "2", "--threads", "8", "--keep-alive", "30"],
}
TARGET_INBOX_RPS = 1000
TARGET_INBOX_P99_MS = 20
TARGET_FANOUT_S = 1.0
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


# -- machine and processes ------------------------------------------------------------------------


def machine() -> dict[str, str]:
    from run_all import machine as bench_machine

    return bench_machine(f"postgres://postgres@127.0.0.1:5432/{DB_NAME}")


def cpu_ticks() -> dict[int, tuple[str, int, int]]:
    """pid -> (comm, process group, utime+stime ticks) of every process we may read."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            text = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        comm = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        table[int(entry)] = (comm, int(fields[2]), int(fields[11]) + int(fields[12]))
    return table


def cpu_share(before: dict, after: dict, seconds: float, groups: dict[str, int]) -> dict:
    """CPU seconds per second (1.0 = one core) by role: our process groups, postgres, redis."""
    hz = os.sysconf("SC_CLK_TCK")
    by_group = {pgid: name for name, pgid in groups.items()}
    used: dict[str, float] = {}
    for pid, (comm, pgid, ticks) in after.items():
        delta = ticks - before.get(pid, (comm, pgid, 0))[2]
        if pid == os.getpid():
            role = "load generator"
        elif pgid in by_group:
            role = by_group[pgid]
        elif comm.startswith("postgres"):
            role = "postgresql"
        elif comm.startswith("redis"):
            role = "redis"
        else:
            role = "other"
        used[role] = used.get(role, 0.0) + delta / hz
    return {role: round(value / seconds, 2) for role, value in sorted(used.items())}


# -- the node -------------------------------------------------------------------------------------


def bench_node(root: Path, full: bool):  # noqa: ANN201 - the class is imported lazily
    from deploy.local_federation import BIN, Node

    class BenchNode(Node):
        """A Node of deploy/local_federation with our own database, Redis db and processes."""

        def __init__(self) -> None:
            super().__init__(NODE_INDEX, root, port=NODE_PORT)
            self.full = full
            self.db_name = DB_NAME
            self.groups: dict[str, int] = {}
            self.extra_env: dict[str, str] = {}

        def env(self) -> dict[str, str]:
            env = super().env()
            env.update(DB_CONN_MAX_AGE="600", DEBUG="0", LOG_LEVEL="WARNING")
            if self.full:
                env["REDIS_URL"] = f"redis://127.0.0.1:6379/{REDIS_DB}"
            env.update(self.extra_env)
            return env

        def spawn(self, role: str, command: list[str]) -> None:
            process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=self.env(),
                stdout=self.log.open("a"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            self.processes.append(process)
            self.groups[role] = process.pid

        def start_web(self, args: list[str]) -> None:
            if self.full:
                command = [str(BIN / "gunicorn"), "node.wsgi", "-b", self.domain, *args]
                hook = ["-c", str(gunicorn_hook())]
                self.spawn("gunicorn", [*command, *hook, "--no-control-socket"])
            else:
                tremplin = [str(BIN / "tremplin"), "run", "--bind", self.domain, "--no-demo"]
                self.spawn("embedded node", tremplin)
            self.wait_until_up()

        def start_worker(self, concurrency: int) -> None:
            self.spawn(
                "celery",
                [
                    str(BIN / "celery"),
                    "-A",
                    "node",
                    "worker",
                    "-B",
                    "--concurrency",
                    str(concurrency),
                    "-l",
                    "warning",
                    "-s",
                    str(self.data / "beat-schedule"),
                ],
            )
            time.sleep(3)  # let the prefork pool come up before anything is timed

        def redis(self):  # noqa: ANN202
            import redis

            return redis.Redis.from_url(self.env()["REDIS_URL"])

    return BenchNode()


def gunicorn_hook() -> Path:
    """A gunicorn config that loads the node's Celery app in each worker (see the README).

    node.wsgi never imports node.celery, so without this a web process sends its wake-ups
    with Celery's default app (amqp://localhost), not to REDIS_URL: they never reach the
    worker. Loading the app is what the fix in the app would do; the bench needs it for the
    accepted items to wake Celery as intended.
    """
    path = OUT / "gunicorn_celery_app.py"
    path.write_text("def post_worker_init(worker):\n    import node.celery  # noqa: F401\n")
    return path


# -- remote actors and their keys -----------------------------------------------------------------


def actor_keys(count: int) -> list[tuple[str, str]]:
    """(private, public) PEM pairs, made once and kept in bench/out/federation/keys.json."""
    from federation.protocol.signatures import generate_keypair

    path = OUT / "keys.json"
    keys = json.loads(path.read_text()) if path.exists() else []
    while len(keys) < count:
        keys.append(list(generate_keypair()))
    path.write_text(json.dumps(keys))
    return [tuple(k) for k in keys[:count]]


REGISTER = """
import json
from federation.models import RemoteActor
from profiles.models import Profile
actors = json.load(open({path!r}))
for a in actors:
    profile, _ = Profile.objects.get_or_create(handle=a["username"], domain=a["domain"],
        defaults={{"url": a["uri"], "visibility": 3}})
    RemoteActor.objects.update_or_create(uri=a["uri"], defaults=dict(
        profile=profile, actor_type="Person", username=a["username"], domain=a["domain"],
        inbox=a["inbox"], shared_inbox=a["shared_inbox"], followers=a["uri"] + "/followers",
        key_id=a["key_id"], public_key_pem=a["public_pem"]))
result = RemoteActor.objects.count()
"""


def register(node, actors: list[dict]) -> int:  # noqa: ANN001
    path = node.data / "actors.json"
    path.write_text(json.dumps(actors))
    return node.python(REGISTER.format(path=str(path)))


# -- 1. inbox -------------------------------------------------------------------------------------


def inbox_actors(count: int) -> list[dict]:
    actors = []
    for n, (private_pem, public_pem) in enumerate(actor_keys(count)):
        host = f"peer{n}.example"
        uri = f"https://{host}/users/rosa{n}"
        actors.append(
            {
                "uri": uri,
                "username": f"rosa{n}",
                "domain": host,
                "inbox": f"{uri}/inbox",
                "shared_inbox": f"https://{host}/inbox",
                "key_id": f"{uri}#main-key",
                "public_pem": public_pem,
                "private_pem": private_pem,
            }
        )
    return actors


def create_activity(actor: dict, tag: str, n: int) -> bytes:
    article = {
        "id": f"{actor['uri']}/articles/{tag}-{n}",
        "type": "Article",
        "attributedTo": actor["uri"],
        "name": f"Cambrer {n}",
        "content": "<p>Servia taules i ajudava a la cuina <b>cada dia</b> de l'estiu.</p>",
        "contentMap": {"ca": "<p>Servia taules i ajudava a la cuina cada dia de l'estiu.</p>"},
        "published": "2025-06-01T10:00:00Z",
        "to": [PUBLIC],
        "tag": [
            {"type": "Hashtag", "name": "#cuina", "href": f"https://{actor['domain']}/tags/cuina"}
        ],
    }
    activity = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": f"https://{actor['domain']}/activities/{tag}-{n}",
        "type": "Create",
        "actor": actor["uri"],
        "object": article,
        "to": [PUBLIC],
    }
    return json.dumps(activity).encode()


def presign(actors: list[dict], domain: str, count: int, tag: str) -> list[tuple[bytes, dict]]:
    from federation.protocol.signatures import load_private_key, sign_request

    url = f"http://{domain}/inbox/"
    prepared = []
    for n in range(count):
        actor = actors[n % len(actors)]
        body = create_activity(actor, tag, n)
        headers = sign_request(
            "POST",
            url,
            {"Content-Type": "application/activity+json"},
            body,
            key_id=actor["key_id"],
            private_key=load_private_key(actor["private_pem"]),
        )
        prepared.append((body, headers))
    return prepared


def pct(values: list[float], p: float) -> float:
    """Nearest rank, in ms, as bench/load.py computes it."""
    if not values:
        return 0.0
    return round(
        values[min(len(values) - 1, max(0, math.ceil(p / 100 * len(values)) - 1))] * 1000, 1
    )


def post_all(
    host: str, port: int, prepared: list[tuple[bytes, dict]], clients: int, seconds: float
) -> dict:
    """POST every prepared request from `clients` threads (closed loop); stop at `seconds`."""
    slices = [prepared[i::clients] for i in range(clients)]
    outcomes: list[list[tuple[float, float, int | str]]] = [[] for _ in range(clients)]
    ready = threading.Barrier(clients + 1)
    deadline = [0.0]

    def client(index: int) -> None:
        connection = http.client.HTTPConnection(host, port, timeout=30)
        ready.wait()
        for body, headers in slices[index]:
            began = time.perf_counter()
            if began > deadline[0]:
                break
            try:
                connection.request("POST", "/inbox/", body, headers)
                response = connection.getresponse()
                response.read()
                status: int | str = response.status
            except (OSError, http.client.HTTPException) as error:
                status = type(error).__name__
                connection.close()
            outcomes[index].append((began, time.perf_counter() - began, status))
        connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    deadline[0] = time.perf_counter() + seconds
    started = time.perf_counter()
    ready.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    done = [o for per_client in outcomes for o in per_client]
    latencies = sorted(latency for _began, latency, status in done if status == 202)
    errors: dict[str, int] = {}
    for _began, _latency, status in done:
        if status != 202:
            errors[str(status)] = errors.get(str(status), 0) + 1
    return {
        "clients": clients,
        "requests": len(done),
        "accepted": len(latencies),
        "errors": sum(errors.values()),
        "error_kinds": errors,
        "seconds": round(elapsed, 2),
        "accepted_per_s": round(len(latencies) / elapsed, 1) if elapsed else 0.0,
        "median_ms": round(statistics.median(latencies) * 1000, 1) if latencies else 0.0,
        "p95_ms": pct(latencies, 95),
        "p99_ms": pct(latencies, 99),
        "max_ms": round(latencies[-1] * 1000, 1) if latencies else 0.0,
    }


INBOX_COUNT = """
from federation.models import InboxItem
result = InboxItem.objects.count()
"""


def bench_inbox(args: argparse.Namespace, node, config: str) -> dict:  # noqa: ANN001
    print(f"\n=== inbox, gunicorn {config}: {' '.join(CONFIGS[config])}", flush=True)
    node.redis().flushdb()
    node.python(
        "from federation.models import InboxItem\nresult = InboxItem.objects.all().delete()[0]"
    )
    node.start_web(CONFIGS[config])
    try:
        actors = inbox_actors(args.actors)
        tag = f"{config}-{int(time.time())}"
        began = time.perf_counter()
        prepared = presign(actors, node.domain, args.warmup + args.requests, tag)
        print(f"signed {len(prepared)} requests in {time.perf_counter() - began:.1f} s", flush=True)
        warm = post_all(node.host, node.port, prepared[: args.warmup], args.clients, args.seconds)
        print(f"warm-up: {warm['accepted']} accepted, errors {warm['error_kinds']}", flush=True)
        before, began = cpu_ticks(), time.perf_counter()
        result = post_all(node.host, node.port, prepared[args.warmup :], args.clients, args.seconds)
        cpu = cpu_share(before, cpu_ticks(), time.perf_counter() - began, node.groups)
    finally:
        node.stop()
    result["config"] = config
    result["cpu"] = cpu
    result["stored"] = node.python(INBOX_COUNT)
    result["stored_expected"] = warm["accepted"] + result["accepted"]
    result["celery_messages_queued"] = node.redis().llen("celery")
    print(json.dumps(result), flush=True)
    return result


# -- 2. fan-out: the fake peers -------------------------------------------------------------------


class Peers:
    """50 fake nodes in one process: /inbox/ verifies the signature and records the arrival."""

    def __init__(self, count: int, node_base: str) -> None:
        self.count = count
        self.node_base = node_base
        self.lock = threading.Lock()
        self.keys: dict[str, str] = {}
        self.arrivals: list[dict] = []
        self.key_fetches = 0

    def key_pem(self, key_id: str) -> str:
        with self.lock:
            if key_id in self.keys:
                return self.keys[key_id]
        request = urllib.request.Request(
            key_id.split("#", 1)[0], headers={"Accept": "application/activity+json"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
            document = json.loads(response.read())
        pem = document["publicKey"]["publicKeyPem"]
        with self.lock:
            self.keys[key_id] = pem
            self.key_fetches += 1
        return pem

    def receive(self, handler: BaseHTTPRequestHandler) -> int:
        from datetime import UTC, datetime

        from federation.protocol.signatures import SignatureError, check_request, verify_request

        body = handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
        arrived = time.time()
        headers = dict(handler.headers.items())
        now = datetime.now(UTC)
        try:
            params = check_request("POST", handler.path, headers, body, now)
            verify_request("POST", handler.path, headers, body, self.key_pem(params.key_id), now)
            ok, reason = True, ""
        except SignatureError as error:
            ok, reason = False, error.reason
        except Exception as error:  # noqa: BLE001 - recorded, the bench reports it
            ok, reason = False, f"{type(error).__name__}: {error}"
        activity = json.loads(body or b"{}")
        target = activity.get("object")
        with self.lock:
            self.arrivals.append(
                {
                    "at": arrived,
                    "verified_at": time.time(),
                    "peer": handler.server.server_address[0],
                    "id": activity.get("id"),
                    "type": activity.get("type"),
                    "object": target.get("id") if isinstance(target, dict) else target,
                    "ok": ok,
                    "reason": reason,
                }
            )
        return 202 if ok else 401

    def serve(self) -> None:
        peers = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def answer(self, status: int, data: bytes = b"") -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:  # noqa: N802
                if self.server.server_address == CONTROL:
                    self.rfile.read(int(self.headers.get("Content-Length") or 0))
                    with peers.lock:
                        peers.arrivals = []
                    return self.answer(204)
                if not self.path.endswith("/inbox/"):
                    return self.answer(404)
                return self.answer(peers.receive(self))

            def do_GET(self) -> None:  # noqa: N802
                if self.server.server_address == CONTROL and self.path == "/arrivals":
                    with peers.lock:
                        data = {"arrivals": peers.arrivals, "key_fetches": peers.key_fetches}
                    return self.answer(200, json.dumps(data).encode())
                return self.answer(404)

        addresses = [(f"127.0.1.{n}", PEER_PORT) for n in range(1, self.count + 1)] + [CONTROL]
        servers = []
        ThreadingHTTPServer.request_queue_size = 128
        for address in addresses:
            server = ThreadingHTTPServer(address, Handler)
            server.daemon_threads = True
            servers.append(server)
        for server in servers[:-1]:
            threading.Thread(target=server.serve_forever, daemon=True).start()
        print("peers ready", flush=True)
        servers[-1].serve_forever()


def peer_domain(n: int) -> str:
    return f"127.0.1.{n}:{PEER_PORT}"


def start_peers(count: int, node_base: str, log: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, __file__, "peers", "--peers", str(count), "--node", node_base],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the fake peers exited; see {log}")
        try:
            control("GET", "/arrivals")
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"the fake peers did not start; see {log}")


def control(method: str, path: str) -> dict:
    connection = http.client.HTTPConnection(*CONTROL, timeout=10)
    try:
        connection.request(method, path, b"" if method == "POST" else None)
        response = connection.getresponse()
        data = response.read()
        return json.loads(data) if data else {}
    finally:
        connection.close()


# -- 2. fan-out: the node's side ------------------------------------------------------------------


AUTHOR = """
from node.accounts.signup import create_account
from profiles import publishing
from profiles.visibility import Visibility
user = create_account({"username": "fanout", "email": "fanout@example.org", "role": "young",
    "birth_year": 2000, "birth_month": 1, "display_name": "Fan Out"}, "a-long-password-1")
publishing.publish_profile(user.profile, Visibility.PUBLIC)
result = user.profile.pk
"""

FOLLOWS = """
from profiles.models import Follow, FollowState, Profile
author = Profile.objects.get(handle="fanout", domain="")
Follow.objects.bulk_create([Follow(follower=p, followed=author, state=FollowState.ACCEPTED)
    for p in Profile.objects.filter(domain__startswith="127.0.1.")], ignore_conflicts=True)
result = author.followers.filter(state=FollowState.ACCEPTED).count()
"""

DRAFT = """
from profiles import publishing
from profiles.models import Profile
owner = Profile.objects.get(handle="fanout", domain="")
result = []
for n in range({count}):
    experience = publishing.save_experience_draft(owner, None, {{
        "kind": "summer_job", "title": "{title} " + str(n), "organisation": "Chez Paul",
        "place": "Lyon", "start_year": 2024, "start_month": 7, "end_year": 2024, "end_month": 8,
        "what_i_did": "I helped the cook every day.", "responsibilities": "", "motivation": "",
        "learned": "", "language": "en"}}, ["cooking"])
    result.append(experience.pk)
"""

PUBLISH = """
import time
{load_app}
from django.db import transaction
from federation.protocol import ids
from profiles import publishing
from profiles.models import Experience
marks = {{}}
experiences = list(Experience.objects.filter(pk__in={pks}).select_related("owner").order_by("pk"))
marks["start"] = time.time()
with transaction.atomic():  # our hook runs first at commit, before the federation's listeners
    transaction.on_commit(lambda: marks.setdefault("commit", time.time()))
    for experience in experiences:
        publishing.publish_experience(experience, 3)
marks["returned"] = time.time()
marks["uris"] = [ids.experience_uri(e) for e in experiences]
result = marks
"""

DELIVERY_STATES = """
from django.db.models import Count
from federation.models import Delivery
result = dict(Delivery.objects.values_list("state").annotate(n=Count("pk")))
"""


def followers(count: int) -> list[dict]:
    pems = actor_keys(count)
    actors = []
    for n in range(1, count + 1):
        domain = peer_domain(n)
        uri = f"http://{domain}/users/peer{n}"
        actors.append(
            {
                "uri": uri,
                "username": f"peer{n}",
                "domain": domain,
                "inbox": f"{uri}/inbox/",
                "shared_inbox": f"http://{domain}/inbox/",
                "key_id": f"{uri}#main-key",
                "public_pem": pems[n - 1][1],
            }
        )
    return actors


def wait_arrivals(uris: list[str], expected: int, timeout: float) -> list[dict]:
    deadline = time.monotonic() + timeout
    while True:
        arrivals = [a for a in control("GET", "/arrivals")["arrivals"] if a["object"] in uris]
        if len([a for a in arrivals if a["ok"]]) >= expected or time.monotonic() > deadline:
            return arrivals
        time.sleep(0.05)


def measure_round(publish, uris_count: int, peers: int, timeout: float) -> dict:  # noqa: ANN001
    """publish() returns (t0, uris); the round ends at the last expected verified arrival."""
    control("POST", "/reset")
    t0, uris, extra = publish()
    expected = uris_count * peers
    arrivals = wait_arrivals(uris, expected, timeout)
    ok = sorted(a["verified_at"] for a in arrivals if a["ok"])
    refused = [a for a in arrivals if not a["ok"]]
    last = ok[-1] if len(ok) >= expected else None
    total = (last - t0) if last else None
    return {
        "deliveries": expected,
        "verified": len(ok),
        "refused": len(refused),
        "refusal_reasons": sorted({a["reason"] for a in refused})[:3],
        "first_s": round(ok[0] - t0, 3) if ok else None,
        "all_s": round(total, 3) if total else None,
        "deliveries_per_s": round(expected / total, 1) if total else None,
        "distinct_peers": len({a["peer"] for a in arrivals if a["ok"]}),
        **extra,
    }


def publish_in_shell(node, count: int, title: str, shipped: bool):  # noqa: ANN001, ANN201
    """shipped: as the code is (the shell never loads node.celery, so Celery's default app
    sends the wake-up; memory:// here so it is lost without touching any other broker);
    otherwise the shell loads the node's Celery app first, as the fix would."""

    def publish() -> tuple[float, list[str], dict]:
        pks = node.python(DRAFT.format(count=count, title=title))
        node.extra_env = {"CELERY_BROKER_URL": "memory://"} if shipped else {}
        try:
            load_app = "" if shipped else "import node.celery"
            marks = node.python(PUBLISH.format(pks=pks, load_app=load_app))
        finally:
            node.extra_env = {}
        extra = {"publish_call_s": round(marks["returned"] - marks["start"], 3)}
        return marks["commit"], marks["uris"], extra

    return publish


def publish_over_http(node, session, count: int, title: str):  # noqa: ANN001, ANN201
    def publish() -> tuple[float, list[str], dict]:
        pks = node.python(DRAFT.format(count=count, title=title))
        t0 = time.time()
        for pk in pks:
            response = session.post(
                f"{node.base}/me/experiences/{pk}/publish/",
                data={"visibility": "3", "csrfmiddlewaretoken": session.cookies["csrftoken"]},
                headers={"Referer": f"{node.base}/me/experiences/{pk}/"},
                timeout=30,
                allow_redirects=False,
            )
            if response.status_code != 302:
                raise RuntimeError(f"publish answered {response.status_code}")
        uris = [f"{node.base}/@fanout/experiences/{pk}/" for pk in pks]
        return t0, uris, {"publish_call_s": round(time.time() - t0, 3)}

    return publish


def login(node):  # noqa: ANN001, ANN201
    import requests

    session = requests.Session()
    session.get(f"{node.base}/accounts/login/", timeout=10)
    response = session.post(
        f"{node.base}/accounts/login/",
        data={
            "username": "fanout",
            "password": "a-long-password-1",
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": f"{node.base}/accounts/login/"},
        timeout=10,
        allow_redirects=False,
    )
    if response.status_code != 302:
        raise RuntimeError(f"login answered {response.status_code}")
    return session


def series(args: argparse.Namespace, make, name: str, rounds: int, burst: bool) -> dict:  # noqa: ANN001
    """A cold round (the first publication), `rounds` timed rounds, maybe a burst of 10."""
    print(f"--- {name}", flush=True)
    cold = measure_round(make(1, "Cold"), 1, args.peers, args.timeout)
    print("cold:", json.dumps(cold), flush=True)
    timed = []
    for n in range(rounds):
        timed.append(measure_round(make(1, f"Round {n}"), 1, args.peers, args.timeout))
        print(f"round {n}:", json.dumps(timed[-1]), flush=True)
    extra = None
    if burst:
        extra = measure_round(make(10, "Burst"), 10, args.peers, args.timeout * 3)
        print("burst:", json.dumps(extra), flush=True)
    times = [r["all_s"] for r in timed if r["all_s"] is not None]
    return {
        "name": name,
        "cold": cold,
        "rounds": timed,
        "burst": extra,
        "median_s": round(statistics.median(times), 3) if times else None,
        "max_s": round(max(times), 3) if times and len(times) == len(timed) else None,
    }


def bench_fanout(args: argparse.Namespace, node, mode: str) -> dict:  # noqa: ANN001
    print(f"\n=== fan-out to {args.peers} nodes, {mode}", flush=True)
    peers = start_peers(args.peers, node.base, OUT / f"peers-{mode}.log")
    runs = []
    try:
        if node.full:
            node.redis().flushdb()
            node.start_web(CONFIGS[args.fanout_config])
            node.start_worker(args.worker_concurrency)
        else:
            node.start_web([])
        node.python(AUTHOR)
        register(node, followers(args.peers))
        print(f"followers: {node.python(FOLLOWS)}", flush=True)
        before, began = cpu_ticks(), time.perf_counter()
        groups = {**node.groups, "fake peers": peers.pid}
        if node.full:

            def fixed(count: int, title: str):  # noqa: ANN202
                return publish_in_shell(node, count, title, shipped=False)

            def shipped(count: int, title: str):  # noqa: ANN202
                return publish_in_shell(node, count, title, shipped=True)

            runs.append(series(args, fixed, "celery-app-loaded", args.rounds, burst=True))
            cpu = cpu_share(before, cpu_ticks(), time.perf_counter() - began, groups)
            if args.shipped_rounds:
                runs.append(series(args, shipped, "as-shipped", args.shipped_rounds, burst=False))
        else:
            session = login(node)

            def web(count: int, title: str):  # noqa: ANN202
                return publish_over_http(node, session, count, title)

            runs.append(series(args, web, "web-form", args.rounds, burst=True))
            cpu = cpu_share(before, cpu_ticks(), time.perf_counter() - began, groups)
        states = node.python(DELIVERY_STATES)
        key_fetches = control("GET", "/arrivals")["key_fetches"]
    finally:
        node.stop()
        if peers.poll() is None:
            os.killpg(peers.pid, 15)
            peers.wait(10)
    return {
        "mode": mode,
        "series": runs,
        "delivery_states": states,
        "key_fetches": key_fetches,
        "cpu_first_series": cpu,
    }


# -- RESULTS.md -----------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def fanout_table(args: argparse.Namespace, f: dict, run: dict, title: str) -> list[str]:
    server = (
        f"gunicorn `{' '.join(CONFIGS[args.fanout_config])}`, Celery prefork "
        f"`--concurrency {args.worker_concurrency}` with beat"
        if f["mode"] == "production"
        else "one process"
    )
    lines = [
        f"### Fan-out to {args.peers} nodes: {title}",
        "",
        f"{server}. One public experience; its author is followed by one person on each of "
        f"{args.peers} fake peers (one process, 127.0.1.1–{args.peers}:9300, each verifying "
        "the HTTP signature with `verify_request`). Time until the last verified arrival.",
        "",
        "| round | deliveries | verified | refused | first s | all delivered s | "
        "deliveries/s | target | verdict |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    named = [("cold (first publication)", run["cold"], False)]
    named += [(f"{n + 1}", r, True) for n, r in enumerate(run["rounds"])]
    if run["burst"]:
        named += [("burst: 10 experiences at once", run["burst"], False)]
    for name, r, judged in named:
        all_s = f"{r['all_s']:.3f}" if r["all_s"] is not None else "timeout"
        rate = f"{r['deliveries_per_s']:.0f}" if r["deliveries_per_s"] else "–"
        first = f"{r['first_s']:.3f}" if r["first_s"] is not None else "–"
        target = f"< {TARGET_FANOUT_S:.0f} s" if judged else "–"
        ok = r["all_s"] is not None and r["all_s"] < TARGET_FANOUT_S and not r["refused"]
        lines.append(
            f"| {name} | {r['deliveries']} | {r['verified']} | {r['refused']} | {first} | "
            f"{all_s} | {rate} | {target} | {verdict(ok) if judged else '–'} |"
        )
    median = f"{run['median_s']:.3f} s" if run["median_s"] is not None else "–"
    maximum = f"{run['max_s']:.3f} s" if run["max_s"] is not None else "timeout"
    met = run["max_s"] is not None and run["max_s"] < TARGET_FANOUT_S
    lines += [
        "",
        f"Rounds 1–{len(run['rounds'])}: median {median}, max {maximum} "
        f"(target < {TARGET_FANOUT_S:.0f} s: {verdict(met)}).",
        "",
    ]
    return lines


def write_results(
    info: dict, args: argparse.Namespace, inbox: list[dict], fanouts: list[dict]
) -> None:
    lines = [START, "", f"## Federation: run of {info['date']} (bench/federation.py)", ""]
    lines += [
        f"- Machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']} RAM, Linux "
        f"{info['kernel']}; Python {info['python']}, PostgreSQL {info['postgresql']}, "
        f"gunicorn {info['gunicorn']}",
        f"- Node: 127.0.0.41:8300, DEBUG off, PostgreSQL database `{DB_NAME}`, "
        f"DB_CONN_MAX_AGE=600, REDIS_URL=redis://127.0.0.1:6379/{REDIS_DB} (cache and broker). "
        "**The load generator, gunicorn, PostgreSQL, Redis (and the fake peers) share the "
        "same 2 cores.**",
        "",
    ]
    if inbox:
        lines += [
            "### Inbox: signed `Create` (embedded `Article`) POSTed to `/inbox/`",
            "",
            f"{args.actors} pre-registered remote actors (key lookup hits the RemoteActor rows), "
            f"{args.clients} closed-loop keep-alive `http.client` clients, {args.warmup} warm-up "
            f"requests then up to {args.requests} requests or {args.seconds:.0f} s; every request "
            "signed before the run. Celery worker **off** during the measurement (each accepted "
            "item still sends its wake-up to Redis). Latency of the 202 answers.",
            "",
            "| gunicorn | requests | accepted/s | median ms | p95 ms | p99 ms | max ms | errors "
            "| target | verdict |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
        ]
        for r in inbox:
            ok = (
                r["accepted_per_s"] >= TARGET_INBOX_RPS
                and r["p99_ms"] < TARGET_INBOX_P99_MS
                and r["errors"] == 0
            )
            errors = f"{r['errors']}" + (f" {r['error_kinds']}" if r["errors"] else "")
            lines.append(
                f"| {r['config']}: `{' '.join(CONFIGS[r['config']])}` | {r['requests']} | "
                f"{r['accepted_per_s']:.0f} | {r['median_ms']:.1f} | {r['p95_ms']:.1f} | "
                f"{r['p99_ms']:.1f} | {r['max_ms']:.1f} | {errors} | ≥ {TARGET_INBOX_RPS}/s, "
                f"p99 < {TARGET_INBOX_P99_MS} ms | {verdict(ok)} |"
            )
        lines += ["", "CPU during the measured run (cores busy, 2.0 = the whole machine):", ""]
        for r in inbox:
            cpu = ", ".join(f"{k} {v}" for k, v in r["cpu"].items())
            lines.append(
                f"- {r['config']}: {cpu}. Rows stored: {r['stored']} of {r['stored_expected']} "
                f"accepted; Celery wake-ups left in Redis: {r['celery_messages_queued']}."
            )
        lines.append("")
    titles = {
        "celery-app-loaded": "production, Celery app loaded in the publishing process (as the "
        "fix would do); published in the node's shell, timed from the commit",
        "as-shipped": "production, **as shipped** (the publishing process never loads "
        "node.celery: its wake-up is lost, the beat sweep every 10 s delivers)",
        "web-form": "embedded (`tremplin run`: SQLite, in-process worker); published through "
        "the web form, timed from the POST",
    }
    for f in fanouts:
        for run in f["series"]:
            lines += fanout_table(args, f, run, titles[run["name"]])
        cpu = ", ".join(f"{k} {v}" for k, v in f["cpu_first_series"].items())
        lines += [
            f"Delivery rows at the end of the {f['mode']} phase: {f['delivery_states']}; the "
            f"peers fetched the author's key {f['key_fetches']} time(s). CPU over the first "
            f"series (cores busy, incl. the node shells): {cpu}.",
            "",
        ]
    lines.append(END)
    section = "\n".join(lines)
    write_section(RESULTS, START, END, section, "# Benchmark results")


# -- main -----------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", nargs="?", default="all", choices=["all", "peers"])
    parser.add_argument("--configs", default="sync4,gthread4x2", help=f"among {list(CONFIGS)}")
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--warmup", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=30.0, help="cap of each inbox run")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--actors", type=int, default=100)
    parser.add_argument("--peers", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=30.0, help="per fan-out round")
    parser.add_argument("--fanout-config", default="sync4", choices=list(CONFIGS))
    parser.add_argument("--worker-concurrency", type=int, default=4)
    parser.add_argument(
        "--shipped-rounds", type=int, default=2, help="rounds as shipped (lost wake-up)"
    )
    parser.add_argument("--node", default="", help="(peers) the node's base URL")
    parser.add_argument("--skip-inbox", action="store_true")
    parser.add_argument("--skip-fanout", action="store_true")
    parser.add_argument("--skip-embedded", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="print, do not touch RESULTS.md")
    args = parser.parse_args()
    if args.command == "peers":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "node.settings")
        Peers(args.peers, args.node).serve()
        return

    OUT.mkdir(parents=True, exist_ok=True)
    for host, port in [(f"127.0.0.{NODE_INDEX + 1}", NODE_PORT), CONTROL]:
        import socket

        with socket.socket() as probe:
            if probe.connect_ex((host, port)) == 0:
                sys.exit(f"{host}:{port} is in use (a previous run left over?): stop it first")
    info = machine()
    inbox: list[dict] = []
    fanouts: list[dict] = []
    node = bench_node(OUT / "production", full=True)
    try:
        node.setup()
        if not args.skip_inbox:
            print(f"registered actors: {register(node, inbox_actors(args.actors))}", flush=True)
            for config in [c.strip() for c in args.configs.split(",") if c.strip()]:
                inbox.append(bench_inbox(args, node, config))
            node.python(
                "from federation.models import InboxItem\n"
                "result = InboxItem.objects.all().delete()[0]"
            )
        if not args.skip_fanout:
            fanouts.append(bench_fanout(args, node, "production"))
    finally:
        node.stop()
    if not args.skip_fanout and not args.skip_embedded:
        embedded = bench_node(OUT / "embedded", full=False)
        try:
            import shutil

            shutil.rmtree(embedded.data, ignore_errors=True)
            embedded.data.mkdir(parents=True)
            embedded.setup()
            fanouts.append(bench_fanout(args, embedded, "embedded"))
        finally:
            embedded.stop()
    (OUT / "results.json").write_text(
        json.dumps({"machine": info, "inbox": inbox, "fanout": fanouts}, indent=1)
    )
    if not args.no_write:
        write_results(info, args, inbox, fanouts)
        print(f"\nresults in {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
