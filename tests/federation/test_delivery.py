"""Delivery against a real HTTP peer on loopback: Mastodon's retry and pause rules."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from federation.models import Delivery, DeliveryState, DomainHealth, OutboxActivity
from federation.outgoing import delivery
from federation.peers.keys import key_for
from federation.protocol.signatures import verify_request

pytestmark = pytest.mark.django_db


def queued(person, inbox: str) -> Delivery:
    activity = OutboxActivity.objects.create(
        uri="http://127.0.0.1:8000/activities/1/",
        actor=person,
        activity_type="Create",
        body={"id": "http://127.0.0.1:8000/activities/1/", "type": "Create"},
    )
    delivery.enqueue(activity, [inbox])
    return Delivery.objects.get()


def test_a_delivery_is_signed_by_its_actor_and_marked_delivered(person, peer):
    row = queued(person, peer.inbox)
    assert delivery.deliver(row.pk) == DeliveryState.DELIVERED
    path, headers, body = peer.received[0]
    verify_request("POST", path, headers, body, key_for(person).public_pem, timezone.now())
    row.refresh_from_db()
    assert row.state == DeliveryState.DELIVERED and row.attempts == 1


@pytest.mark.parametrize("status", [500, 502, 503, 401, 408, 429])
def test_a_temporary_failure_is_retried_later(person, peer, status):
    peer.statuses = [status]
    row = queued(person, peer.inbox)
    assert delivery.deliver(row.pk) == DeliveryState.QUEUED
    row.refresh_from_db()
    assert row.attempts == 1 and row.last_status == status
    assert row.next_attempt_at >= timezone.now() + datetime.timedelta(seconds=25)


@pytest.mark.parametrize("status", [400, 403, 404, 410, 422])
def test_a_refusal_is_not_retried(person, peer, status):
    peer.statuses = [status]
    row = queued(person, peer.inbox)
    assert delivery.deliver(row.pk) == DeliveryState.FAILED


def test_retries_go_on_for_at_least_two_days_then_stop(person, peer):
    assert sum(delivery.RETRY_DELAYS) >= 2 * 24 * 3600
    peer.statuses = [500] * (len(delivery.RETRY_DELAYS) + 1)
    row = queued(person, peer.inbox)
    for _attempt in range(len(delivery.RETRY_DELAYS)):
        Delivery.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
        DomainHealth.objects.all().delete()
        assert delivery.deliver(row.pk) == DeliveryState.QUEUED
    Delivery.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    DomainHealth.objects.all().delete()
    assert delivery.deliver(row.pk) == DeliveryState.FAILED


def test_a_host_that_keeps_failing_is_paused_and_others_are_not(person, peer, settings):
    down = "http://127.0.0.1:9/inbox"  # the discard port: nothing listens
    activity = OutboxActivity.objects.create(
        uri="http://127.0.0.1:8000/activities/2/", actor=person, activity_type="Create", body={}
    )
    for n in range(delivery.PAUSE_AFTER_FAILURES):
        delivery.enqueue(activity, [f"{down}?{n}"])
    for row in Delivery.objects.all():
        delivery.deliver(row.pk)
    health = DomainHealth.objects.get(domain="127.0.0.1:9")
    assert health.paused_until and health.paused_until > timezone.now()
    delivery.enqueue(activity, [f"{down}?late"])
    late = Delivery.objects.get(inbox=f"{down}?late")
    assert delivery.deliver(late.pk) == DeliveryState.QUEUED
    late.refresh_from_db()
    assert late.attempts == 0 and late.last_error == "host paused"
    delivery.enqueue(activity, [peer.inbox])
    assert delivery.deliver(Delivery.objects.get(inbox=peer.inbox).pk) == DeliveryState.DELIVERED


def test_a_domain_failing_on_seven_days_is_unavailable_until_it_answers(person, peer):
    domain = delivery.domain_of(peer.inbox)
    days = [(timezone.localdate() - datetime.timedelta(days=n)).isoformat() for n in range(1, 7)]
    DomainHealth.objects.create(domain=domain, failure_days=days)
    peer.statuses = [503]
    row = queued(person, peer.inbox)
    delivery.deliver(row.pk)
    assert DomainHealth.objects.get(domain=domain).unavailable
    delivery.record_success(domain)
    assert not DomainHealth.objects.get(domain=domain).unavailable


def test_recipients_on_one_node_share_one_delivery(person, peer):
    activity = OutboxActivity.objects.create(
        uri="http://127.0.0.1:8000/activities/3/", actor=person, activity_type="Create", body={}
    )
    assert delivery.enqueue(activity, [peer.inbox, peer.inbox, peer.inbox + "2"]) == 2


def many_queued(person, inboxes: list[str]) -> list[int]:
    number = OutboxActivity.objects.count() + 3
    activity = OutboxActivity.objects.create(
        uri=f"http://127.0.0.1:8000/activities/{number}/",
        actor=person,
        activity_type="Create",
        body={},
    )
    delivery.enqueue(activity, inboxes)
    return [Delivery.objects.get(inbox=inbox).pk for inbox in inboxes]


def test_a_host_with_a_delivery_in_flight_gets_no_second_one_and_others_go_on(person, peer):
    hung = "http://127.0.0.1:9/inbox"
    first, second = many_queued(person, [f"{hung}?1", f"{hung}?2"])
    in_flight_until = timezone.now() + datetime.timedelta(seconds=delivery.LOCK_SECONDS)
    Delivery.objects.filter(pk=first).update(locked_until=in_flight_until)  # a worker posts it
    assert delivery.deliver(second) is None
    row = Delivery.objects.get(pk=second)
    assert row.state == DeliveryState.QUEUED and row.attempts == 0 and row.locked_until is None
    (other,) = many_queued(person, [peer.inbox])
    assert delivery.deliver(other) == DeliveryState.DELIVERED
    Delivery.objects.filter(pk=first).update(locked_until=None)  # that POST ended
    assert delivery.deliver(second) == DeliveryState.QUEUED  # tried (the host is down)
    assert Delivery.objects.get(pk=second).attempts == 1


def test_the_host_limit_is_a_setting(person, settings):
    settings.TREMPLIN_DELIVERY_PER_HOST = 2
    hung = "http://127.0.0.1:9/inbox"
    first, second, third = many_queued(person, [f"{hung}?1", f"{hung}?2", f"{hung}?3"])
    in_flight_until = timezone.now() + datetime.timedelta(seconds=delivery.LOCK_SECONDS)
    Delivery.objects.filter(pk=first).update(locked_until=in_flight_until)
    assert delivery.claim(second, timezone.now()) is not None
    assert delivery.claim(third, timezone.now()) is None


def test_the_sweep_hands_out_a_hosts_free_slots_only_and_every_other_host(person):
    hung, other = "http://127.0.0.1:9/inbox", "http://127.0.0.2:9/inbox"
    h1, h2, h3 = many_queued(person, [f"{hung}?1", f"{hung}?2", f"{hung}?3"])
    o1, o2 = many_queued(person, [f"{other}?1", f"{other}?2"])
    now = timezone.now()
    assert sorted(delivery.due_within_host_limits(now)) == sorted([h1, o1])
    Delivery.objects.filter(pk=h1).update(locked_until=now + datetime.timedelta(seconds=30))
    assert delivery.due_within_host_limits(now) == [o1]


def test_each_finished_delivery_hands_over_the_next_one_due_to_its_host(person, peer, monkeypatch):
    from federation import tasks

    first, second = many_queued(person, [f"{peer.inbox}?1", f"{peer.inbox}?2"])
    assert delivery.deliver_and_follow(first) == second
    queued_next: list[int] = []
    monkeypatch.setattr(tasks.deliver, "delay", queued_next.append)
    tasks.deliver(second)
    assert queued_next == []  # nothing left for that host
    assert Delivery.objects.filter(state=DeliveryState.DELIVERED).count() == 2


def test_a_host_answering_again_gets_at_once_what_waited_for_its_retries(person, peer):
    first, second = many_queued(person, [f"{peer.inbox}?1", f"{peer.inbox}?2"])
    peer.statuses = [503, 503]
    assert delivery.deliver(first) == DeliveryState.QUEUED
    assert delivery.deliver(second) == DeliveryState.QUEUED
    Delivery.objects.filter(pk=first).update(next_attempt_at=timezone.now())  # its retry
    waiting = Delivery.objects.get(pk=second).next_attempt_at
    assert waiting > timezone.now()
    assert delivery.deliver(first) == DeliveryState.DELIVERED
    assert Delivery.objects.get(pk=second).next_attempt_at <= timezone.now()
    assert delivery.deliver(second) == DeliveryState.DELIVERED


def test_a_success_on_a_healthy_host_reschedules_nothing(person, peer):
    first, second = many_queued(person, [f"{peer.inbox}?1", f"{peer.inbox}?2"])
    later = timezone.now() + datetime.timedelta(hours=1)
    Delivery.objects.filter(pk=second).update(next_attempt_at=later)  # a retry of its own
    assert delivery.deliver(first) == DeliveryState.DELIVERED
    assert Delivery.objects.get(pk=second).next_attempt_at == later


def test_a_delivery_woken_again_before_its_retry_is_not_attempted(person, peer, monkeypatch):
    """Duplicate wake-ups (a backlog of sweeps, the same task sent twice) claim nothing
    before the schedule says: a delivery cannot burn its three days of retries in seconds."""
    from federation import tasks

    monkeypatch.setattr(tasks.deliver, "delay", lambda *args: None)
    peer.statuses = [500] * (len(delivery.RETRY_DELAYS) + 1)
    row = queued(person, peer.inbox)
    assert delivery.deliver(row.pk) == DeliveryState.QUEUED
    for _wake_up in range(len(delivery.RETRY_DELAYS) + 1):
        assert delivery.claim(row.pk, timezone.now()) is None
        assert delivery.deliver(row.pk) is None
        tasks.deliver(row.pk)
    row.refresh_from_db()
    assert row.state == DeliveryState.QUEUED and row.attempts == 1 and row.locked_until is None
    assert len(peer.received) == 1
    assert row.next_attempt_at >= timezone.now() + datetime.timedelta(seconds=25)


def test_a_delivery_is_attempted_again_once_its_time_has_come(person, peer):
    peer.statuses = [500]
    row = queued(person, peer.inbox)
    assert delivery.deliver(row.pk) == DeliveryState.QUEUED
    retry_at = Delivery.objects.get(pk=row.pk).next_attempt_at
    assert delivery.deliver(row.pk, retry_at - datetime.timedelta(seconds=1)) is None
    assert delivery.deliver(row.pk, retry_at) == DeliveryState.DELIVERED
    assert len(peer.received) == 2
