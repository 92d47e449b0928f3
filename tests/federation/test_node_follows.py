"""Following another node: what the node's team types is checked before anything is asked."""

from __future__ import annotations

import pytest

from federation.models import NodeFollow, RemoteActor
from federation.outgoing.node_follows import NodeFollowError, find_node


@pytest.mark.parametrize("typed", ["not a host", "node.example/path?x", "@node.example", ""])
def test_what_is_neither_a_domain_nor_a_url_is_refused_and_asks_nothing(typed, db, monkeypatch):
    asked = []
    monkeypatch.setattr(
        "federation.outgoing.node_follows.resolve_handle", lambda *a: asked.append(a)
    )
    with pytest.raises(NodeFollowError, match="neither a domain nor a URL"):
        find_node(typed)
    assert asked == []
    assert not RemoteActor.objects.exists() and not NodeFollow.objects.exists()
