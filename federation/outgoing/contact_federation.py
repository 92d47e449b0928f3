"""Contact and applications across nodes: directly addressed Notes, never public.

A message is a Create of a Note addressed to the people who read it on the other
side (the person, or the organisation's actor) and cc the counsellors copied; it
never names the public collection nor followers, so Mastodon users receive it as a
direct message. Our terms (context.py) let a Tremplin node rebuild the conversation:
`context` (the conversation), `inReplyTo` (the previous message), `subject`,
`aboutOffer`, `copyCounsellors`, `declined`. An application is a Note to the
organisation's actor, `inReplyTo` the offer, with `application: true` and the
chosen experiences as links (`chosenExperiences`). Messages written by a member of
an organisation travel as the organisation's actor: the other node knows the
organisation, not its staff. An application's new status travels between its two
parties only: from the organisation to the applicant (seen, shortlisted,
not_retained) and from the applicant to the organisation (withdrawn), as a Note
`inReplyTo` the application with a sentence a Mastodon user reads and
`applicationStatus` for Tremplin nodes. Incoming Notes are handled in contact_inbox.py.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.html import escape, format_html, linebreaks

from contact import events
from contact.access import ORGANISATION_SIDE, side_of
from contact.models import Application, ApplicationStatus, Conversation, Message
from federation.models import RemoteActor
from federation.outgoing.outbox import send
from federation.peers.actors import actor_uri_of
from federation.protocol import ids
from jobs.models import Offer
from profiles.models import Profile

logger = logging.getLogger(__name__)


def listen() -> None:
    events.message_sent.connect(on_message_sent, dispatch_uid="fed-contact-message")
    events.conversation_declined.connect(on_declined, dispatch_uid="fed-contact-declined")
    events.application_sent.connect(on_application_sent, dispatch_uid="fed-contact-application")
    events.application_status_changed.connect(
        on_application_status_changed, dispatch_uid="fed-contact-application-status"
    )


# --- identifiers ------------------------------------------------------------


def conversation_uri(conversation: Conversation) -> str:
    """Ours for conversations started here; the other node's for those started there."""
    return conversation.remote_id or f"{ids.base_url()}/conversations/{conversation.pk}/"


def message_uri(message: Message) -> str:
    return message.remote_id or f"{ids.base_url()}/messages/{message.pk}/"


def application_uri(application: Application) -> str:
    return application.remote_id or f"{ids.base_url()}/applications/{application.pk}/"


def offer_uri(offer: Offer) -> str:
    """An offer's id: its page here (/offers/<pk>/), or its address on its home node."""
    if offer.is_local:
        return f"{ids.base_url()}/offers/{offer.pk}/"
    return offer.url


def remote_actor(profile: Profile) -> RemoteActor | None:
    return None if profile.is_local else RemoteActor.objects.filter(profile=profile).first()


def mention(profile: Profile, uri: str) -> dict[str, str]:
    return {"type": "Mention", "href": uri, "name": profile.fediverse_handle}


# --- outgoing ---------------------------------------------------------------


def _audience(
    recipients: list[Profile], copied: list[Profile]
) -> tuple[list[str], list[str], list[str], list[dict[str, str]]]:
    """to, cc, the inboxes of those on other nodes, and the Mention tags."""
    to, cc, inboxes, tags = [], [], set(), []
    for group, target in ((recipients, to), (copied, cc)):
        for profile in group:
            uri = actor_uri_of(profile)
            if uri is None or uri in to or uri in cc:
                continue
            target.append(uri)
            tags.append(mention(profile, uri))
            remote = remote_actor(profile)
            if remote is not None:
                inboxes.add(remote.inbox)
    return to, cc, sorted(inboxes), tags


def _previous(message: Message) -> Message | None:
    return (
        message.conversation.messages.filter(created_at__lte=message.created_at)
        .exclude(pk=message.pk)
        .order_by("-created_at", "-pk")
        .first()
    )


def on_message_sent(message: Message, **kwargs: Any) -> None:
    """A message written here goes to the other side when it lives on another node."""
    if message.remote_id:
        return  # it came from another node
    message = Message.objects.select_related(
        "conversation__organisation", "conversation__person", "conversation__offer", "author"
    ).get(pk=message.pk)
    conversation = message.conversation
    organisation_side = side_of(conversation, message.author) == ORGANISATION_SIDE
    if organisation_side:
        actor, recipients = conversation.organisation, [conversation.person]
    else:
        actor, recipients = message.author, [conversation.organisation]
    if not actor.is_local:
        return
    copied = list(message.copied_counsellors.all())
    to, cc, inboxes, tags = _audience(recipients, copied)
    if not inboxes:
        return  # everyone who reads it is here
    content = linebreaks(escape(message.body))
    note: dict[str, Any] = {
        "id": message_uri(message),
        "type": "Note",
        "attributedTo": ids.actor_uri(actor),
        "to": to,
        "cc": cc,
        "content": content,
        "contentMap": {message.language: content},
        "published": message.created_at.isoformat().replace("+00:00", "Z"),
        "context": conversation_uri(conversation),
        "subject": conversation.subject,
        "tag": tags,
    }
    previous = _previous(message)
    if previous is not None:
        note["inReplyTo"] = message_uri(previous)
    else:
        note["copyCounsellors"] = conversation.copy_counsellors
    if conversation.offer is not None and offer_uri(conversation.offer):
        note["aboutOffer"] = offer_uri(conversation.offer)
    send(actor, "Create", note, inboxes, audience={"to": to, "cc": cc})


