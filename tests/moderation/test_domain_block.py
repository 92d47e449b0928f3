"""Blocking a node from the queue removes everything it had sent, and refuses it after."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from contact import messaging
from contact.models import Message
from federation.models import (
    Delivery,
    DomainRule,
    InboxItem,
    InstanceFollower,
    OutboxActivity,
    RemoteActor,
)
from jobs.models import Offer, Organisation
from moderation.models import AuditEntry, Report
from profiles.models import Experience, Follow, FollowState, Profile, ProfileKind
from tests.conftest import client_for, make_experience
from tests.federation.test_inbox import PEER, activity, post, remote_actor  # noqa: F401
from tests.moderation.helpers import act, make_staff, report_through_page

pytestmark = pytest.mark.django_db


def peer_content(rosa: Profile, local: Profile) -> None:
    """What peer.example sent: an experience, an organisation with an offer and a message,
    a follow, a node follower, and a delivery still queued for it."""
    make_experience(rosa, title="Serveuse du soir")
    org_profile = Profile.objects.create(
        handle="acme", domain="peer.example", kind=ProfileKind.ORGANISATION, visibility=3
    )
    organisation = Organisation.objects.create(profile=org_profile)
    Offer.objects.create(
        organisation=organisation,
        title="Plongeur remote",
        description="Laver",
        contract_type="seasonal",
        valid_through=timezone.localdate() + datetime.timedelta(days=9),
        state="published",
        published_at=timezone.now(),
    )
    messaging.receive_conversation(
        org_profile, local, None, "Bonjour", "Un message", "fr", False,
        remote_id=f"{PEER}/c/1", message_remote_id=f"{PEER}/m/1",
    )  # fmt: skip
    Follow.objects.create(follower=rosa, followed=local, state=FollowState.ACCEPTED)
    InstanceFollower.objects.create(actor=rosa.remote_actor, follow_uri=f"{PEER}/follows/1")
    sent = OutboxActivity.objects.create(
        uri="http://testserver/a/1", activity_type="Create", body={}
    )
    Delivery.objects.create(activity=sent, inbox=f"{PEER}/inbox", domain="peer.example")


def test_blocking_a_node_removes_what_it_sent_and_refuses_it_after(
    client,
    person,
    member,
    remote_actor,  # noqa: F811
):
    rosa = remote_actor.profile
    peer_content(rosa, person)
    experience = Experience.objects.get(owner=rosa)
    report_through_page(client_for(member), "experience", experience.pk, "spam")
    staff = make_staff()

    answer = act(staff, Report.objects.get(), "block_domain", "spam node")
    assert "written in the moderation log" in answer.content.decode()

    assert not Profile.objects.filter(domain="peer.example").exists()
    assert not Experience.objects.filter(owner__domain="peer.example").exists()
    assert not Offer.objects.exists() and not Message.objects.exists()
    assert not Follow.objects.exists() and not InstanceFollower.objects.exists()
    assert not RemoteActor.objects.filter(domain="peer.example").exists()
    assert Delivery.objects.get().state == "failed"
    assert DomainRule.objects.filter(domain="peer.example", rule="block").exists()
    for url in ("/api/experiences/", "/offers/", "/explore/?q=serveuse"):
        page = Client().get(url).content.decode()
        assert "Serveuse du soir" not in page and "Plongeur remote" not in page
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.target, entry.note) == ("block_domain", "peer.example", "spam node")
    assert {k: entry.counts[k] for k in ("profiles", "experiences", "offers", "messages")} == {
        "profiles": 2,
        "experiences": 1,
        "offers": 1,
        "messages": 1,
    }
    assert entry.counts["deliveries_dropped"] == 1 and entry.counts["node_followers"] == 1
    log = client_for(staff).get("/moderation/log/").content.decode()
    assert "peer.example" in log and "spam node" in log
    assert Profile.objects.filter(pk=person.pk).exists()  # this node's people stay

    assert post(client, activity(id=f"{PEER}/activities/after")) == 403
    assert not InboxItem.objects.exists()


def test_a_local_item_has_no_node_to_block(person, member):
    report_through_page(client_for(member), "profile", person.pk)
    answer = act(make_staff(), Report.objects.get(), "block_domain")
    assert "no node to block" in answer.content.decode()
    assert not DomainRule.objects.exists() and not AuditEntry.objects.exists()


def test_without_the_federation_app_blocking_a_node_is_refused_and_changes_nothing(
    member,
    remote_actor,  # noqa: F811
    monkeypatch,
):
    """moderation reaches other nodes only through the blocker federation registers."""
    from federation.peers import domain_blocks
    from moderation import node_blocks

    assert node_blocks._blockers == [domain_blocks.block_domain]
    monkeypatch.setattr(node_blocks, "_blockers", [])
    make_experience(remote_actor.profile, title="Serveuse du soir")
    experience = Experience.objects.get(owner=remote_actor.profile)
    report_through_page(client_for(member), "experience", experience.pk, "spam")
    answer = act(make_staff(), Report.objects.get(), "block_domain")
    assert "Blocking nodes is not available on this node." in answer.content.decode()
    assert not DomainRule.objects.exists() and not AuditEntry.objects.exists()
    assert Experience.objects.filter(owner=remote_actor.profile).exists()
