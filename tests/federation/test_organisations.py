"""Organisations as `Organization` actors: served, read by PyLD, synced on the other side,
and following another node's instance actor with their own key."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from federation.mapping.serializers import actor_document
from federation.models import FollowActivity, OutboxActivity, RemoteActor
from federation.peers.actors import store_actor
from federation.protocol.context import DOCUMENT_CONTEXT
from federation.protocol.signatures import load_private_key, sign_request
from federation.worker import run_single_cycle
from jobs.models import Organisation
from profiles import following, publishing
from profiles.models import Experience, Follow, Profile, ProfileKind
from profiles.visibility import Visibility
from tests.federation.test_inbox import PRIVATE_PEM, PUBLIC_PEM
from tests.federation.test_independent import BASE, fetch, undefined_terms
from tests.federation.test_independent import expand as ld_expand

pytestmark = pytest.mark.django_db
AP = {"HTTP_ACCEPT": "application/activity+json"}
SCHEMA = "http://schema.org#"  # Mastodon's prefix for PropertyValue
TREMPLIN = "https://tremplin.social/ns#"
NODE = "https://territory.example"
NODE_ACTOR = f"{NODE}/actor/"


def make_organisation(
    handle: str = "acme", name: str = "Acme Bakery", verified: bool = True, **facts: str
) -> Organisation:
    """A local organisation with a public showcase profile."""
    profile = Profile.objects.create(handle=handle, kind=ProfileKind.ORGANISATION, role="")
    publishing.save_profile_draft(
        profile,
        {
            "display_name": name,
            "headline": "Bread since 1950",
            "about": "A bakery in town.",
            "territory": "",
            "languages_spoken": [],
            "language": "en",
        },
    )
    publishing.publish_profile(profile, Visibility.PUBLIC)
    profile.refresh_from_db()
    return Organisation.objects.create(
        profile=profile,
        sector=facts.get("sector", "Food"),
        place=facts.get("place", "Lyon"),
        website=facts.get("website", "https://acme.example/jobs"),
        verified_at=timezone.make_aware(datetime.datetime(2025, 3, 4, 10)) if verified else None,
    )


def test_an_organisation_is_served_as_an_organization_with_its_facts(client):
    make_organisation()
    document = fetch(client, "/@acme/")
    assert document["type"] == "Organization"
    assert document["name"] == "Acme Bakery"
    fields = {item["name"]: item["value"] for item in document["attachment"]}
    assert fields["Sector"] == "Food" and fields["Place"] == "Lyon"
    assert 'href="https://acme.example/jobs"' in fields["Website"]
    assert fields["Verified"] == "Verified by 127.0.0.1:8000 on 2025-03-04"
    assert document["verified"] == "2025-03-04"
    assert document["inbox"] == f"{BASE}/@acme/inbox/"
    assert document["publicKey"]["publicKeyPem"].startswith("-----BEGIN PUBLIC KEY-----")


def test_an_unverified_organisation_carries_no_mark(client):
    make_organisation(verified=False)
    document = fetch(client, "/@acme/")
    assert "verified" not in document
    assert "Verified" not in {item["name"] for item in document["attachment"]}


def test_pyld_reads_the_organisation_and_its_verified_term(client):
    make_organisation()
    node = ld_expand(fetch(client, "/@acme/"), f"{BASE}/@acme/")
    assert node["@type"] == ["https://www.w3.org/ns/activitystreams#Organization"]
    assert node[f"{TREMPLIN}verified"] == [{"@value": "2025-03-04"}]
    names = [
        n["@value"]
        for item in node[f"{'https://www.w3.org/ns/activitystreams#'}attachment"]
        for n in item["https://www.w3.org/ns/activitystreams#name"]
    ]
    assert "Verified" in names
    assert undefined_terms(node) == set()


def test_the_verified_mark_survives_the_trip_to_another_node(settings):
    organisation = make_organisation()
    document = actor_document(organisation.profile)
    settings.TREMPLIN_DOMAIN = "other.example"  # now we are the other node reading it
    actor = store_actor(document)
    remote = Organisation.objects.get(profile=actor.profile)
    assert actor.profile.kind == ProfileKind.ORGANISATION
    assert remote.verified_at.date() == datetime.date(2025, 3, 4)
    assert (remote.sector, remote.place, remote.website) == (
        "Food",
        "Lyon",
        "https://acme.example/jobs",
    )
    assert actor.profile.display_name == "Acme Bakery"


def test_a_remote_organisations_facts_are_plain_text_and_its_website_http_only(settings):
    organisation = make_organisation(verified=False)
    document = actor_document(organisation.profile)
    document["attachment"] = [
        {"type": "PropertyValue", "name": "Sector", "value": "<b>Food</b><script>x</script>"},
        {
            "type": "PropertyValue",
            "name": "Website",
            "value": '<a href="javascript:alert(1)">x</a>',
        },
    ]
    document["verified"] = "not a date"
    settings.TREMPLIN_DOMAIN = "other.example"
    actor = store_actor(document)
    remote = Organisation.objects.get(profile=actor.profile)
    assert remote.sector == "Food"  # the script and its text are dropped
    assert remote.website == "" and remote.verified_at is None


@pytest.fixture
def node_actor(db: None) -> RemoteActor:
    """Another node's instance actor, already known (signing with the test key)."""
    profile = Profile.objects.create(
        handle="territory.example", domain="territory.example", kind=ProfileKind.NODE
    )
    return RemoteActor.objects.create(
        uri=NODE_ACTOR,
        profile=profile,
        actor_type="Application",
        username="territory.example",
        domain="territory.example",
        inbox=f"{NODE_ACTOR}inbox/",
        shared_inbox=f"{NODE}/inbox/",
        followers=f"{NODE_ACTOR}followers/",
        key_id=f"{NODE_ACTOR}#main-key",
        public_key_pem=PUBLIC_PEM,
    )


