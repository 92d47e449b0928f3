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

import pytest

from tests.faults.conftest import publications, record
from tests.faults.scenarios import figures, publish, publish_in_background, received, wait_for_batch

pytestmark = [pytest.mark.faults, pytest.mark.django_db(databases=[])]


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
    publish_in_background(a, "killed", count).join()
    wait_for_batch(b, a, "killed", 5, seconds=30)
    worker = a.processes[1]
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(10)
    killed_at_delivered = received(b, a, "killed")[1]
    a.processes[1] = a.spawn(a.commands()[1])
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
    publish(a, "redis", count)
    wait_for_batch(b, a, "redis", 5, seconds=30)
    broker.restart()
    restarted_at_delivered = received(b, a, "redis")[1]
    recovery = wait_for_batch(b, a, "redis", count, seconds=60)
    result = figures("Redis restarted mid-batch", count, b, a, "redis", recovery)
    result["delivered_before_restart"] = restarted_at_delivered
    record(result)
    assert restarted_at_delivered < count, "the batch was over before the restart"
    assert_nothing_lost(result)
