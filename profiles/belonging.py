"""What belongs on this node's listings: its own items, and those of whom its members follow.

A youth network's home page, explore, tag pages, search, the JSON API and matching
show what this node's people and organisations published, and items of other nodes'
accounts only when someone here asked for them: a local member follows that account,
or follows that account's node (a territory), or this node itself follows that node
(its team's decision, kept by the federation app and told here through
`register_followed_nodes`). Anything else a peer managed to deliver stays off these
pages, as on Mastodon, where an unfollowed stranger's post appears on no local timeline.

This is not who may *see* an item (profiles.permissions does that, and is applied
first): it is where an item is *listed*. A remote person's own page and an item's own
page are not listings, so what a member looked up stays reachable there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.db.models import Exists, OuterRef, Q, QuerySet

from profiles.models import Follow, FollowState, ProfileKind

Items = TypeVar("Items", bound=QuerySet)

# Sources of the domains this node follows as a whole (its instance actor's accepted
# follows of other nodes). Each returns domain names, or a `values()` queryset of them
# (then used as a subquery, never loaded).
FollowedNodes = Callable[[], "Iterable[str] | QuerySet"]
followed_node_sources: list[FollowedNodes] = []


def register_followed_nodes(source: FollowedNodes) -> None:
    """Called from an app's ready(): the federation app tells which nodes this node follows."""
    if source not in followed_node_sources:
        followed_node_sources.append(source)


def belongs_q(owner: str = "owner__") -> Q:
    """The condition an item owned through `owner` (a lookup path to a Profile; "" for a
    profile itself) meets to be listed on this node's public pages."""
    owner_pk = f"{owner}pk" if owner else "pk"
    domain = f"{owner}domain"
    members = Follow.objects.filter(state=FollowState.ACCEPTED, follower__domain="")
    followed_account = members.filter(followed=OuterRef(owner_pk))
    followed_territory = members.filter(
        followed__kind=ProfileKind.NODE, followed__domain=OuterRef(domain)
    )
    condition = Q(**{domain: ""}) | Q(Exists(followed_account)) | Q(Exists(followed_territory))
    for source in followed_node_sources:
        condition |= Q(**{f"{domain}__in": source()})
    return condition


def shown_on_public_pages(queryset: Items, owner: str = "owner__") -> Items:
    """Only the items of `queryset` that belong on listings (see the module's docstring).

    The one gate of every listing: experiences (owner "owner__"), offers
    ("organisation__profile__"), profiles ("").
    """
    return queryset.filter(belongs_q(owner))
