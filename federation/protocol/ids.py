"""The URLs that name this node's actors, objects and activities.

An actor's id is its profile page (content negotiation gives JSON to peers), so a
person has one address for people and for servers, as Mastodon users expect.
"""

from __future__ import annotations

import uuid

from django.conf import settings

from profiles.models import Experience, Profile

PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


def base_url() -> str:
    return f"{settings.TREMPLIN_SCHEME}://{settings.TREMPLIN_DOMAIN}"


def actor_uri(profile: Profile | None) -> str:
    """A local person's actor id; None means the node's own (instance) actor."""
    if profile is None:
        return f"{base_url()}/actor/"
    return f"{base_url()}/@{profile.handle}/"


def key_id(profile: Profile | None) -> str:
    return f"{actor_uri(profile)}#main-key"


def inbox_uri(profile: Profile | None) -> str:
    return f"{actor_uri(profile)}inbox/"


def shared_inbox_uri() -> str:
    return f"{base_url()}/inbox/"


def collection_uri(profile: Profile | None, name: str) -> str:
    """outbox, followers, following or featured."""
    return f"{actor_uri(profile)}{name}/"


def experience_uri(experience: Experience) -> str:
    return f"{base_url()}/@{experience.owner.handle}/experiences/{experience.pk}/"


def experience_uri_for(handle: str, pk: int) -> str:
    return f"{base_url()}/@{handle}/experiences/{pk}/"


def new_activity_uri() -> str:
    return f"{base_url()}/activities/{uuid.uuid4()}/"


def context_uri() -> str:
    return f"{base_url()}/ns/tremplin/"


def is_local(uri: str) -> bool:
    return uri.startswith(base_url() + "/")


def local_pk(uri: str, collection: str) -> int | None:
    """The pk in one of our `/<collection>/<pk>/` ids, or None."""
    prefix = f"{base_url()}/{collection}/"
    if not uri.startswith(prefix):
        return None
    rest = uri[len(prefix) :].rstrip("/")
    return int(rest) if rest.isdigit() else None
