"""The federation policy is one gate on every way in and out, whatever the host's spelling.

Through the real paths: the signed inbox and its worker, signed GETs, the People look-up,
fetches and deliveries. Only the network edge is simulated, as in test_fetch.py: DNS
answers made-up names with loopback servers, and every name the node resolves is
recorded, so "no request was made" is checked where a request would start.
"""

from __future__ import annotations

import socket
from typing import Any
from urllib.parse import quote

import pytest

from federation import policy
from federation.models import (
    DeliveryState,
    DomainRule,
    InboxItem,
    InboxState,
    RemoteActor,
)
from federation.outgoing import delivery
from federation.peers.domain_blocks import block_domain
from federation.peers.fetch import NotFederated, fetch_jrd, fetch_json
from federation.protocol.context import DOCUMENT_CONTEXT
from federation.worker import run_single_cycle
from profiles.models import Experience, Follow, FollowState, Profile
from tests.conftest import client_for
from tests.federation.helpers import PUBLIC_PEM, make_remote_actor
from tests.federation.test_authorized_fetch import set_authorized_fetch, signed_get
from tests.federation.test_delivery import queued
from tests.federation.test_fetch import (  # noqa: F401  (fixtures)
    RecordingServer,
    other_server,
    redirect_to,
    serve_json,
    server,  # noqa: F811
)
from tests.federation.test_inbox import PEER, activity, post

pytestmark = pytest.mark.django_db
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


class Edge:
    """Names the node resolved, and the loopback address each made-up name answers with."""

    def __init__(self) -> None:
        self.lookups: list[str] = []
        self.answers: dict[str, str] = {}


@pytest.fixture
def edge(monkeypatch: pytest.MonkeyPatch, settings: Any) -> Edge:
    settings.TREMPLIN_ALLOW_PRIVATE_FETCH = True  # plain http to loopback servers
    recorded = Edge()
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> list[tuple]:
        if str(host).replace(".", "").isdigit():
            return real_getaddrinfo(host, port, *args, **kwargs)  # an address: no look-up
        recorded.lookups.append(str(host))
        if host not in recorded.answers:
            raise socket.gaierror(socket.EAI_NONAME, f"{host}: no such made-up name")
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", (recorded.answers[host], int(port or 0)))
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return recorded


def actor_document(node: str, handle: str) -> dict[str, Any]:
    uri = f"http://{node}/users/{handle}"
    return {
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
        "id": uri,
        "type": "Person",
        "preferredUsername": handle,
        "name": handle.title(),
        "inbox": f"{uri}/inbox",
        "publicKey": {"id": f"{uri}#main-key", "owner": uri, "publicKeyPem": PUBLIC_PEM},
    }


def serve_person(peer_server: RecordingServer, node: str, handle: str) -> None:
    """A person of `node` (a name the edge sends to `peer_server`), found by WebFinger."""
    document = actor_document(node, handle)
    jrd = {
        "subject": f"acct:{handle}@{node}",
        "links": [{"rel": "self", "type": "application/activity+json", "href": document["id"]}],
    }
    resource = quote(f"acct:{handle}@{node}")
    peer_server.routes[f"/.well-known/webfinger?resource={resource}"] = serve_json(
        jrd, "application/jrd+json"
    )
    peer_server.routes[f"/users/{handle}"] = serve_json(document)


# The same node written another way: (the rule as a moderator writes it, a URL on the node).
SPELLINGS = [
    ("peer.example", "https://PEER.example:443/users/rosa"),
    ("peer.example", "https://peer.example./users/rosa"),
    ("peer.example", "https://Peer.Example/users/rosa"),
    ("peer.example", "https://peer.example:8443/users/rosa"),
    ("peer.example", "https://sub.peer.example/users/rosa"),
    ("peer.example", "https://a.b.peer.example/users/rosa"),
    ("bücher.example", "https://xn--bcher-kva.example/users/rosa"),
    ("xn--bcher-kva.example", "https://BÜCHER.example/users/rosa"),
    ("Peer.Example.:443", "https://peer.example/users/rosa"),
]
IDS = [url.split("/")[2] for _rule, url in SPELLINGS]


