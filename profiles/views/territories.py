"""Territories: other nodes seen as what they are (not as people), and their directory.

A node's own actor stands for its territory (its people and organisations). Following it
brings their public items; the directory lists every node this one knows (followed,
following us, or met), each with a Follow button, so nobody has to type
`@host@host:port` to follow a territory.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from profiles.acting import follow_states
from profiles.browse import Filters, experiences_for
from profiles.lookup import LookupRefused, resolve_remote
from profiles.models import FollowState, Profile, ProfileKind
from profiles.pagination import page_number, page_of
from profiles.permissions import viewer_profile

RECENT_ITEMS = 10


def node_handle(address: str) -> str:
    """The handle a node's actor answers to for an address typed as "node.example[:port]",
    "@node.example@node.example[:port]" or a URL: its host name, at its address."""
    address = address.strip()
    if "://" in address:
        address = address.split("://", 1)[1]
    address = address.split("/", 1)[0].lstrip("@")
    if "@" in address:
        return address
    return f"{address.split(':', 1)[0]}@{address}"


def territory_page(request: HttpRequest, profile: Profile) -> HttpResponse:
    """A remote node's page: shown as a territory, with what its people show this viewer."""
    experiences = experiences_for(request.user, Filters())[0].filter(owner__domain=profile.domain)
    return render(
        request,
        "profiles/territory.html",
        {
            "profile": profile,
            "revision": profile.published,
            "experiences": list(experiences[:RECENT_ITEMS]),
            "follow_states": follow_states(request.user, profile),
            "followers": profile.followers.filter(state=FollowState.ACCEPTED).count(),
        },
    )


def territories_page(request: HttpRequest) -> HttpResponse:
    """The directory of known territories; members may look one up by its address."""
    address = request.GET.get("address", "")[:300].strip()
    refusal = ""
    if address and viewer_profile(request.user) is not None:
        try:
            found = resolve_remote(node_handle(address))
        except LookupRefused as refused:
            found = None
            refusal = _("This node does not federate with %(node)s.") % {"node": refused.node}
        if found is not None and found.kind == ProfileKind.NODE:
            return redirect(found.get_absolute_url())
        if not refusal:
            refusal = _("No territory answers at %(address)s.") % {"address": address}
    nodes = (
        Profile.objects.visible_to(request.user)
        .filter(kind=ProfileKind.NODE)
        .exclude(domain="")
        .select_related("published")
        .order_by("published__display_name", "domain")
    )
    page = page_of(nodes, page_number(request.GET.get("page")))
    rows = [(node, follow_states(request.user, node)) for node in page.items]
    return render(
        request,
        "profiles/territories.html",
        {"page": page, "rows": rows, "address": address, "refusal": refusal, "query": ""},
    )