def on_declined(conversation: Conversation, by: Profile, **kwargs: Any) -> None:
    """The person here said no to an organisation of another node: tell it."""
    conversation = Conversation.objects.select_related("organisation", "person").get(
        pk=conversation.pk
    )
    organisation = remote_actor(conversation.organisation)
    if not by.is_local or organisation is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        text = translation.gettext("%(name)s declined this conversation.") % {
            "name": conversation.person.display_name
        }
    content = format_html("<p>{}</p>", text)
    last = conversation.messages.order_by("-created_at", "-pk").first()
    note: dict[str, Any] = {
        "id": f"{ids.base_url()}/conversations/{conversation.pk}/declined/",
        "type": "Note",
        "attributedTo": ids.actor_uri(by),
        "to": [organisation.uri],
        "cc": [],
        "content": content,
        "contentMap": {settings.LANGUAGE_CODE[:2]: content},
        "context": conversation_uri(conversation),
        "declined": True,
        "tag": [mention(conversation.organisation, organisation.uri)],
    }
    if last is not None:
        note["inReplyTo"] = message_uri(last)
    send(by, "Create", note, [organisation.inbox], audience={"to": [organisation.uri], "cc": []})


def on_application_sent(application: Application, **kwargs: Any) -> None:
    """An application written here to an offer of another node goes to its organisation."""
    if application.remote_id:
        return
    application = Application.objects.select_related("offer__organisation__profile", "person").get(
        pk=application.pk
    )
    organisation = remote_actor(application.offer.organisation.profile)
    if organisation is None or not application.person.is_local:
        return
    links = application.experience_links
    content = linebreaks(escape(application.message)) if application.message else ""
    if links:
        content += (
            "<ul>"
            + "".join(
                format_html('<li><a href="{}">{}</a></li>', link["url"], link["title"])
                for link in links
            )
            + "</ul>"
        )
    offer = offer_uri(application.offer)
    note = {
        "id": application_uri(application),
        "type": "Note",
        "attributedTo": ids.actor_uri(application.person),
        "to": [organisation.uri],
        "cc": [],
        "content": content,
        "contentMap": {application.language: content},
        "source": {"content": application.message, "mediaType": "text/plain"},
        "inReplyTo": offer,
        "aboutOffer": offer,
        "application": True,
        "chosenExperiences": [
            {"type": "Link", "name": link["title"], "href": link["url"]} for link in links
        ],
        "published": application.created_at.isoformat().replace("+00:00", "Z"),
        "tag": [mention(application.offer.organisation.profile, organisation.uri)],
    }
    send(
        application.person,
        "Create",
        note,
        [organisation.inbox],
        audience={"to": [organisation.uri], "cc": []},
    )


def _status_text(application: Application, status: str) -> str:
    """The sentence a person reads (in this node's language): who changed what."""
    values = {
        "title": application.offer.title,
        "organisation": application.offer.organisation.profile.display_name,
        "name": application.person.display_name,
    }
    with translation.override(settings.LANGUAGE_CODE):
        if status == ApplicationStatus.WITHDRAWN:
            return (
                translation.gettext('%(name)s withdrew their application to "%(title)s".') % values
            )
        values["status"] = ApplicationStatus(status).label
        return (
            translation.gettext('Your application to "%(title)s" (%(organisation)s): %(status)s.')
            % values
        )


def on_application_status_changed(
    application: Application, status: str, by: Profile, remote: bool = False, **kwargs: Any
) -> None:
    """A status set here reaches the other party's node: the organisation's decision
    goes to a remote applicant, a withdrawal to a remote organisation. Changes that came
    from another node are not sent on."""
    if remote or not by.is_local:
        return
    application = Application.objects.select_related("offer__organisation__profile", "person").get(
        pk=application.pk
    )
    organisation = application.offer.organisation.profile
    if status == ApplicationStatus.WITHDRAWN:
        if by.pk != application.person_id:
            return
        author, recipient = application.person, organisation
    else:
        if by.pk != organisation.pk:
            return
        author, recipient = organisation, application.person
    target = remote_actor(recipient)
    if target is None:
        return  # both parties are here
    changed = application.status_changed_at
    content = format_html("<p>{}</p>", _status_text(application, status))
    stamp = int(changed.timestamp() * 1000)
    note: dict[str, Any] = {
        "id": f"{ids.base_url()}/applications/{application.pk}/status/{stamp}/",
        "type": "Note",
        "attributedTo": ids.actor_uri(author),
        "to": [target.uri],
        "cc": [],
        "content": content,
        "contentMap": {settings.LANGUAGE_CODE[:2]: content},
        "inReplyTo": application_uri(application),
        "aboutOffer": offer_uri(application.offer),
        "applicationStatus": str(status),
        "published": changed.isoformat().replace("+00:00", "Z"),
        "tag": [mention(recipient, target.uri)],
    }
    send(author, "Create", note, [target.inbox], audience={"to": [target.uri], "cc": []})
