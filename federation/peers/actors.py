"""Remote actors: fetched (signed by the node), checked, stored, mapped to profiles."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone

from federation import policy
from federation.models import RemoteActor
from federation.peers.fetch import FetchError, fetch_json
from federation.peers.keys import private_key_for
from federation.protocol import ids
from federation.protocol.hosts import host_of_url
from federation.protocol.remote_html import plain_text
from federation.protocol.signatures import sign_request
from profiles import publishing
from profiles.models import Profile, ProfileKind
from profiles.visibility import Visibility

logger = logging.getLogger(__name__)
PERSON_TYPES = {"Person", "Organization", "Service", "Application", "Group"}
MAX_TEXT = 2000
ACTOR_KINDS = {
    "Organization": ProfileKind.ORGANISATION,
    # An instance actor (Mastodon's, or a Tremplin node's before isTerritory): a node.
    "Application": ProfileKind.NODE,
}


# What each kind of profile keeps beyond the person's words (an organisation's facts):
# filled at AppConfig.ready() by the mappings above this module (organisation_actor),
# which import this one, never the other way round.
KIND_SYNCS: dict[str, Callable[[Profile, dict[str, Any]], object]] = {}


def register_kind_sync(kind: str, sync: Callable[[Profile, dict[str, Any]], object]) -> None:
    """Called from AppConfig.ready(): `sync(profile, document)` runs for that kind."""
    KIND_SYNCS[kind] = sync


class ActorError(Exception):
    """The actor could not be fetched or is not acceptable."""


def signed_fetch_headers(method: str, url: str, headers: dict[str, str]) -> dict[str, str]:
    """Fetches are signed by the instance actor (peers in authorized-fetch mode need it)."""
    return sign_request(
        method, url, headers, None, key_id=ids.key_id(None), private_key=private_key_for(None)
    )


def _str(document: dict[str, Any], key: str, limit: int = 500) -> str:
    value = document.get(key)
    return value[:limit] if isinstance(value, str) else ""


def same_host(a: str, b: str) -> bool:
    return urlsplit(a).netloc.lower() == urlsplit(b).netloc.lower()


def actor_for_key(key_id: str, *, refresh: bool = False) -> RemoteActor:
    """The actor owning a key id, from the cache, else fetched (refresh: fetched anyway)."""
    if not refresh:
        cached = RemoteActor.objects.filter(key_id=key_id).first()
        if cached is not None:
            return cached
    return fetch_actor(key_id.split("#", 1)[0])


def fetch_actor(uri: str) -> RemoteActor:
    try:
        document = fetch_json(uri, signer=signed_fetch_headers)
    except FetchError as error:
        raise ActorError(f"cannot fetch {uri}: {error.reason}") from error
    return store_actor(document)


@transaction.atomic
def store_actor(document: dict[str, Any]) -> RemoteActor:
    """Check an actor document and keep it (and its profile, for people)."""
    uri = _str(document, "id")
    actor_type = _str(document, "type", 40)
    key = document.get("publicKey")
    if isinstance(key, list):
        key = key[0] if key else None
    if not uri or actor_type not in PERSON_TYPES or not isinstance(key, dict):
        raise ActorError("not an actor with a public key")
    if ids.is_local(uri):
        raise ActorError("a local actor cannot be stored as remote")
    if not policy.allows_url(uri):
        raise ActorError(f"{uri} is on a node this node does not federate with")
    inbox = _str(document, "inbox")
    key_id, owner, pem = _str(key, "id"), _str(key, "owner"), key.get("publicKeyPem")
    endpoints = document.get("endpoints") if isinstance(document.get("endpoints"), dict) else {}
    shared = _str(endpoints, "sharedInbox")
    for url in (inbox, key_id, shared, _str(document, "followers")):
        if url and not same_host(url, uri):
            raise ActorError(f"{url} is not on the actor's host")
    if not inbox or not key_id or owner != uri or not isinstance(pem, str) or len(pem) > 5000:
        raise ActorError("incomplete actor document")
    domain = host_of_url(uri)  # a host (the policy allowed it): the spelling rules match
    username = _str(document, "preferredUsername", 64) or uri.rstrip("/").rsplit("/", 1)[-1][:64]
    values = {
        "actor_type": actor_type,
        "username": username,
        "domain": domain,
        "inbox": inbox,
        "shared_inbox": shared,
        "followers": _str(document, "followers"),
        "key_id": key_id,
        "public_key_pem": pem,
    }
    actor = RemoteActor.objects.filter(uri=uri).first()
    if actor is None:
        actor = RemoteActor.objects.create(uri=uri, fetched_at=timezone.now(), **values)
    else:
        changed = changed_fields(actor, values, apply=True)
        if changed:
            actor.fetched_at = timezone.now()
            actor.save(update_fields=[*changed, "fetched_at"])
    sync_profile(actor, document)
    return actor


def changed_fields(instance: Any, values: dict[str, Any], *, apply: bool = False) -> list[str]:
    """The names of `values` that differ from the row's (set on it when `apply`).

    Why: refetching an actor that did not change must write nothing; a peer (or a forger
    naming it) should not be able to make this node write at will."""
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if apply:
        for name in changed:
            setattr(instance, name, values[name])
    return changed


def save_changed(instance: Any, values: dict[str, Any]) -> None:
    """Save only what differs; nothing at all when nothing does."""
    changed = changed_fields(instance, values, apply=True)
    if changed:
        instance.save(update_fields=changed)


def profile_kind(actor_type: str, document: dict[str, Any]) -> str:
    """What a remote actor stands for here. A Tremplin node's actor says it is a territory
    (`isTerritory`); a `Service` without it is a bot account, shown as an account."""
    if document.get("isTerritory") is True and actor_type in ("Service", "Application", "Group"):
        return ProfileKind.NODE
    return ACTOR_KINDS.get(actor_type, ProfileKind.PERSON)


def sync_profile(actor: RemoteActor, document: dict[str, Any]) -> Profile:
    """The domain's view of a remote person: a profile whose home node is elsewhere."""
    profile = actor.profile
    if profile is None:
        profile, _created = Profile.objects.get_or_create(
            handle=actor.username, domain=actor.domain, defaults={"url": actor.uri}
        )
        actor.profile = profile
        actor.save(update_fields=["profile"])
    url = _str(document, "url")
    save_changed(
        profile,
        {
            "url": url if url.startswith("http") else actor.uri,
            "approves_followers": document.get("manuallyApprovesFollowers") is True,
            "kind": profile_kind(actor.actor_type, document),
            # Only an explicit "no" turns contact off (Mastodon says nothing: people may be
            # written to).
            "accepts_contact": document.get("acceptsContact") is not False,
        },
    )
    language = "en"
    summary_map = document.get("summaryMap")
    if isinstance(summary_map, dict) and summary_map:
        language = str(next(iter(summary_map)))[:8]
    words = {
        "display_name": plain_text(document.get("name"), 80) or actor.username,
        "headline": "",
        "about": plain_text(document.get("summary"), 3000),
        "territory": "",
        "languages_spoken": [],
        "language": language,
    }
    # People who let themselves be discovered are shown as public; others to no one here.
    visibility = Visibility.PUBLIC if document.get("discoverable", True) else Visibility.PRIVATE
    if not publishing.is_published(profile, words, visibility):  # a revision only for a change
        publishing.save_profile_draft(profile, words)
        publishing.publish_profile(profile, visibility)
    sync = KIND_SYNCS.get(profile.kind)
    if sync is not None:
        sync(profile, document)
    return profile


def actor_uri_of(profile: Profile) -> str | None:
    """The ActivityPub id of a person here or elsewhere (None for an unknown remote one)."""
    if profile.is_local:
        return ids.actor_uri(profile)
    remote = RemoteActor.objects.filter(profile=profile).first()
    return remote.uri if remote else None
