"""Domain objects as ActivityStreams documents (outgoing); see parsing.py for incoming.

Mastodon shows `name`/`content`; Tremplin peers rebuild the whole experience from
our terms (context.py).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape, format_html, linebreaks

from federation.mapping.organisation_actor import extend_actor
from federation.peers.keys import key_for
from federation.protocol import addressing, ids
from federation.protocol.context import DOCUMENT_CONTEXT
from profiles.models import Experience, ExperienceRevision, Profile, ProfileKind
from profiles.visibility import Visibility


def _iso(value: Any) -> str:
    return value.isoformat().replace("+00:00", "Z")


def _month(year: int | None, month: int | None) -> str | None:
    return f"{year:04d}-{month:02d}" if year and month else None


def actor_document(profile: Profile) -> dict[str, Any]:
    """A person as a `Person` (an organisation as an `Organization`); only what the
    profile shows to everyone, if anything."""
    actor = ids.actor_uri(profile)
    public = Profile.objects.visible_to(AnonymousUser()).filter(pk=profile.pk).exists()
    revision = profile.published if public else None
    document: dict[str, Any] = {
        "@context": DOCUMENT_CONTEXT,
        "id": actor,
        "type": "Organization" if profile.kind == ProfileKind.ORGANISATION else "Person",
        "preferredUsername": profile.handle,
        "name": revision.display_name if revision else profile.handle,
        "url": actor,
        "inbox": ids.inbox_uri(profile),
        "outbox": ids.collection_uri(profile, "outbox"),
        "followers": ids.collection_uri(profile, "followers"),
        "following": ids.collection_uri(profile, "following"),
        "featured": ids.collection_uri(profile, "featured"),
        "endpoints": {"sharedInbox": ids.shared_inbox_uri()},
        "manuallyApprovesFollowers": profile.approves_followers,
        "acceptsContact": profile.accepts_contact,
        "discoverable": public,
        "indexable": public and profile.visibility == Visibility.PUBLIC,
        "publicKey": {
            "id": ids.key_id(profile),
            "owner": actor,
            "publicKeyPem": key_for(profile).public_pem,
        },
    }
    if profile.also_known_as:
        document["alsoKnownAs"] = list(profile.also_known_as)
    if profile.moved_to:
        document["movedTo"] = profile.moved_to
    if revision is not None:
        summary = format_html("<p>{}</p>", revision.headline) if revision.headline else ""
        document["summary"] = summary + (
            linebreaks(escape(revision.about)) if revision.about else ""
        )
        if revision.language:
            document["summaryMap"] = {revision.language: document["summary"]}
        fields = []
        if revision.territory:
            fields.append(("Territory", revision.territory))
        if revision.languages_spoken:
            fields.append(("Languages", ", ".join(revision.languages_spoken_names())))
        document["attachment"] = [
            {"type": "PropertyValue", "name": name, "value": escape(value)}
            for name, value in fields
        ]
        if profile.published_at:
            document["published"] = _iso(profile.published_at)
        if profile.avatar:
            document["icon"] = {
                "type": "Image",
                "url": ids.base_url() + profile.avatar.url,
            }
    if profile.kind == ProfileKind.ORGANISATION:
        extend_actor(profile, document)
    return document


def instance_username() -> str:
    """The node actor's preferredUsername: its host name, without the port (WebFinger
    answers acct:<this>@<domain> with this actor, so the two must never disagree)."""
    return ids.base_url().split("://", 1)[1].split(":", 1)[0].lower()


def instance_actor_document(name: str, summary: str) -> dict[str, Any]:
    """The node itself, a territory: signs its fetches; following it follows the territory.

    A `Service` (an automated actor that only boosts its people's public items) marked
    `isTerritory`, so Tremplin peers show it as a territory, never as a person."""
    actor = ids.actor_uri(None)
    return {
        "@context": DOCUMENT_CONTEXT,
        "id": actor,
        "type": "Service",
        "isTerritory": True,
        # As Mastodon's instance actor: the host name (WebFinger acct:host@host:port).
        "preferredUsername": instance_username(),
        "name": name,
        "summary": linebreaks(escape(summary)) if summary else "",
        "url": ids.base_url() + "/about/",
        "inbox": ids.inbox_uri(None),
        "outbox": ids.collection_uri(None, "outbox"),
        "followers": ids.collection_uri(None, "followers"),
        "following": ids.collection_uri(None, "following"),
        "endpoints": {"sharedInbox": ids.shared_inbox_uri()},
        "manuallyApprovesFollowers": False,
        "discoverable": True,
        "publicKey": {
            "id": ids.key_id(None),
            "owner": actor,
            "publicKeyPem": key_for(None).public_pem,
        },
    }


def story_html(revision: ExperienceRevision) -> str:
    """What Mastodon shows: role, where, when, the story, the tags; all escaped."""
    with translation.override(revision.language):
        where = " · ".join(
            part
            for part in [str(revision.get_kind_display()), revision.organisation, revision.place]
            if part
        )
        start = _month(revision.start_year, revision.start_month)
        end = _month(revision.end_year, revision.end_month) or translation.gettext("today")
        parts = [
            format_html(
                "<p><strong>{}</strong><br>{}<br>{} – {}</p>", revision.title, where, start, end
            )
        ]
        for label, text in revision.story_parts():
            parts.append(
                format_html("<p><em>{}</em></p>", label.capitalize()) + linebreaks(escape(text))
            )
    parts.append(hashtag_links(hashtags(revision)))
    return "".join(parts)


def hashtag_links(tags: list[dict[str, Any]]) -> str:
    """The Hashtags as links at the end of the content, as Mastodon writes them."""
    links = [
        format_html('<a href="{}" class="mention hashtag" rel="tag">{}</a>', t["href"], t["name"])
        for t in tags
        if t["type"] == "Hashtag"
    ]
    return "<p>" + " ".join(links) + "</p>" if links else ""


def hashtag_name(text: str) -> str:
    return "#" + "".join(word.capitalize() if i else word for i, word in enumerate(text.split()))


def hashtags(revision: ExperienceRevision) -> list[dict[str, Any]]:
    """Each tag as a Hashtag Mastodon understands, plus the vocabulary concept it names."""
    tags: list[dict[str, Any]] = []
    for tag in revision.tags.all():
        concept = tag.concept
        href = (
            ids.base_url() + reverse("profiles:tag", kwargs={"slug": concept.slug})
            if concept
            else ids.base_url() + reverse("profiles:browse") + "?" + urlencode({"q": tag.text})
        )
        item: dict[str, Any] = {"type": "Hashtag", "href": href, "name": hashtag_name(tag.text)}
        if concept:
            item["concept"] = concept.slug
            if concept.esco_uri:
                item["esco"] = concept.esco_uri
        tags.append(item)
    return tags


def experience_object(experience: Experience) -> dict[str, Any]:
    """A published experience as an `Article` (addressing from its visibility)."""
    revision = experience.published
    audience = addressing.audience(experience.owner, experience.visibility) or {"to": [], "cc": []}
    content = story_html(revision)
    uri = ids.experience_uri(experience)
    document: dict[str, Any] = {
        "@context": DOCUMENT_CONTEXT,
        "id": uri,
        "type": "Article",
        "attributedTo": ids.actor_uri(experience.owner),
        "name": revision.title,
        "nameMap": {revision.language: revision.title},
        "content": content,
        "contentMap": {revision.language: content},
        "url": uri,
        "likes": uri + "likes/",  # federation/incoming/reactions.py
        "shares": uri + "shares/",
        "published": _iso(experience.published_at),
        "updated": _iso(revision.published_at),
        "tag": hashtags(revision),
        "experienceKind": revision.kind,
        "roleName": revision.title,
        "organisationName": revision.organisation,
        "startDate": _month(revision.start_year, revision.start_month),
        "endDate": _month(revision.end_year, revision.end_month),
        **audience,
    }
    if revision.place:
        document["location"] = {"type": "Place", "name": revision.place}
    for name, term in (
        ("what_i_did", "whatIDid"),
        ("responsibilities", "responsibilities"),
        ("motivation", "motivation"),
        ("learned", "learned"),
    ):
        if getattr(revision, name):
            document[term] = {revision.language: getattr(revision, name)}
    return document
