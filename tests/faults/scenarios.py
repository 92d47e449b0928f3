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


# Léa publishes one experience, and the process dies the moment the commit returns:
# the hook is registered before anything the publication registers after its commit.
PUBLISH_AND_DIE_AFTER_THE_COMMIT = """
import os
from django.db import transaction
from django.db.models.signals import pre_save
from profiles import publishing
from profiles.models import Experience, Profile
from profiles.visibility import Visibility
owner = Profile.objects.get(handle="lea", domain="")
experience = publishing.save_experience_draft(owner, None, {{
    "kind": "summer_job", "title": "{title}", "organisation": "Chez Paul", "place": "Lyon",
    "start_year": 2024, "start_month": 7, "end_year": 2024, "end_month": 8,
    "what_i_did": "I helped the cook every day.", "responsibilities": "", "motivation": "",
    "learned": "", "language": "en"}}, ["cooking"])

def die_right_after_the_commit(sender, **kwargs):
    transaction.on_commit(lambda: os._exit(9))

pre_save.connect(die_right_after_the_commit, sender=Experience, weak=False)
publishing.publish_experience(experience, Visibility.PUBLIC)
result = "still alive"
"""

# [publications of the batch on the sender, those with their Create in the outbox]
PUBLISHED_WITH_THEIR_ACTIVITY = """
from federation.protocol import ids
from federation.models import OutboxActivity
from profiles.models import Experience
published = list(Experience.objects.filter(owner__handle="lea", owner__domain="",
    published__title__startswith="{prefix} ").select_related("owner"))
uris = [ids.experience_uri(experience) for experience in published]
created = OutboxActivity.objects.filter(activity_type="Create", object_uri__in=uris)
result = [len(published), created.values("object_uri").distinct().count()]
"""

# The same deliveries handed to the Celery workers again and again, as a backlog of
# sweeps does: each one's id, `every` seconds, for `seconds`.
WAKE_UP_AGAIN_AND_AGAIN = """
import time
from federation.models import Delivery
from federation.tasks import deliver
ids = list(Delivery.objects.filter(domain="{domain}").values_list("pk", flat=True))
sent = 0
end = time.monotonic() + {seconds}
while time.monotonic() < end:
    for pk in ids:
        deliver.delay(pk)
        sent += 1
    time.sleep({every})
result = sent
"""

# [activity id, state, attempts, seconds since the delivery was queued] per delivery.
DELIVERIES_TO = """
from django.utils import timezone
from federation.models import Delivery
now = timezone.now()
result = [[row.activity.uri, row.state, row.attempts, (now - row.created_at).total_seconds()]
    for row in Delivery.objects.filter(domain="{domain}").select_related("activity")]
"""
