"""Blocking a node: refuse it from now on, and remove what it had sent, all at once.

A block covers the domain in any spelling, on any port, and every domain under it
(federation/policy.py); so does the removal here.

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
from federation.protocol import hosts
from jobs.models import Offer, Organisation
from profiles.models import Experience, Follow, Profile


def _on_domain(field: str, domain: str) -> Q:
    """URIs on that host (exactly, not a host whose name merely ends the same)."""
    return Q(**{f"{field}__istartswith": f"https://{domain}/"}) | Q(
        **{f"{field}__istartswith": f"http://{domain}/"}
    )


def covered_domains(blocked: str) -> list[str]:
    """The domains known here that a block of `blocked` covers: itself in any spelling,
    on any port, and every domain under it (policy.is_allowed refuses them all)."""
    known = set(Profile.objects.exclude(domain="").values_list("domain", flat=True).distinct())
    known |= set(RemoteActor.objects.values_list("domain", flat=True).distinct())
    known |= set(
        Delivery.objects.filter(state=DeliveryState.QUEUED)
        .values_list("domain", flat=True)
        .distinct()
    )
    return sorted({blocked} | {domain for domain in known if hosts.is_within(domain, blocked)})


@transaction.atomic
def block_domain(domain: str, note: str = "") -> dict[str, int]:
    """Block `domain` (and what is under it) and remove its content; returns how many of
    each thing went. Raises hosts.BadHost for text that is no host."""
    domain = hosts.normalise_host(domain)
    DomainRule.objects.get_or_create(domain=domain, rule=DomainRule.BLOCK, defaults={"note": note})
    domains = covered_domains(domain)
    profiles = Profile.objects.filter(domain__in=domains)
    actors = RemoteActor.objects.filter(domain__in=domains)
    counts = {
        "profiles": profiles.count(),
        "experiences": Experience.objects.filter(owner__domain__in=domains).count(),
        "organisations": Organisation.objects.filter(profile__domain__in=domains).count(),
        "offers": Offer.objects.filter(organisation__profile__domain__in=domains).count(),
        "messages": Message.objects.filter(author__domain__in=domains).count(),
        "follows": Follow.objects.filter(
            Q(follower__domain__in=domains) | Q(followed__domain__in=domains)
        ).count(),
        "node_followers": InstanceFollower.objects.filter(actor__domain__in=domains).count(),
        "node_follows": NodeFollow.objects.filter(actor__domain__in=domains).count(),
        "actors": actors.count(),
    }
    counts["inbox_refused"] = (
        InboxItem.objects.filter(state=InboxState.RECEIVED)
        .filter(
            Q(actor_uri__in=list(actors.values_list("uri", flat=True)))
            | _on_domain("actor_uri", domain)
        )
        .update(state=InboxState.REFUSED, error="node blocked", locked_until=None)
    )
    Message.objects.filter(author__domain__in=domains).delete()
    profiles.delete()  # experiences, organisations, offers, follows, conversations cascade
    actors.delete()  # instance followers, node follows, remote object links cascade
    counts["deliveries_dropped"] = Delivery.objects.filter(
        domain__in=domains, state=DeliveryState.QUEUED
    ).update(state=DeliveryState.FAILED, last_error="node blocked", locked_until=None)
    return counts
