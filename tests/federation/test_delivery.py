"""Delivery against a real HTTP peer on loopback: Mastodon's retry and pause rules."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from federation import delivery
from federation.keys import key_for
from federation.models import Delivery, DeliveryState, DomainHealth, OutboxActivity
from federation.signatures import verify_request

pytestmark = pytest.mark.django_db


class Peer:
    """A peer inbox answering the statuses it is told to, recording what it receives."""

    def __init__(self) -> None:
        self.statuses: list[int] = []
        self.received: list[tuple[str, dict[str, str], bytes]] = []
        peer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                peer.received.append((self.path, dict(self.headers), body))
                self.send_response(peer.statuses.pop(0) if peer.statuses else 202)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.inbox = f"http://127.0.0.1:{self.server.server_port}/inbox"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def peer(settings) -> Iterator[Peer]:
    settings.TREMPLIN_ALLOW_PRIVATE_FETCH = True
    server = Peer()
    yield server
    server.server.shutdown()


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
