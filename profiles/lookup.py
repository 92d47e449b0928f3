"""Finding a person by handle: "name" here, "name@node" elsewhere."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Q

if TYPE_CHECKING:
    from profiles.models import Profile

# Ways to find a person of another node by handle; the federation app adds WebFinger.
# A resolver returns None when it finds no one, and raises LookupRefused when this node
# will not look there at all (a node it does not federate with).
remote_resolvers: list[Callable[[str], Profile | None]] = []


class LookupRefused(Exception):
    """This node does not look up people of that node; `node` is the node named."""

    def __init__(self, node: str) -> None:
        super().__init__(node)
        self.node = node


def split_handle(handle: str) -> tuple[str, str]:
    """("name", "") for this node, ("name", "node") for another; "@" prefixes ignored."""
    name, _sep, domain = handle.strip().lstrip("@").partition("@")
    domain = domain.lower()
    if domain == settings.TREMPLIN_DOMAIN.lower():
        domain = ""
    return (name.lower() if not domain else name), domain


def handle_q(handle: str, prefix: str = "") -> Q:
    """The condition matching a profile (or, with prefix "owner__", its items) by handle."""
    name, domain = split_handle(handle)
    return Q(**{f"{prefix}handle": name, f"{prefix}domain": domain})


def resolve_remote(handle: str) -> Profile | None:
    """Ask the registered resolvers for a person of another node ("@name@node").

    Raises LookupRefused (from a resolver) when that node is one this node shuts out."""
    if not split_handle(handle)[1]:
        return None
    for resolver in remote_resolvers:
        profile = resolver(handle)
        if profile is not None:
            return profile
    return None