def node_post(client: Client, body: dict) -> int:
    import json

    data = json.dumps(body).encode()
    headers = sign_request(
        "POST",
        "http://testserver/inbox/",
        {"Content-Type": "application/activity+json"},
        data,
        key_id=f"{NODE_ACTOR}#main-key",
        private_key=load_private_key(PRIVATE_PEM),
    )
    extra = {
        f"HTTP_{k.upper().replace('-', '_')}": v
        for k, v in headers.items()
        if k.lower() != "content-type"
    }
    return client.post(
        "/inbox/", data=data, content_type="application/activity+json", **extra
    ).status_code


def test_an_organisation_follows_a_node_and_gets_its_announced_experiences(
    client, node_actor, vocabulary, monkeypatch, django_capture_on_commit_callbacks
):
    organisation = make_organisation()
    with django_capture_on_commit_callbacks(execute=True):
        relation = following.follow(organisation.profile, node_actor.profile)
    follow = OutboxActivity.objects.get(activity_type="Follow")
    assert follow.body["actor"] == f"{BASE}/@acme/"
    assert list(follow.deliveries.values_list("inbox", flat=True)) == [f"{NODE_ACTOR}inbox/"]
    assert FollowActivity.objects.get().uri == follow.uri

    accept = {
        "id": f"{NODE}/activities/accept-1",
        "type": "Accept",
        "actor": NODE_ACTOR,
        "object": {"id": follow.uri, "type": "Follow", "actor": f"{BASE}/@acme/"},
    }
    assert node_post(client, accept) == 202
    run_single_cycle()
    relation.refresh_from_db()
    assert relation.state == "accepted"

    article = {
        "@context": DOCUMENT_CONTEXT,  # an experience, as a Tremplin node sends it
        "experienceKind": "other",
        "id": f"{NODE}/@lea/experiences/7/",
        "type": "Article",
        "attributedTo": f"{NODE}/@lea/",
        "name": "Baker's helper",
        "content": "<p>I kneaded bread at dawn.</p>",
        "published": "2025-06-01T10:00:00Z",
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
        "tag": [{"type": "Hashtag", "name": "#cooking"}],
    }
    lea = RemoteActor.objects.create(
        uri=f"{NODE}/@lea/",
        profile=Profile.objects.create(handle="lea", domain="territory.example"),
        actor_type="Person",
        username="lea",
        domain="territory.example",
        inbox=f"{NODE}/@lea/inbox/",
        key_id=f"{NODE}/@lea/#main-key",
        public_key_pem=PUBLIC_PEM,
    )
    assert lea.profile is not None
    monkeypatch.setattr(
        "federation.incoming.inbox_processing.fetch_json", lambda url, signer=None: dict(article)
    )
    announce = {
        "id": f"{NODE}/activities/announce-1",
        "type": "Announce",
        "actor": NODE_ACTOR,
        "object": article["id"],
    }
    assert node_post(client, announce) == 202
    run_single_cycle()
    assert Experience.objects.get(owner=lea.profile).published.title == "Baker's helper"
    assert Follow.objects.get(follower=organisation.profile).state == "accepted"


def test_the_node_team_can_follow_a_node_from_the_admin(
    client, node_actor, django_user_model, monkeypatch
):
    from federation.models import NodeFollow

    monkeypatch.setattr("federation.outgoing.node_follows.fetch_actor", lambda url: node_actor)
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw-long-1234")
    client.force_login(admin)
    form = client.get("/admin/federation/nodefollow/add/")
    assert form.status_code == 200 and "Node to follow" in form.content.decode()
    refused = client.post("/admin/federation/nodefollow/add/", {"target": "not a node!"})
    assert "cannot be followed" in refused.content.decode()
    client.post("/admin/federation/nodefollow/add/", {"target": NODE_ACTOR})
    link = NodeFollow.objects.get()
    assert link.actor == node_actor and link.state == "pending"
    follow = OutboxActivity.objects.get(activity_type="Follow")
    assert follow.uri == link.uri and follow.body["actor"] == f"{BASE}/actor/"


def test_following_a_node_from_the_admin_fetches_with_no_transaction_open(
    client, node_actor, django_user_model, monkeypatch
):
    """A slow node must not hold the database while the admin's form fetches its actor."""
    from federation.models import NodeFollow
    from node.transactions import in_transaction

    fetched_inside: list[bool] = []

    def fetch_actor(url):
        fetched_inside.append(in_transaction())
        return node_actor

    monkeypatch.setattr("federation.outgoing.node_follows.fetch_actor", fetch_actor)
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw-long-1234")
    client.force_login(admin)
    client.post("/admin/federation/nodefollow/add/", {"target": NODE_ACTOR})
    assert NodeFollow.objects.get().actor == node_actor
    assert fetched_inside and not any(fetched_inside)
