"""ActivityPub GETs: actors, experiences, collections, our context.

They show what `visible_to(AnonymousUser)` shows (public items), like the pages:
followers-only items reach followers by delivery, never by a GET. Every read of a
person's things goes through `signed_if_required` (authorized-fetch mode); the
instance actor and the context stay unsigned-readable (federation/peers/authorized_fetch.py).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

from federation.incoming import reactions
from federation.mapping import serializers
from federation.mapping.offer_documents import offer_uri, offer_uri_for
from federation.models import InstanceFollower, NodeFollow, NodeFollowState, OutboxActivity
from federation.outgoing import activities
from federation.outgoing.gone import activitypub_view, gone_response, not_found_response
from federation.peers.authorized_fetch import signed_if_required
from federation.protocol import ids
from federation.protocol.context import context_document
from federation.protocol.negotiation import activity_response
from federation.protocol.paging import collection_response, count_only
from jobs.models import Offer
from node.accounts.models import NodeSettings
from profiles.models import Experience, FollowState, Profile, ProfileKind


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


def _create_item(experience: Experience) -> dict:
    """An outbox item: the Create we sent, as served at its id (outgoing/activities.py)."""
    uri = ids.experience_uri(experience)
    sent = activities.last_create(uri)
    if sent is not None:
        try:
            return activities.activity_document(sent)
        except (activities.Gone, LookupError):
            pass
    document = serializers.experience_object(experience)  # published before ids were kept
    document.pop("@context", None)
    return {
        "id": uri + "#create",
        "type": "Create",
        "actor": document["attributedTo"],
        "published": document["published"],
        "to": document.get("to", []),
        "cc": document.get("cc", []),
        "object": document,
    }


def _offer_item(offer: Offer) -> dict | str:
    sent = activities.last_create(offer_uri(offer))
    if sent is not None:
        try:
            return activities.activity_document(sent)
        except (activities.Gone, LookupError):
            pass
    return offer_uri(offer)


@activitypub_view
@signed_if_required
def outbox(request: HttpRequest, handle: str) -> JsonResponse:
    """A person's public experiences (an organisation's offers), newest first, each as
    the Create we sent; paged (federation/protocol/paging.py)."""
    profile = local_profile(handle)
    collection_id = ids.collection_uri(profile, "outbox")
    if profile.kind == ProfileKind.ORGANISATION:
        offers = Offer.objects.filter(
            organisation__profile=profile,
            published_at__isnull=False,
            organisation__profile__suspended_at__isnull=True,
        ).order_by("-published_at", "-pk")
        return collection_response(
            request, collection_id=collection_id, items=offers, to_item=_offer_item
        )
    public = (
        Experience.objects.visible_to(AnonymousUser())
        .filter(owner=profile)
        .with_content()
        .order_by("-published_at", "-pk")
    )
    return collection_response(
        request, collection_id=collection_id, items=public, to_item=_create_item
    )


@activitypub_view
@signed_if_required
def followers(request: HttpRequest, handle: str) -> JsonResponse:
    """Only the count: who follows whom is the person's business."""
    profile = local_profile(handle)
    total = profile.followers.filter(state=FollowState.ACCEPTED).count()
    return activity_response(count_only(ids.collection_uri(profile, "followers"), total))


@activitypub_view
@signed_if_required
def following(request: HttpRequest, handle: str) -> JsonResponse:
    profile = local_profile(handle)
    total = profile.following.filter(state=FollowState.ACCEPTED).count()
    return activity_response(count_only(ids.collection_uri(profile, "following"), total))


@activitypub_view
@signed_if_required
def featured(request: HttpRequest, handle: str) -> JsonResponse:
    profile = local_profile(handle)
    return collection_response(
        request, collection_id=ids.collection_uri(profile, "featured"), items=[], to_item=str
    )


@activitypub_view
@signed_if_required
def instance_collection(request: HttpRequest, name: str) -> JsonResponse:
    """The node's boosts (its outbox), the actors following it, the nodes it follows."""
    collection_id = ids.collection_uri(None, name)
    if name == "outbox":
        return collection_response(
            request,
            collection_id=collection_id,
            items=activities.node_announces(),
            to_item=_announce_item,
        )
    if name == "followers":
        actors = InstanceFollower.objects.select_related("actor").order_by("-created_at", "-pk")
        return collection_response(
            request, collection_id=collection_id, items=actors, to_item=lambda f: f.actor.uri
        )
    follows = (
        NodeFollow.objects.filter(state=NodeFollowState.ACCEPTED)
        .select_related("actor")
        .order_by("-created_at", "-pk")
    )
    return collection_response(
        request, collection_id=collection_id, items=follows, to_item=lambda f: f.actor.uri
    )


def _announce_item(activity: OutboxActivity) -> dict:
    try:
        return activities.activity_document(activity)
    except (activities.Gone, LookupError):
        return activity.body


def context(request: HttpRequest) -> JsonResponse:
    return JsonResponse(context_document(), content_type="application/ld+json")


@activitypub_view
@signed_if_required
def reactions_collection(
    request: HttpRequest, collection: str, handle: str = "", pk: int = 0, offer_pk: int = 0
) -> HttpResponse:
    """An item's `likes` or `shares`: the Likes and boosts received, paged; served
    while the item itself is served to everyone."""
    uri = (
        offer_uri_for(int(offer_pk))
        if offer_pk
        else ids.experience_uri_for(handle.lower(), int(pk))
    )
    if activities.current_object(uri) is None:
        if not activities.exists(uri):
            return not_found_response(request)
        return (
            gone_response(request, object_id=uri + f"{collection}/", former_type="Collection")
            if activities.withdrawn(uri)
            else not_found_response(request)
        )
    return collection_response(
        request,
        collection_id=uri + f"{collection}/",
        items=reactions.collection_items(uri, collection),
        to_item=reactions.as_item,
    )
