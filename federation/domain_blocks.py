"""Blocking a node: refuse it from now on, and remove what it had sent, all at once.

One transaction adds the block rule and deletes the node's people and organisations
(their experiences, offers, follows and messages go with them), its actors (what they
followed of this node, and this node's follows of them), and drops the deliveries still
queued for it and the activities it sent that are not processed yet. The counts say
what went, for the moderation log.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from contact.models import Message
from federation.models import (
    Delivery,
    DeliveryState,
    DomainRule,
    InboxItem,
    InboxState,
    InstanceFollower,
    NodeFollow,
    RemoteActor,
)
from jobs.models import Offer, Organisation
from profiles.models import Experience, Follow, Profile


def _on_domain(field: str, domain: str) -> Q:
    """URIs on that host (exactly, not a host whose name merely ends the same)."""
    return Q(**{f"{field}__istartswith": f"https://{domain}/"}) | Q(
        **{f"{field}__istartswith": f"http://{domain}/"}
    )


@transaction.atomic
def block_domain(domain: str, note: str = "") -> dict[str, int]:
    """Block `domain` and remove its content; returns how many of each thing went."""
    domain = domain.strip().lower()
    DomainRule.objects.get_or_create(domain=domain, rule=DomainRule.BLOCK, defaults={"note": note})
    profiles = Profile.objects.filter(domain=domain)
    actors = RemoteActor.objects.filter(domain=domain)
    counts = {
        "profiles": profiles.count(),
        "experiences": Experience.objects.filter(owner__domain=domain).count(),
        "organisations": Organisation.objects.filter(profile__domain=domain).count(),
        "offers": Offer.objects.filter(organisation__profile__domain=domain).count(),
        "messages": Message.objects.filter(author__domain=domain).count(),
        "follows": Follow.objects.filter(
            Q(follower__domain=domain) | Q(followed__domain=domain)
        ).count(),
        "node_followers": InstanceFollower.objects.filter(actor__domain=domain).count(),
        "node_follows": NodeFollow.objects.filter(actor__domain=domain).count(),
        "actors": actors.count(),
    }
    Message.objects.filter(author__domain=domain).delete()
    profiles.delete()  # experiences, organisations, offers, follows, conversations cascade
    actors.delete()  # instance followers, node follows, remote object links cascade
    counts["deliveries_dropped"] = Delivery.objects.filter(
        domain=domain, state=DeliveryState.QUEUED
    ).update(state=DeliveryState.FAILED, last_error="node blocked", locked_until=None)
    counts["inbox_refused"] = (
        InboxItem.objects.filter(state=InboxState.RECEIVED)
        .filter(_on_domain("actor_uri", domain))
        .update(state=InboxState.REFUSED, error="node blocked", locked_until=None)
    )
    return counts
