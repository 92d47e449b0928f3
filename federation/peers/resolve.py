"""Finding a person of another node from their handle (@name@node), via WebFinger."""

from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import quote

from django.conf import settings

from federation import policy
from federation.peers.actors import ActorError, fetch_actor
from federation.peers.fetch import FetchError, fetch_jrd
from federation.peers.solicited import asked_here
from federation.protocol.hosts import BadHost, normalise_host
from profiles.lookup import LookupRefused, split_handle
from profiles.models import Profile

logger = logging.getLogger(__name__)


# What a look-up sets off (federation/apps.py hands over the backfill request: a look-up
# brings the account's earlier public items, once a day), kept out of this lower module.
LOOKED_UP: list[Callable[[Profile], object]] = []


def _looked_up(profile: Profile) -> None:
    for hook in LOOKED_UP:
        hook(profile)


def resolve_handle(handle: str) -> Profile | None:
    """The profile for "@name@node" (fetched and stored on first sight), or None.

    Raises LookupRefused, asking nothing of anyone, for a node the policy shuts out."""
    name, domain = split_handle(handle)
    if not domain or not name:
        return None
    scheme = "http" if settings.TREMPLIN_ALLOW_PRIVATE_FETCH else "https"
    try:
        domain = normalise_host(domain, scheme)
    except BadHost:
        return None  # no node could answer for it: nothing to look up
    if not policy.allows_url(f"{scheme}://{domain}/"):
        raise LookupRefused(domain)
    known = Profile.objects.filter(handle=name, domain=domain).first()
    if known is not None:
        _looked_up(known)
        return known
    url = f"{scheme}://{domain}/.well-known/webfinger?resource={quote(f'acct:{name}@{domain}')}"
    try:
        document = fetch_jrd(url)
        links = document.get("links") if isinstance(document.get("links"), list) else []
        actor_uri = next(
            link["href"]
            for link in links
            if isinstance(link, dict)
            and link.get("rel") == "self"
            and "json" in str(link.get("type", ""))
            and isinstance(link.get("href"), str)
        )
        with asked_here():  # looked up by someone here: what comes with it was asked for
            actor = fetch_actor(actor_uri)
        _looked_up(actor.profile)
        return actor.profile
    except (FetchError, ActorError, StopIteration) as error:
        logger.info("cannot resolve %s: %s", handle, error)
        return None
