"""Finding a person by handle: "name" here, "name@node" elsewhere."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q


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
