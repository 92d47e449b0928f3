"""Which nodes this node federates with: the one gate every exchange with another node passes.

`TREMPLIN_FEDERATION_MODE` is `open` or `blocklist` (the same thing: every node but the
blocked ones; a moderator's block holds in either) or `allowlist` (only the nodes with an
"allow" rule, and never a blocked one). Any other value is refused when the settings
load; should one reach us anyway, nothing is allowed (fail closed).

A "block" rule on `example.com` also blocks every port of it and every domain under it
(`a.b.example.com`), as Mastodon does: whoever holds a domain holds its subdomains. An
"allow" rule is for that exact host (and port) only, as in Mastodon's limited federation
mode: trusting `example.com` says nothing of what its subdomains serve.

Where the gate stands (nothing reaches or leaves a refused node another way):
- every outgoing request: `federation.peers.fetch` checks each URL it is asked to fetch or
  deliver to, redirect hops included (actors, keys, objects, collections, WebFinger);
- the inbox and signed GETs (authorized fetch), on the signer's keyId, before any key fetch;
- every import: `actors.store_actor` (a remote actor or profile), the processing of a
  received activity (its actor) and of an Announce (the announced object's host).
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q

from federation.models import DomainRule
from federation.protocol.hosts import BadHost, host_of_url, normalise_host, parent_domains

MODES = ("open", "blocklist", "allowlist")


def is_allowed(domain: str) -> bool:
    """False for a blocked host (or one under a blocked domain), an unlisted one in
    allowlist mode, or text that is no host at all. `domain` is a host with an optional
    port (a URL's netloc, a profile's domain), in any spelling."""
    try:
        host = normalise_host(domain)
    except BadHost:
        return False
    return _host_allowed(host)


def allows_url(url: str) -> bool:
    """`is_allowed` for the host of a URL (its scheme says which port is the default)."""
    try:
        host = host_of_url(url)
    except BadHost:
        return False
    return _host_allowed(host)


def _host_allowed(host: str) -> bool:
    mode = settings.TREMPLIN_FEDERATION_MODE
    if mode not in MODES:
        return False
    rules = set(
        DomainRule.objects.filter(
            Q(rule=DomainRule.BLOCK, domain__in=parent_domains(host))
            | Q(rule=DomainRule.ALLOW, domain=host)
        ).values_list("rule", flat=True)
    )
    if DomainRule.BLOCK in rules:
        return False
    return mode != "allowlist" or DomainRule.ALLOW in rules
