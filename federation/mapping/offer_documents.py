"""A job offer as an ActivityStreams `Article` carrying schema.org JobPosting properties.

Mastodon and other servers show `name`, `summary` and `content` (readable, escaped
HTML); Tremplin peers rebuild the offer from the JobPosting terms and ours
(federation/protocol/context.py) and recognise it by `contractType` + `hiringOrganization`.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone, translation
from django.utils.html import escape, format_html, linebreaks

from federation.mapping.serializers import _iso, hashtag_links, hashtags
from federation.protocol import ids
from federation.protocol.context import DOCUMENT_CONTEXT
from jobs.jsonld import EMPLOYMENT_TYPES, where_and_when
from jobs.models import ContractType, Offer, OfferState, RemoteOption
from profiles.languages import language_name

# schema.org employmentType values (as the page's JSON-LD says them); our exact contract
# type travels as `contractType`.
OPEN, CLOSED, EXPIRED = "open", "closed", "expired"


def offer_uri(offer: Offer) -> str:
    """An offer's id is its page (content negotiation serves this document there)."""
    return offer_uri_for(offer.pk)


def offer_uri_for(pk: int) -> str:
    return f"{ids.base_url()}/offers/{pk}/"


def offer_status(offer: Offer, today: datetime.date | None = None) -> str:
    """open / closed / expired, as peers read it (a passed date is expired, task or not)."""
    today = today or timezone.localdate()
    if offer.state == OfferState.CLOSED:
        return CLOSED
    if offer.state == OfferState.EXPIRED or offer.valid_through < today:
        return EXPIRED
    return OPEN


def _where(offer: Offer) -> str:
    remote = str(offer.get_remote_option_display())
    if offer.remote_option == RemoteOption.ON_SITE:
        return offer.place
    return " · ".join(part for part in (offer.place, remote) if part)


def summary_line(offer: Offer) -> str:
    """One line: organisation · contract · place."""
    with translation.override(offer.language):
        parts = [
            offer.organisation.profile.display_name,
            str(offer.get_contract_type_display()),
            _where(offer),
        ]
    return " · ".join(part for part in parts if part)


def content_html(offer: Offer) -> str:
    """What a Mastodon user reads: the description, then the facts, then how to apply."""
    gettext = translation.gettext
    with translation.override(offer.language):
        facts: list[tuple[str, str]] = [
            (gettext("Contract"), str(offer.get_contract_type_display())),
            (gettext("Where"), _where(offer)),
            (gettext("Start"), offer.start_date.isoformat() if offer.start_date else ""),
            (gettext("Apply until"), offer.valid_through.isoformat()),
            (gettext("Hours"), offer.hours),
            (gettext("Pay"), offer.pay),
            (
                gettext("Languages"),
                ", ".join(language_name(code) for code in offer.languages_required),
            ),
        ]
        notes = []
        if offer.no_diploma_required:
            notes.append(gettext("No diploma required."))
        if offer.experience_instead_of_education:
            notes.append(gettext("Experience accepted in place of education."))
        parts = [linebreaks(escape(offer.description))]
        parts.append(
            "<p>"
            + "<br>".join(
                format_html("<strong>{}</strong>: {}", label, value)
                for label, value in facts
                if value
            )
            + "</p>"
        )
        parts.extend(format_html("<p>{}</p>", note) for note in notes)
        if offer.how_to_apply:
            parts.append(
                format_html("<p><em>{}</em></p>", gettext("How to apply"))
                + linebreaks(escape(offer.how_to_apply))
            )
    parts.append(hashtag_links(hashtags(offer)))  # type: ignore[arg-type]
    return "".join(parts)


def shown_title(offer: Offer, status: str) -> tuple[str, str]:
    """The name and summary other servers show: a closed (or expired) offer says so in
    its own language, since Mastodon and the others show no `offerStatus`."""
    name, summary = offer.title, summary_line(offer)
    if status == OPEN:
        return name, summary
    with translation.override(offer.language):
        prefix = translation.gettext("[Closed]")
    return f"{prefix} {name}", f"{prefix} {summary}"


def offer_object(offer: Offer, today: datetime.date | None = None) -> dict[str, Any]:
    """A published (or closed, or expired) local offer, addressed to everyone."""
    organisation = offer.organisation
    status = offer_status(offer, today)
    name, summary = shown_title(offer, status)
    actor = ids.actor_uri(organisation.profile)
    uri = offer_uri(offer)
    content = content_html(offer)
    tags = hashtags(offer)  # type: ignore[arg-type]
    skills = [
        tag.concept.label(offer.language) if tag.concept else tag.text for tag in offer.tags.all()
    ]
    published = offer.published_at or offer.created_at
    document: dict[str, Any] = {
        "@context": DOCUMENT_CONTEXT,
        "id": uri,
        "type": "Article",
        "attributedTo": actor,
        "name": name,
        "nameMap": {offer.language: name},
        "summary": summary,
        "content": content,
        "contentMap": {offer.language: content},
        "url": uri,
        "likes": uri + "likes/",  # federation/incoming/reactions.py
        "shares": uri + "shares/",
        "published": _iso(published),
        "updated": _iso(offer.updated_at),
        "to": [ids.PUBLIC],
        "cc": [ids.collection_uri(organisation.profile, "followers")],
        "tag": tags,
        # schema.org JobPosting
        "title": offer.title,
        "description": offer.description,
        "datePosted": published.date().isoformat(),
        "validThrough": offer.valid_through.isoformat(),
        "employmentType": EMPLOYMENT_TYPES[ContractType(offer.contract_type)],
        "hiringOrganization": {
            "type": "Organization",
            "name": organisation.profile.display_name,
            "sameAs": actor,
        },
        "experienceInPlaceOfEducation": offer.experience_instead_of_education,
        "skills": skills,
        # ours
        "contractType": offer.contract_type,
        "remoteOption": offer.remote_option,
        "noDiplomaRequired": offer.no_diploma_required,
        "languagesRequired": list(offer.languages_required),
        "offerStatus": status,
    }
    document.update(where_and_when(offer, type_key="type"))
    if offer.pay:
        document["pay"] = offer.pay
    if offer.no_diploma_required:
        document["educationRequirements"] = "no requirements"
    if offer.how_to_apply:
        document["howToApply"] = offer.how_to_apply
    return document
