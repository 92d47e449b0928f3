"""Faults a node survives, with real processes: nothing lost, nothing stored twice.

Each scenario publishes a numbered batch on node A, breaks something while it is
delivered to node B, repairs it, and counts on B what arrived (lost = sent - distinct
publications stored; duplicated = rows stored beyond one per publication). The
figures go to tests/faults/results/latest.json and docs/RELIABILITY.md.
"""

from __future__ import annotations

import os
import signal
import time
from collections import defaultdict

import pytest
import requests

from federation.outgoing.delivery import PAUSE_AFTER_FAILURES, RETRY_DELAYS
from tests.faults.conftest import RETRY_SCALE, publications, record
from tests.faults.peer import ANNOUNCED, FOLLOW_THE_NODE, HEALTH, FaultyPeer
from tests.faults.scenarios import (
    DELIVERIES_TO,
    PUBLISH_AND_DIE_AFTER_THE_COMMIT,
    PUBLISHED_WITH_THEIR_ACTIVITY,
    WAKE_UP_AGAIN_AND_AGAIN,
    figures,
    publish,
    publish_in_background,
    received,
    wait_for_batch,
)
from tests.faults.services import wait_until
from tests.integration.helpers import PASSWORD

pytestmark = [pytest.mark.faults, pytest.mark.django_db(databases=[])]


OTHER_PEERS_BOUND_SECONDS = 20  # measured: 10 s with per-host slots, 32 s without


def assert_nothing_lost(result: dict) -> None:
    assert result["lost"] == 0, result
    assert result["duplicated"] == 0, result


def test_a_peer_down_for_a_whole_batch_gets_every_publication_once_back(pair):
    a, b = pair
    count = publications()
    b.stop()
    publish(a, "down", count)
    time.sleep(2)  # A's worker tries, fails, pauses the host
    b.start()
    recovery = wait_for_batch(b, a, "down", count, seconds=90)
    result = figures("peer node down, then back", count, b, a, "down", recovery)
    record(result)
    assert_nothing_lost(result)


def test_a_worker_killed_mid_batch_loses_nothing(pair):
    a, b = pair
    count = 100
    # Killed while the batch is still being published and delivered.
    publishing = publish_in_background(a, "killed", count)
    wait_for_batch(b, a, "killed", 1, seconds=30)
    worker = a.processes[1]
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(10)
    killed_at_delivered = received(b, a, "killed")[1]
    a.processes[1] = a.spawn(a.commands()[1])
    publishing.join()
    recovery = wait_for_batch(b, a, "killed", count, seconds=100)
    result = figures("Celery worker SIGKILLed mid-batch", count, b, a, "killed", recovery)
    result["delivered_before_kill"] = killed_at_delivered
    record(result)
    assert killed_at_delivered < count, "the batch was over before the kill"
    assert_nothing_lost(result)


def test_redis_restarted_mid_batch_loses_nothing(pair, private_services):
    a, b = pair
    _postgres, broker = private_services
    count = 100
    # Restarted while the batch is still being published and delivered.
    publishing = publish_in_background(a, "redis", count)
    wait_for_batch(b, a, "redis", 1, seconds=30)
    broker.restart()
    restarted_at_delivered = received(b, a, "redis")[1]
    publishing.join()
    recovery = wait_for_batch(b, a, "redis", count, seconds=60)
    result = figures("Redis restarted mid-batch", count, b, a, "redis", recovery)
    result["delivered_before_restart"] = restarted_at_delivered
    record(result)
    assert restarted_at_delivered < count, "the batch was over before the restart"
    assert_nothing_lost(result)
    # Nobody restarted the workers: they lived through it (kombu used to crash them).
    assert all(node.processes[1].poll() is None for node in (a, b))