@pytest.mark.parametrize(("blocked", "actor"), SPELLINGS[:7], ids=IDS[:7])
def test_the_inbox_refuses_a_blocked_node_in_any_spelling_before_fetching_its_key(
    client, person, edge, blocked, actor
):
    block_domain(blocked)
    body = activity(id=actor.replace("/users/rosa", "/activities/1"), actor=actor)
    assert post(client, body, key_id=f"{actor}#main-key") == 403
    assert edge.lookups == []  # the signer's key was not fetched
    assert not InboxItem.objects.exists()


@pytest.mark.parametrize(("blocked", "actor"), SPELLINGS[:7], ids=IDS[:7])
def test_a_signed_read_by_a_blocked_node_in_any_spelling_is_refused_without_a_key_fetch(
    client, person, edge, blocked, actor
):
    block_domain(blocked)
    for on in (False, True):
        set_authorized_fetch(on)
        response = signed_get(client, f"/@{person.handle}/", key_id=f"{actor}#main-key")
        assert response.status_code == 403, on
    assert edge.lookups == []


@pytest.mark.parametrize(("blocked", "url"), SPELLINGS, ids=IDS)
def test_no_fetch_goes_to_a_blocked_node_in_any_spelling(edge, blocked, url):
    block_domain(blocked)
    with pytest.raises(NotFederated):
        fetch_json(url)  # an actor, a key, an object
    with pytest.raises(NotFederated):
        fetch_jrd(url.replace("/users/rosa", "/.well-known/webfinger?resource=acct:rosa"))
    assert edge.lookups == []


def test_a_collection_of_a_blocked_node_is_not_fetched_not_even_through_a_redirect(
    edge,
    server,  # noqa: F811
    other_server,  # noqa: F811
):
    edge.answers.update({"open.example": server.host, "blocked.example": other_server.host})
    outbox = f"http://blocked.example:{other_server.port}/users/x/outbox"
    collection = {"id": outbox, "type": "OrderedCollection", "orderedItems": []}
    other_server.routes["/users/x/outbox"] = serve_json(collection)
    server.routes["/moved"] = redirect_to(outbox)
    moved = f"http://open.example:{server.port}/moved"
    assert fetch_json(moved)["id"] == outbox  # before the block, both answer
    block_domain("blocked.example")
    for url in (outbox, moved):
        with pytest.raises(NotFederated):
            fetch_json(url)
    assert other_server.paths == ["/users/x/outbox"]  # the one request made before the block
    assert server.paths == ["/moved", "/moved"]  # the redirect was not followed


def test_nothing_queued_before_a_rule_is_delivered_after_it(person, peer, settings):
    row = queued(person, peer.inbox)
    settings.TREMPLIN_FEDERATION_MODE = "allowlist"  # and that node is not on the list
    assert delivery.deliver(row.pk) == DeliveryState.FAILED
    assert peer.received == []


def test_after_a_block_a_members_look_up_asks_nothing_and_shows_no_one(
    edge,
    server,  # noqa: F811
    person,
):
    node = f"blocked.example:{server.port}"
    edge.answers["blocked.example"] = server.host
    serve_person(server, node, "xavier")
    member = client_for(person)
    found = member.get("/people/", {"q": f"@xavier@{node}"})
    assert found.status_code == 302  # before the block, the look-up finds him
    assert Profile.objects.filter(handle="xavier", domain=node).exists()

    block_domain("blocked.example")
    assert not Profile.objects.filter(domain=node).exists()
    requests_before, lookups_before = len(server.requests), len(edge.lookups)
    refused = member.get("/people/", {"q": f"@xavier@{node}"})
    page = refused.content.decode()
    assert refused.status_code == 200
    assert f"This node does not federate with {node}" in page
    assert "Nobody found." in page
    assert member.get(f"/@xavier@{node}/").status_code == 404
    assert len(server.requests) == requests_before and len(edge.lookups) == lookups_before
    assert not Profile.objects.filter(domain=node).exists()
    assert not RemoteActor.objects.filter(domain=node).exists()


