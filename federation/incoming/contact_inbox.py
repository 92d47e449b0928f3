"""Directly addressed Notes from other nodes: messages, declines and applications.

The handler takes Notes addressed to at least one actor of this node and to no
public or followers collection (anything else is an experience or ignored). Each
becomes a Message, a decline, an Application or an application's new status
(`applicationStatus`, through contact.application_status) under the domain's rules, so this
node's rules apply to everyone writing to its people: contact turned off, minors
reached only through their counsellors, the daily limit per (remote) organisation.
The author is always the actor who signed (the inbox checked it); `attributedTo`
naming anyone else was refused before we get here.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from contact import application_status, messaging
from contact.access import PERSON_SIDE, side_of
from contact.models import Application, ApplicationStatus, Conversation, Message
from federation.incoming.inbox_processing import (
    ObjectHandler,
    Refused,
    _id,
    local_profile_for,
    remote_profile,
)
from federation.mapping.parsing import published_at
from federation.models import RemoteActor
from federation.peers.actors import same_host
from federation.protocol import ids
from federation.protocol.remote_html import plain_text
from jobs.models import Offer
from jobs.offers import open_offers
from profiles.languages import TEXT_LANGUAGE_CODES
from profiles.models import ProfileKind

PUBLIC_NAMES = {ids.PUBLIC, "as:Public", "Public"}


def _addresses(obj: dict[str, Any]) -> tuple[list[str], list[str]]:
    def listed(value: Any) -> list[str]:
        values = value if isinstance(value, list) else [value]
        return [uri for uri in (_id(v) for v in values) if uri]

    return listed(obj.get("to")), listed(obj.get("cc")) + listed(obj.get("bcc"))


def _collection_like(uri: str) -> bool:
    return uri in PUBLIC_NAMES or uri.rstrip("/").endswith("/followers")


def accepts(obj: dict[str, Any]) -> bool:
    """A Note for people of this node only: no public, no followers collection."""
    if obj.get("type") != "Note":
        return False
    to, cc = _addresses(obj)
    if any(_collection_like(uri) for uri in to + cc):
        return False
    return any(local_profile_for(uri) is not None for uri in to + cc)


def _language(obj: dict[str, Any]) -> str:
    content_map = obj.get("contentMap")
    if isinstance(content_map, dict):
        for key in content_map:
            code = str(key)[:2].lower()
            if code in TEXT_LANGUAGE_CODES:
                return code
    return "en"


def _text(obj: dict[str, Any], limit: int = messaging.MAX_BODY) -> str:
    source = obj.get("source")
    if isinstance(source, dict) and source.get("mediaType") == "text/plain":
        return plain_text(source.get("content"), limit)
    return plain_text(obj.get("content"), limit)


def _offer(uri: str) -> Offer | None:
    """An offer we know by its id: one of ours, or a copy of another node's."""
    if not uri:
        return None
    pk = ids.local_pk(uri, "offers")
    if pk is not None:
        return Offer.objects.filter(pk=pk).first()
    return Offer.objects.filter(url=uri).first() if not ids.is_local(uri) else None


def _conversation(obj: dict[str, Any]) -> Conversation | None:
    context = _id(obj.get("context")) or _id(obj.get("conversation"))
    if context:
        pk = ids.local_pk(context, "conversations")
        found = (
            Conversation.objects.filter(pk=pk).first()
            if pk is not None
            else Conversation.objects.filter(remote_id=context).first()
        )
        if found is not None:
            return found
    previous = _id(obj.get("inReplyTo"))
    if previous:
        pk = ids.local_pk(previous, "messages")
        message = (
            Message.objects.filter(pk=pk).first()
            if pk is not None
            else Message.objects.filter(remote_id=previous).first()
        )
        if message is not None:
            return message.conversation
    return None


def create(activity: dict[str, Any], obj: dict[str, Any], actor: RemoteActor) -> None:
    to, cc = _addresses(obj)
    if actor.followers and actor.followers in to + cc:
        raise Refused("a direct message is not addressed to followers")
    try:
        if "applicationStatus" in obj:
            _application_status(obj, actor, to + cc)
        elif obj.get("application") is True:
            _application(obj, actor, to + cc)
        else:
            _message(obj, actor, to)
    except ValidationError as error:
        raise Refused(" ".join(error.messages)) from error


