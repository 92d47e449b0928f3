"""Remote admins see who knocks: deliveries name the node and its version."""

from __future__ import annotations

from importlib.metadata import version

import pytest

from federation.models import DeliveryState
from federation.outgoing import delivery
from tests.federation.test_delivery import queued

pytestmark = pytest.mark.django_db


def test_a_delivery_carries_the_nodes_user_agent(person, peer, settings):
    settings.TREMPLIN_DOMAIN = "node.example:8443"
    settings.TREMPLIN_SCHEME = "https"
    row = queued(person, peer.inbox)
    assert delivery.deliver(row.pk) == DeliveryState.DELIVERED
    _path, headers, _body = peer.received[0]
    assert headers["User-Agent"] == f"Tremplin/{version('tremplin')} (+https://node.example:8443/)"
    assert "python-requests" not in headers["User-Agent"]