def test_a_look_up_of_no_host_at_all_finds_no_one_and_asks_nothing(edge, person):
    member = client_for(person)
    for query in ("@x@peer..example", "@x@[::1", "@x@peer.example:99999", "@x@a/b"):
        response = member.get("/people/", {"q": query})
        assert response.status_code == 200, query
    assert edge.lookups == []
    assert not Profile.objects.exclude(domain="").exists()


@pytest.mark.parametrize("mode", ["open", "allowlist"])
def test_a_boost_from_an_allowed_node_of_a_non_allowed_author_imports_nothing(
    client,
    person,
    edge,
    server,  # noqa: F811
    settings,
    mode,
):
    settings.TREMPLIN_FEDERATION_MODE = mode
    DomainRule.objects.create(domain="peer.example", rule=DomainRule.ALLOW)
    booster = make_remote_actor("rosa", "peer.example")
    Follow.objects.create(follower=person, followed=booster.profile, state=FollowState.ACCEPTED)
    node = f"other.example:{server.port}"
    edge.answers["other.example"] = server.host
    article = {
        "@context": DOCUMENT_CONTEXT,  # an experience, as a Tremplin node sends it
        "experienceKind": "other",
        "id": f"http://{node}/objects/1",
        "type": "Article",
        "attributedTo": f"http://{node}/users/ana",
        "name": "Night baker",
        "content": "<p>I kneaded bread at dawn.</p>",
        "published": "2025-06-01T10:00:00Z",
        "to": [PUBLIC],
    }
    server.routes["/objects/1"] = serve_json(article)
    server.routes["/users/ana"] = serve_json(actor_document(node, "ana"))
    boost = activity(id=f"{PEER}/activities/boost-1", type="Announce", object=article["id"])
    assert post(client, boost) == 202
    run_single_cycle()
    imported = Experience.objects.filter(owner__domain=node)
    if mode == "open":  # the control: the same boost imports the author and the item
        assert imported.get().published.title == "Night baker"
        return
    assert not imported.exists()
    assert not Profile.objects.filter(domain=node).exists()
    assert not RemoteActor.objects.filter(domain=node).exists()
    assert server.requests == [] and "other.example" not in edge.lookups
    assert InboxItem.objects.get().state == InboxState.REFUSED


def test_an_activity_received_before_a_rule_is_refused_when_processed(client, person):
    make_remote_actor("rosa", "sub.peer.example")
    actor = "https://sub.peer.example/users/rosa"
    follow = activity(id="https://sub.peer.example/activities/1", actor=actor)
    assert post(client, follow, key_id=f"{actor}#main-key") == 202
    DomainRule.objects.create(domain="PEER.example.", rule=DomainRule.BLOCK)  # as the admin does
    run_single_cycle()
    assert not Follow.objects.filter(followed=person).exists()
    assert InboxItem.objects.get().state == InboxState.REFUSED


def test_a_block_covers_subdomains_and_ports_but_an_allow_rule_only_its_exact_host(settings):
    DomainRule.objects.create(domain="blocked.example", rule=DomainRule.BLOCK)
    DomainRule.objects.create(domain="trusted.example", rule=DomainRule.ALLOW)
    DomainRule.objects.create(domain="sub.trusted.example", rule=DomainRule.BLOCK)
    for mode in ("open", "blocklist", "allowlist"):
        settings.TREMPLIN_FEDERATION_MODE = mode
        for host in ("blocked.example", "x.blocked.example", "blocked.example:8443"):
            assert not policy.is_allowed(host), (mode, host)
        assert policy.is_allowed("trusted.example")
        assert policy.is_allowed("notblocked.example") == (mode != "allowlist")
        assert policy.is_allowed("x.trusted.example") == (mode != "allowlist")
        assert not policy.is_allowed("sub.trusted.example")  # a block wins over an allow
        assert policy.is_allowed("trusted.example:8443") == (mode != "allowlist")
        assert not policy.is_allowed("not a host")


def test_an_unknown_mode_that_got_past_the_settings_allows_nothing(settings):
    settings.TREMPLIN_FEDERATION_MODE = "alowlist"
    DomainRule.objects.create(domain="peer.example", rule=DomainRule.ALLOW)
    assert not policy.is_allowed("peer.example")
    assert not policy.allows_url("https://peer.example/users/rosa")
