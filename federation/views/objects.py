"""ActivityPub GETs: actors, experiences, collections, our context.

They show what `visible_to(AnonymousUser)` shows (public items), like the pages:
followers-only items reach followers by delivery, never by a GET. Every read of a
person's things goes through `signed_if_required` (authorized-fetch mode); the
instance actor and the context stay unsigned-readable (federation/authorized_fetch.py).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, JsonResponse

from federation import ids, serializers
from federation.authorized_fetch import signed_if_required
from federation.context import context_document
from federation.negotiation import activity_response, activitypub_view
from node.accounts.models import NodeSettings
from profiles.models import Experience, FollowState, Profile

PAGE_SIZE = 20


def local_profile(handle: str) -> Profile:
    profile = Profile.objects.local_actors().filter(handle=handle.lower()).first()
    if profile is None:
        raise Http404("no such actor")
    return profile


@activitypub_view
@signed_if_required
def person(request: HttpRequest, handle: str) -> JsonResponse:
    return activity_response(serializers.actor_document(local_profile(handle)))


@activitypub_view
def instance_actor(request: HttpRequest) -> JsonResponse:
    node = NodeSettings.current()
    return activity_response(serializers.instance_actor_document(node.name, node.description))


@activitypub_view
@signed_if_required
def experience(request: HttpRequest, handle: str, pk: int) -> JsonResponse:
    item = (
        Experience.objects.visible_to(AnonymousUser())
        .with_content()
        .filter(pk=pk, owner__handle=handle.lower(), owner__domain="")
        .first()
    )
    if item is None:
        raise Http404("no such experience, or not public")
    return activity_response(serializers.experience_object(item))


def _collection(uri: str, total: int, items: list | None = None) -> dict:
    document = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": uri,
        "type": "OrderedCollection",
        "totalItems": total,
    }
    if items is not None:
        document["orderedItems"] = items
    return document


@activitypub_view
@signed_if_required
def outbox(request: HttpRequest, handle: str) -> JsonResponse:
    """The person's public experiences, newest first (first page inline)."""
    profile = local_profile(handle)
    public = Experience.objects.visible_to(AnonymousUser()).filter(owner=profile)
    items = [
        {
            "id": ids.experience_uri(item) + "#create",
            "type": "Create",
            "actor": ids.actor_uri(profile),
            "published": serializers.experience_object(item)["published"],
            "to": [ids.PUBLIC],
            "object": serializers.experience_object(item),
        }
        for item in public.with_content().order_by("-published_at")[:PAGE_SIZE]
    ]
    return activity_response(
        _collection(ids.collection_uri(profile, "outbox"), public.count(), items)
    )


@activitypub_view
@signed_if_required
def followers(request: HttpRequest, handle: str) -> JsonResponse:
    """Only the count: who follows whom is the person's business."""
    profile = local_profile(handle)
    total = profile.followers.filter(state=FollowState.ACCEPTED).count()
    return activity_response(_collection(ids.collection_uri(profile, "followers"), total))


@activitypub_view
@signed_if_required
def following(request: HttpRequest, handle: str) -> JsonResponse:
    profile = local_profile(handle)
    total = profile.following.filter(state=FollowState.ACCEPTED).count()
    return activity_response(_collection(ids.collection_uri(profile, "following"), total))


@activitypub_view
@signed_if_required
def featured(request: HttpRequest, handle: str) -> JsonResponse:
    profile = local_profile(handle)
    return activity_response(_collection(ids.collection_uri(profile, "featured"), 0, []))


@activitypub_view
@signed_if_required
def instance_collection(request: HttpRequest, name: str) -> JsonResponse:
    return activity_response(_collection(ids.collection_uri(None, name), 0, []))


def context(request: HttpRequest) -> JsonResponse:
    return JsonResponse(context_document(), content_type="application/ld+json")