def test_postgresql_restarted_answers_503_writes_nothing_half_and_resumes(pair, private_services):
    a, b = pair
    postgres, _broker = private_services
    count = 50
    session = requests.Session()
    signup_url = a.base + "/accounts/signup/"

    def sign_up(handle: str) -> requests.Response:
        """A new visitor signs up (a fresh session: a signed-up visitor is logged in)."""
        session = requests.Session()
        page = session.get(signup_url, timeout=10)
        if page.status_code != 200:
            return page  # the database is down: the page itself answers 503
        form = {
            "csrfmiddlewaretoken": session.cookies.get("csrftoken", ""),
            "username": handle,
            "display_name": handle.title(),
            "email": f"{handle}@example.org",
            "role": "young",
            "birth_month": "1",
            "birth_year": "2000",
            "password1": PASSWORD,
            "password2": PASSWORD,
        }
        return session.post(
            signup_url,
            data=form,
            headers={"Referer": signup_url},
            timeout=20,
            allow_redirects=False,
        )

    before = sign_up("before")
    assert before.status_code == 302, before.text[:2000]
    publish(a, "postgres", count)
    session.get(signup_url, timeout=10)
    postgres.stop()
    try:
        during = sign_up("during")
        peer_fetch = requests.get(
            a.base + "/@lea/", headers={"Accept": "application/activity+json"}, timeout=10
        )
    finally:
        postgres.start()
    began = time.monotonic()
    assert during.status_code == 503, during.text[:300]
    assert during.headers["Retry-After"] == "10"
    assert "The database is unavailable, try again in a moment." in during.text
    assert peer_fetch.status_code == 503, peer_fetch.text[:300]  # a peer fetching Léa's actor
    assert peer_fetch.headers["Retry-After"] == "10"
    # Every web process answers again once PostgreSQL accepts connections.
    wait_until(
        lambda: all(session.get(signup_url, timeout=10).status_code == 200 for _ in range(4)),
        "the node to answer after the restart",
        seconds=30,
        every=0.5,
    )
    after = sign_up("after")
    assert after.status_code == 302, after.text[:2000]
    # Deliveries cut by the stop stay locked for LOCK_SECONDS (30 s) before their retry.
    wait_for_batch(b, a, "postgres", count, seconds=150)
    recovery = time.monotonic() - began
    people = (
        "from node.accounts.models import User\nresult = sorted(User.objects.filter("
        "username__in=['before', 'during', 'after']).values_list('username', flat=True))"
    )
    assert a.python(people) == ["after", "before"]  # the refused sign-up left nothing behind
    result = figures("PostgreSQL restarted (sender)", count, b, a, "postgres", recovery)
    record(result)
    assert_nothing_lost(result)


def paused(health: list | None) -> bool:
    return health is not None and health[0] >= PAUSE_AFTER_FAILURES and health[1]


@pytest.fixture
def faulty_peer(pair):
    a, _b = pair
    peer = FaultyPeer()
    a.python(FOLLOW_THE_NODE.format(domain=peer.domain))
    yield peer
    peer.close()
    a.python(
        "from federation.models import RemoteActor\n"
        f"result = RemoteActor.objects.filter(domain='{peer.domain}').delete()[0]"
    )


@pytest.mark.parametrize("fault", ["error", "slow"])
def test_a_failing_peer_does_not_hold_up_the_others_and_is_paused_then_resumed(
    pair, faulty_peer, fault
):
    a, b = pair
    count = 10
    faulty_peer.mode = fault
    began = time.monotonic()
    publish(a, f"peer-{fault}", count)
    wait_for_batch(b, a, f"peer-{fault}", count, seconds=60)
    others = time.monotonic() - began
    # A hung peer costs one read timeout (10 s) per try, one try at a time: its fifth
    # failure, which pauses it, comes after about a minute.
    wait_until(
        lambda: paused(a.python(HEALTH.format(domain=faulty_peer.domain))),
        "the failing peer to be paused",
        seconds=120,
        every=2,
    )
    faulty_peer.mode = "ok"
    healed = time.monotonic()
    wait_until(
        lambda: a.python(ANNOUNCED.format(domain=faulty_peer.domain)) == [count, count],
        "the peer to get every announce once it answers",
        seconds=90,
        every=1,
    )
    recovery = time.monotonic() - healed
    assert a.python(HEALTH.format(domain=faulty_peer.domain)) == [0, False]
    result = figures(
        f"a peer answering {'500' if fault == 'error' else 'in 10 s'}",
        count,
        b,
        a,
        f"peer-{fault}",
        recovery,
    )
    result["seconds_for_other_peer"] = round(others, 1)
    result["faulty_peer_accepted"] = len(set(faulty_peer.accepted))
    result["faulty_peer_duplicates"] = len(faulty_peer.accepted) - len(set(faulty_peer.accepted))
    record(result)
    assert_nothing_lost(result)
    assert result["faulty_peer_accepted"] == count
    # Each POST to a hung peer takes the whole read timeout (10 s); B's batch must not
    # wait for them: it arrives as fast as when every peer answers.
    assert others < OTHER_PEERS_BOUND_SECONDS, result


KILLED_PUBLICATIONS = 5