def _message(obj: dict[str, Any], actor: RemoteActor, to: list[str]) -> None:
    author = remote_profile(actor)
    conversation = _conversation(obj)
    if conversation is not None:
        if not (conversation.organisation.is_local or conversation.person.is_local):
            raise Refused("a conversation between two other nodes")
        if obj.get("declined") is True:
            if side_of(conversation, author) != PERSON_SIDE:
                raise Refused("only the person contacted declines")
            messaging.decline(conversation, conversation.person)
            return
        messaging.reply(conversation, author, _text(obj), _language(obj), remote_id=obj["id"])
        return
    if _id(obj.get("inReplyTo")) or obj.get("declined") is True:
        raise Refused("a reply to an unknown conversation")
    people = [p for p in (local_profile_for(uri) for uri in to) if p is not None]
    person = next((p for p in people if p.kind == ProfileKind.PERSON), None)
    if person is None:
        raise Refused("a new conversation must be addressed to a person here")
    offer = _offer(_id(obj.get("aboutOffer")))
    if offer is not None and (
        offer.organisation.profile_id != author.pk or not open_offers().filter(pk=offer.pk).exists()
    ):
        offer = None  # not its offer, or closed since: the message stands without it
    context = _id(obj.get("context"))
    messaging.receive_conversation(
        author,
        person,
        offer,
        plain_text(obj.get("subject"), messaging.MAX_SUBJECT),
        _text(obj),
        _language(obj),
        obj.get("copyCounsellors") is True,
        remote_id=context if context and same_host(context, actor.uri) else obj["id"],
        message_remote_id=obj["id"],
    )


def _application(obj: dict[str, Any], actor: RemoteActor, addressed: list[str]) -> None:
    offer_id = _id(obj.get("inReplyTo")) or _id(obj.get("aboutOffer"))
    pk = ids.local_pk(offer_id, "offers")
    offer = Offer.objects.select_related("organisation__profile").filter(pk=pk).first()
    if pk is None or offer is None:
        raise Refused("an application to no offer of ours")
    if ids.actor_uri(offer.organisation.profile) not in addressed:
        raise Refused("an application not addressed to the offer's organisation")
    links = []
    raw = obj.get("chosenExperiences")
    for link in raw if isinstance(raw, list) else []:
        if isinstance(link, dict) and isinstance(link.get("href"), str):
            href = link["href"]
            if same_host(href, actor.uri):  # only the person's own node vouches for them
                links.append({"title": plain_text(link.get("name"), 120), "url": href})
    messaging.apply(
        offer,
        remote_profile(actor),
        _text(obj, 3000),
        _language(obj),
        experience_links=links,
        remote_id=obj["id"],
    )


def _known_application(uri: str) -> Application | None:
    """An application by its id: one written here (/applications/<pk>/), or one that
    arrived from another node (its id there)."""
    if not uri:
        return None
    found = Application.objects.select_related("offer__organisation__profile", "person")
    pk = ids.local_pk(uri, "applications")
    if pk is not None:
        return found.filter(pk=pk).first()
    return None if ids.is_local(uri) else found.filter(remote_id=uri).first()


def _application_status(obj: dict[str, Any], actor: RemoteActor, addressed: list[str]) -> None:
    """A new status for an application between a party here and the signer: only the
    offer's organisation sets it, only the applicant withdraws (application_status.receive
    checks the signer against the application's parties)."""
    status = obj.get("applicationStatus")
    if not isinstance(status, str) or status not in ApplicationStatus.values:
        raise Refused("an unknown application status")
    application = _known_application(_id(obj.get("inReplyTo")))
    if application is None:
        raise Refused("a status for an unknown application")
    organisation = application.offer.organisation.profile
    here = organisation if status == ApplicationStatus.WITHDRAWN else application.person
    if not here.is_local or ids.actor_uri(here) not in addressed:
        raise Refused("a status not addressed to the application's other party")
    at = published_at(obj) or timezone.now()
    if timezone.is_naive(at):
        at = timezone.make_aware(at, datetime.UTC)
    application_status.receive(application, status, remote_profile(actor), at)


def update(activity: dict[str, Any], obj: dict[str, Any], actor: RemoteActor) -> None:
    """Messages are not edited: an Update changes nothing."""


def delete(uri: str, actor: RemoteActor) -> bool:
    """A message withdrawn by its author disappears here too (only by its author: another
    actor of the same node cannot remove it)."""
    messages = Message.objects.filter(remote_id=uri)
    if messages.exclude(author_id=actor.profile_id).exists():
        raise Refused("delete of someone else's message")  # and no tombstone: not theirs
    if actor.profile_id is None:
        return False
    deleted, _rows = messages.delete()
    return deleted > 0


HANDLER = ObjectHandler(
    name="contact", accepts=accepts, create=create, update=update, delete=delete
)
