"""Finding a person of another node from their handle (@name@node), via WebFinger."""

from __future__ import annotations

import logging
from urllib.parse import quote

from django.conf import settings

from federation import backfill, policy
from federation.actors import ActorError, fetch_actor
from federation.fetch import FetchError, fetch_jrd
from federation.hosts import BadHost, normalise_host
from federation.solicited import asked_here
from profiles.lookup import LookupRefused, split_handle
from profiles.models import Profile

logger = logging.getLogger(__name__)


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
        backfill.request_for_profile(known)  # a look-up: their earlier items (once a day)
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
        backfill.request_backfill(actor)  # a look-up brings their earlier public items
        return actor.profile
    except (FetchError, ActorError, StopIteration) as error:
        logger.info("cannot resolve %s: %s", handle, error)
        return None
