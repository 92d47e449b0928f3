"""An offer's page carries schema.org `JobPosting` JSON-LD, for job search engines.

Only a local offer that is open today gets it: a closed or expired offer must drop out
of job search results, and a peer's offer is indexed from its own node. The JSON is
escaped for a `<script>` element: no `<`, `>` or `&` survives as such, so an offer's
words can never close the element.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe

from jobs.models import ContractType, Offer, OfferState, RemoteOption

# schema.org employmentType values (our exact contract type travels in federation).
EMPLOYMENT_TYPES = {
    ContractType.PERMANENT: "FULL_TIME",
    ContractType.FIXED_TERM: "TEMPORARY",
    ContractType.SEASONAL: "TEMPORARY",
    ContractType.INTERNSHIP: "INTERN",
    ContractType.APPRENTICESHIP: "OTHER",
    ContractType.VOLUNTEERING: "VOLUNTEER",
    ContractType.SUMMER_JOB: "TEMPORARY",
}
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def _absolute(path: str) -> str:
    return f"{settings.TREMPLIN_SCHEME}://{settings.TREMPLIN_DOMAIN}{path}"


def is_listed(offer: Offer, today: datetime.date | None = None) -> bool:
    """Whether search engines should see this offer as a job to apply to now."""
    today = today or timezone.localdate()
    return (
        offer.is_local
        and offer.state == OfferState.PUBLISHED
        and offer.valid_through >= today
        and offer.organisation.profile.suspended_at is None
    )


def job_posting(offer: Offer) -> dict[str, Any]:
    """The offer as a schema.org JobPosting (the fields Google's job search reads)."""
    organisation = offer.organisation.profile
    posted = offer.published_at or offer.created_at
    document: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": offer.title,
        "description": linebreaks(escape(offer.description)),
        "datePosted": posted.date().isoformat(),
        "validThrough": offer.valid_through.isoformat(),
        "employmentType": EMPLOYMENT_TYPES[ContractType(offer.contract_type)],
        "hiringOrganization": {
            "@type": "Organization",
            "name": organisation.display_name,
            "sameAs": _absolute(organisation.get_absolute_url()),
        },
        "url": _absolute(f"/offers/{offer.pk}/"),
        "inLanguage": offer.language,
        "educationRequirements": "no requirements" if offer.no_diploma_required else None,
        "experienceInPlaceOfEducation": offer.experience_instead_of_education,
    }
    if document["educationRequirements"] is None:
        del document["educationRequirements"]
    document.update(where_and_when(offer, type_key="@type"))
    return document


def where_and_when(offer: Offer, *, type_key: str) -> dict[str, Any]:
    """schema.org JobPosting terms for place, remote work, start and hours: the same in
    the page's JSON-LD (`@type`) and in the ActivityPub document (`type`)."""
    terms: dict[str, Any] = {}
    if offer.place:
        terms["jobLocation"] = {
            type_key: "Place",
            "name": offer.place,
            "address": {type_key: "PostalAddress", "addressLocality": offer.place},
        }
    if offer.remote_option == RemoteOption.REMOTE:
        terms["jobLocationType"] = "TELECOMMUTE"
    if offer.start_date:
        terms["jobStartDate"] = offer.start_date.isoformat()
    if offer.hours:
        terms["workHours"] = offer.hours
    return terms


def script_json(document: dict[str, Any]) -> SafeString:
    """JSON safe inside `<script type="application/ld+json">`: nothing in it ends the element."""
    text = json.dumps(document, ensure_ascii=False, sort_keys=True).translate(_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 - every <, > and & is escaped above


def offer_jsonld(offer: Offer) -> SafeString | None:
    """What the offer page puts in its JSON-LD script, or None when it must not be indexed."""
    return script_json(job_posting(offer)) if is_listed(offer) else None
