"""Work rows are kept for a set time, then go; what is queued or still needed stays."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone

from federation.incoming.account_deletion import inboxes_that_had
from federation.models import Delivery, InboxItem, OutboxActivity
from federation.outgoing import outbox
from federation.work import retention
from federation.worker import run_single_cycle
from node import periodic
from profiles.models import Follow
from tests.federation.test_inbox import PEER, activity, remote_actor  # noqa: F401
from tests.hostile.test_inbox_attacks import deliver, signed

pytestmark = pytest.mark.django_db
NOW = timezone.now()
PEER_INBOX = "https://peer.example/inbox"
OTHER_INBOX = "https://other.example/inbox"


def aged(model, days: float, field: str = "created_at", **match) -> None:  # noqa: ANN001
    model.objects.filter(**match).update(**{field: NOW - datetime.timedelta(days=days)})


def received(uri: str, state: str, days: float) -> InboxItem:
    item = InboxItem.objects.create(
        uri=uri, actor_uri=f"{PEER}/users/rosa", activity_type="Follow", body={}, state=state
    )
    aged(InboxItem, days, "received_at", pk=item.pk)
    return item


def test_old_finished_inbox_items_go_recent_and_queued_ones_stay(db):
    received(f"{PEER}/a/old-done", "done", 20)
    received(f"{PEER}/a/old-refused", "refused", 20)
    received(f"{PEER}/a/old-queued", "received", 20)
    received(f"{PEER}/a/recent-done", "done", 2)
    assert retention.prune(NOW)["inbox items"] == 2
    assert set(InboxItem.objects.values_list("uri", flat=True)) == {
        f"{PEER}/a/old-queued",
        f"{PEER}/a/recent-done",
    }


def test_a_replay_inside_the_signature_window_is_still_refused_whatever_the_setting(
    client,
    person,
    remote_actor,  # noqa: F811
    settings,
):
    settings.TREMPLIN_KEEP_INBOX_DAYS = 0  # an admin keeping nothing: the window still holds
    body = json.dumps(activity()).encode()
    headers = signed(body)
    assert deliver(client, body, headers).status_code == 202
    run_single_cycle()
    aged(InboxItem, 0.5, "received_at")  # 12 hours: a signature may still be valid
    retention.prune()
    Follow.objects.all().delete()  # had it been processed again, the follow would be back
    assert deliver(client, body, headers).status_code == 202
    run_single_cycle()
    assert InboxItem.objects.count() == 1 and not Follow.objects.exists()


def test_a_replay_after_the_item_went_carries_a_dead_signature(
    client,
    person,
    remote_actor,  # noqa: F811
    monkeypatch,
):
    body = json.dumps(activity()).encode()
    headers = signed(body)
    assert deliver(client, body, headers).status_code == 202
    run_single_cycle()
    aged(InboxItem, 15, "received_at")
    assert retention.prune()["inbox items"] == 1
    later = timezone.now() + datetime.timedelta(days=15)
    monkeypatch.setattr("federation.views.inbox.timezone.now", lambda: later)
    assert deliver(client, body, headers).status_code == 401
    assert not InboxItem.objects.exists()


def sent(actor, kind: str, obj, inboxes: list[str], days: float, state: str = "delivered"):  # noqa: ANN001, ANN201
    activity = outbox.send(actor, kind, obj, inboxes)
    aged(OutboxActivity, days, pk=activity.pk)
    aged(Delivery, days, activity=activity)
    Delivery.objects.filter(activity=activity).update(state=state)
    return activity


def test_superseded_deliveries_go_and_the_memory_of_who_had_what_stays(person, db):
    article = f"{person.get_absolute_url()}experiences/1/"
    create = sent(person, "Create", {"id": article}, [PEER_INBOX, OTHER_INBOX], 40)
    update1 = sent(person, "Update", {"id": article}, [PEER_INBOX], 30)
    update2 = sent(person, "Update", {"id": article}, [PEER_INBOX], 20)
    like = sent(person, "Like", "https://peer.example/o/1", [PEER_INBOX], 20)
    queued = sent(person, "Update", {"id": article}, [PEER_INBOX], 20, state="queued")
    recent = sent(person, "Update", {"id": article}, [PEER_INBOX], 1)

    retention.prune(NOW)

    kept = set(Delivery.objects.values_list("activity_id", "inbox"))
    assert kept == {
        (create.pk, OTHER_INBOX),  # other.example had only the Create: it must hear a Delete
        (queued.pk, PEER_INBOX),  # still to be sent
        (recent.pk, PEER_INBOX),  # within the time kept
    }
    # Gone with their deliveries: the superseded Updates and the Like.
    gone = {update1.pk, update2.pk, like.pk}
    assert not OutboxActivity.objects.filter(pk__in=gone).exists()
    assert OutboxActivity.objects.filter(pk=create.pk).exists()
    assert outbox.last_federated(article) is not None
    assert inboxes_that_had(person, []) == [OTHER_INBOX, PEER_INBOX]


def test_the_last_change_of_an_object_stays_even_without_deliveries(person, db):
    article = f"{person.get_absolute_url()}experiences/2/"
    create = sent(person, "Create", {"id": article}, [], 40)
    update = sent(person, "Update", {"id": article}, [], 30)
    retention.prune(NOW)
    assert list(OutboxActivity.objects.values_list("pk", flat=True)) == [update.pk]
    assert create.pk != update.pk and outbox.last_federated(article).pk == update.pk


def test_the_node_actors_newest_delivery_to_each_inbox_stays(db):
    old = sent(None, "Announce", "https://x.example/o/1", [PEER_INBOX], 40)
    newer = sent(None, "Announce", "https://x.example/o/2", [PEER_INBOX], 30)
    retention.prune(NOW)
    assert set(OutboxActivity.objects.values_list("pk", flat=True)) == {old.pk, newer.pk}
    follow = sent(None, "Follow", f"{PEER}/actor", [PEER_INBOX], 20)
    retention.prune(NOW)
    # The Announces' deliveries are superseded for the actor, but each is the last
    # delivery of its object to that inbox: both stay, as does the newest (the Follow).
    assert Delivery.objects.count() == 3 and follow.deliveries.exists()


def test_each_run_is_bounded(db):
    for n in range(5):
        received(f"{PEER}/a/{n}", "done", 20)
    assert retention.prune(NOW, batch=2)["inbox items"] == 2
    assert InboxItem.objects.count() == 3


def test_retention_runs_on_the_periodic_schedule(db):
    paths = [path for path, _every in periodic.JOBS]
    assert "federation.work.retention.prune" in paths
    assert "network.retention.prune_notifications" in paths
    received(f"{PEER}/a/old", "done", 20)
    periodic.resolve("federation.work.retention.prune")()
    assert not InboxItem.objects.exists()
