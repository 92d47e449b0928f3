"""JSON-LD contexts: bundled, never fetched (a crafted remote @context changes nothing here).

Our own terms live under a fixed namespace IRI (a name, not an address to fetch), so
every Tremplin node means the same thing by them whatever its domain.
"""

from __future__ import annotations

from typing import Any

AS_CONTEXT = "https://www.w3.org/ns/activitystreams"
SECURITY_CONTEXT = "https://w3id.org/security/v1"
TREMPLIN_NS = "https://tremplin.social/ns#"

TREMPLIN_TERMS: dict[str, Any] = {
    "tremplin": TREMPLIN_NS,
    "schema": "http://schema.org#",
    "toot": "http://joinmastodon.org/ns#",
    "PropertyValue": "schema:PropertyValue",
    "value": "schema:value",
    "discoverable": "toot:discoverable",
    "indexable": "toot:indexable",
    "manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
    "Hashtag": "as:Hashtag",
    "experienceKind": "tremplin:experienceKind",
    "roleName": "schema:roleName",
    "organisationName": "tremplin:organisationName",
    "startDate": "schema:startDate",
    "endDate": "schema:endDate",
    "whatIDid": {"@id": "tremplin:whatIDid", "@container": "@language"},
    "responsibilities": {"@id": "tremplin:responsibilities", "@container": "@language"},
    "motivation": {"@id": "tremplin:motivation", "@container": "@language"},
    "learned": {"@id": "tremplin:learned", "@container": "@language"},
    # A slug of the shared vocabulary (the same on every Tremplin node), not a link.
    "concept": "tremplin:concept",
    "featured": {"@id": "toot:featured", "@type": "@id"},
    # Moving accounts (as Mastodon writes them).
    "alsoKnownAs": {"@id": "as:alsoKnownAs", "@type": "@id"},
    "movedTo": {"@id": "as:movedTo", "@type": "@id"},
    "esco": {"@id": "tremplin:esco", "@type": "@id"},
    # Job offers: schema.org JobPosting terms (the real schema.org IRIs; "schema" above is
    # Mastodon's prefix for PropertyValue and stays as Mastodon writes it).
    "sdo": "http://schema.org/",
    "title": "sdo:title",
    "description": "sdo:description",
    "datePosted": "sdo:datePosted",
    "validThrough": "sdo:validThrough",
    "employmentType": "sdo:employmentType",
    "hiringOrganization": "sdo:hiringOrganization",
    "sameAs": {"@id": "sdo:sameAs", "@type": "@id"},
    "jobLocation": "sdo:jobLocation",
    "address": "sdo:address",
    "PostalAddress": "sdo:PostalAddress",
    "addressLocality": "sdo:addressLocality",
    "jobLocationType": "sdo:jobLocationType",
    "jobStartDate": "sdo:jobStartDate",
    "workHours": "sdo:workHours",
    "skills": "sdo:skills",
    "experienceInPlaceOfEducation": "sdo:experienceInPlaceOfEducation",
    "educationRequirements": "sdo:educationRequirements",
    # Ours, exact where schema.org is coarse: a peer recognises an offer by contractType.
    "contractType": "tremplin:contractType",
    "remoteOption": "tremplin:remoteOption",
    "pay": "tremplin:pay",
    "languagesRequired": "tremplin:languagesRequired",
    "noDiplomaRequired": "tremplin:noDiplomaRequired",
    "howToApply": "tremplin:howToApply",
    "offerStatus": "tremplin:offerStatus",
    # The day this organisation's node verified it (an ISO date), or absent.
    "verified": "tremplin:verified",
    # Contact and applications (federation/outgoing/contact_federation.py).
    "acceptsContact": "tremplin:acceptsContact",
    "subject": "tremplin:subject",
    "aboutOffer": {"@id": "tremplin:aboutOffer", "@type": "@id"},
    "copyCounsellors": "tremplin:copyCounsellors",
    "declined": "tremplin:declined",
    "application": "tremplin:application",
    "chosenExperiences": "tremplin:chosenExperiences",
    # An application's new status (seen, shortlisted, not_retained, withdrawn), on a Note
    # inReplyTo the application, from the organisation (or, withdrawn, from the applicant).
    "applicationStatus": "tremplin:applicationStatus",
    # Reports (federation/incoming/flags.py): spam, harassment, inappropriate, minor or other.
    "reportCategory": "tremplin:reportCategory",
    # A node's own actor: it stands for a territory (its people and organisations), not a
    # person or a bot (docs/decisions/0030-territory-actor.md).
    "isTerritory": "tremplin:isTerritory",
}

DOCUMENT_CONTEXT: list[Any] = [AS_CONTEXT, SECURITY_CONTEXT, TREMPLIN_TERMS]


def context_document() -> dict[str, Any]:
    """What /ns/tremplin/ serves: the same terms, for readers who want them."""
    return {"@context": TREMPLIN_TERMS}
