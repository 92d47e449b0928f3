"""Two real nodes on private PostgreSQL and Redis: A (Léa publishes) and B (Bob follows her).

Both nodes run gunicorn + a Celery worker with beat, like production, so that the
fault tests can kill, stop and restart the very processes and servers a node relies
on. Every scenario publishes under its own title prefix and counts what B received.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from deploy.local_federation import Node
from tests.faults import services
from tests.integration.helpers import FOLLOW, PERSON, wait_for

RESULTS = Path(__file__).parent / "results" / "latest.json"
# Retry delays and host pauses at 1/100th: the first retries come within a second.
RETRY_SCALE = "0.01"


@pytest.fixture(scope="session")
def private_services() -> Iterator[tuple[services.PrivatePostgres, services.PrivateRedis]]:
    reason = services.available()
    if reason and os.environ.get("TREMPLIN_REQUIRE_SERVICES"):
        pytest.fail(f"{reason}: CI must run the fault suite (TREMPLIN_REQUIRE_SERVICES is set)")
    if reason:
        pytest.skip(reason)
    postgres, broker = services.PrivatePostgres(), services.PrivateRedis()
    postgres.init()
    broker.start()
    try:
        yield postgres, broker
    finally:
        broker.stop()
        postgres.destroy()


@pytest.fixture(scope="session")
def pair(private_services, tmp_path_factory) -> Iterator[tuple[Node, Node]]:
    postgres, broker = private_services
    root = Path(tmp_path_factory.mktemp("faults"))
    nodes = [
        Node(
            index,
            root,
            database_url=postgres.create_database(f"node{index}"),
            redis_url=broker.url(index),
            extra_env={"TREMPLIN_RETRY_SCALE": RETRY_SCALE},
        )
        for index in (1, 2)
    ]
    try:
        for node in nodes:
            node.setup()
            node.start()
        a, b = nodes
        a.python(PERSON.format(handle="lea", name="Léa"))
        b.python(PERSON.format(handle="bob", name="Bob"))
        b.python(FOLLOW.format(target=f"lea@{a.domain}", handle="bob"))
        accepted = (
            "from profiles.models import Follow\n"
            "result = Follow.objects.filter(state='accepted').count()"
        )
        wait_for(lambda: b.python(accepted) == 1, what="Bob's follow of Léa to be accepted")
        yield a, b
    except Exception:
        for node in nodes:
            print(f"--- node {node.index}\n{node.tail(60)}")
        raise
    finally:
        for node in nodes:
            node.destroy()


def record(figures: dict) -> None:
    """Print a scenario's figures and keep them in tests/faults/results/latest.json."""
    print("FAULT FIGURES " + json.dumps(figures))
    RESULTS.parent.mkdir(exist_ok=True)
    known = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    known[figures["scenario"]] = figures
    RESULTS.write_text(json.dumps(known, indent=2) + "\n")


def publications() -> int:
    return int(os.environ.get("TREMPLIN_FAULTS_PUBLICATIONS", "200"))