def test_a_process_killed_right_after_publishing_loses_no_federation(pair):
    """Each publication's process dies the moment its commit returns (os._exit, as a
    kill -9 would): what must be sent was written in that commit, or nothing was."""
    a, b = pair
    count = KILLED_PUBLICATIONS
    for n in range(count):
        with pytest.raises(RuntimeError, match="shell"):
            a.python(PUBLISH_AND_DIE_AFTER_THE_COMMIT.format(title=f"killed-after-commit {n}"))
    on_sender = a.python(PUBLISHED_WITH_THEIR_ACTIVITY.format(prefix="killed-after-commit"))
    # Nobody woke the worker: the beat sweep (every 10 s) finds the rows.
    recovery = wait_for_batch(b, a, "killed-after-commit", count, seconds=60)
    result = figures(
        "publishing process killed right after its commit",
        count,
        b,
        a,
        "killed-after-commit",
        recovery,
    )
    result["published_with_their_activity"] = on_sender[1]
    record(result)
    assert on_sender == [count, count], "a publication is there without what must be sent"
    assert_nothing_lost(result)


WAKE_UP_SECONDS = 45
WAKE_UP_EVERY = 0.25
BACKLOG = 5
EARLY_TOLERANCE = 0.05  # seconds: the two clocks are the same machine's


def attempts_allowed(seconds: float) -> int:
    """How many attempts the retry schedule allows a delivery in its first `seconds`."""
    waited, allowed = 0.0, 1
    for delay in RETRY_DELAYS:
        waited += delay * float(RETRY_SCALE)
        if waited > seconds:
            break
        allowed += 1
    return allowed


def retried_early(attempts: list[tuple[float, str]]) -> list[tuple[str, int, float]]:
    """(activity, attempt number, seconds after the previous one) of every attempt the
    peer saw before the retry schedule allowed it."""
    times: dict[str, list[float]] = defaultdict(list)
    for at, activity in attempts:
        times[activity].append(at)
    early = []
    for activity, seen in times.items():
        for n, (before, after) in enumerate(zip(seen, seen[1:], strict=False)):
            if after - before < RETRY_DELAYS[n] * float(RETRY_SCALE) - EARLY_TOLERANCE:
                early.append((activity, n + 2, round(after - before, 2)))
    return early


def test_duplicate_wake_ups_under_a_backlog_retry_nothing_before_its_time(pair, faulty_peer):
    """A peer answering 500, and the same deliveries handed to the workers four times a
    second: each is tried when its schedule says, and none fails early."""
    a, b = pair
    count = BACKLOG
    faulty_peer.mode = "error"
    publish(a, "wake-ups", count)
    woken = a.python(
        WAKE_UP_AGAIN_AND_AGAIN.format(
            domain=faulty_peer.domain, seconds=WAKE_UP_SECONDS, every=WAKE_UP_EVERY
        )
    )
    rows = a.python(DELIVERIES_TO.format(domain=faulty_peer.domain))
    early = retried_early(list(faulty_peer.attempts))
    failed = [row for row in rows if row[1] == "failed"]
    too_many = [row for row in rows if row[2] > attempts_allowed(row[3])]
    faulty_peer.mode = "ok"
    healed = time.monotonic()
    # The next scheduled try finds the peer answering; the rest follow at once. A
    # delivery that failed for good never comes: then this waits out its two minutes.
    while time.monotonic() - healed < 120:
        if a.python(ANNOUNCED.format(domain=faulty_peer.domain)) == [count, count]:
            break
        time.sleep(1)
    recovery = time.monotonic() - healed
    wait_for_batch(b, a, "wake-ups", count, seconds=60)
    accepted = faulty_peer.accepted
    result = {
        "scenario": "duplicate wake-ups under a backlog, peer answering 500",
        "sent": count,
        "delivered": len(set(accepted)),
        "lost": count - len(set(accepted)),
        "duplicated": len(accepted) - len(set(accepted)),
        "seconds_to_recover": round(recovery, 1),
        "wake_ups": woken,
        "failed_early": len(failed),
        "retried_early": len(early),
        "most_attempts": max(row[2] for row in rows),
        "attempts_allowed": attempts_allowed(max(row[3] for row in rows)),
    }
    record(result)
    assert len(rows) == count, rows
    assert not failed, f"failed long before their three days: {failed}"
    assert not too_many, f"more attempts than the schedule allows: {too_many}"
    assert not early, f"retried before their time: {early[:20]}"
    assert_nothing_lost(result)
    assert received(b, a, "wake-ups")[1] == count
