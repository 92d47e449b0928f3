"""What the fault tests do on the nodes: publish a numbered batch, count what arrived."""

from __future__ import annotations

import threading
import time

from deploy.local_federation import Node
from tests.integration.helpers import PUBLISH

RECEIVED = """
from profiles.models import Experience
titles = list(Experience.objects.filter(owner__handle="lea", owner__domain="{domain}",
    published__isnull=False, published__title__startswith="{prefix} ").values_list(
    "published__title", flat=True))
result = [len(titles), len(set(titles))]
"""


def publish(node: Node, prefix: str, count: int) -> list[int]:
    """Léa publishes `count` public experiences titled "<prefix> 0", "<prefix> 1"..."""
    return node.python(PUBLISH.format(handle="lea", title=prefix, count=count))


def publish_in_background(node: Node, prefix: str, count: int) -> threading.Thread:
    thread = threading.Thread(target=publish, args=(node, prefix, count), daemon=True)
    thread.start()
    return thread


def received(receiver: Node, sender: Node, prefix: str) -> tuple[int, int]:
    """(rows stored, distinct publications) on the receiver for this batch."""
    total, distinct = receiver.python(RECEIVED.format(domain=sender.domain, prefix=prefix))
    return total, distinct


def figures(
    scenario: str, sent: int, receiver: Node, sender: Node, prefix: str, recovery: float
) -> dict:
    total, distinct = received(receiver, sender, prefix)
    return {
        "scenario": scenario,
        "sent": sent,
        "delivered": distinct,
        "lost": sent - distinct,
        "duplicated": total - distinct,
        "seconds_to_recover": round(recovery, 1),
    }


def wait_for_batch(receiver: Node, sender: Node, prefix: str, count: int, seconds: float) -> float:
    """Seconds until the receiver holds every publication of the batch (or the deadline)."""
    began = time.monotonic()
    while time.monotonic() - began < seconds:
        if received(receiver, sender, prefix)[1] >= count:
            break
        time.sleep(0.5)
    return time.monotonic() - began
