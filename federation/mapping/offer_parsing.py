"""An incoming job offer to domain values, strictly: a fault refuses the whole offer.

Required: a title (`name` or `title`), a text (`description` or `content`), a closing
date (`validThrough`), a contract type we know (`contractType`), and a
`hiringOrganization` that is the sending actor. Everything else is optional, but when
present it must have the right type; texts become plain text, cut to our lengths.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from federation.mapping.parsing import _language, _tags
from federation.peers.actors import same_host
from federation.protocol.remote_html import plain_text
from jobs.models import ContractType, RemoteOption
from profiles.languages import TEXT_LANGUAGE_CODES

STATUSES = ("open", "closed", "expired")


class OfferError(Exception):
    """The object is not an acceptable offer (the reason says why)."""


@dataclass(frozen=True)
class ParsedOffer:
    data: dict[str, Any]  # jobs.offers.OFFER_FIELDS
    tags: list[str]
    status: str  # open, closed or expired (as the home node says)
    url: str  # the offer's page on its home node


def looks_like_offer(obj: dict[str, Any]) -> bool:
    """Our offers carry these; an Article with either is judged (and maybe refused) as one."""
    return "contractType" in obj or "hiringOrganization" in obj


def _id(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("sameAs") or value.get("id")
    return value if isinstance(value, str) else ""


def _date(document: dict[str, Any], key: str, *, required: bool = False) -> datetime.date | None:
    value = document.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or len(value) > 40:
        raise OfferError(f"{key} is not a date")
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError as error:
        raise OfferError(f"{key} is not a date") from error


def _text(document: dict[str, Any], key: str, limit: int) -> str:
    value = document.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise OfferError(f"{key} is not text")
    return plain_text(value, limit)


def _bool(document: dict[str, Any], key: str) -> bool:
    value = document.get(key, False)
    if not isinstance(value, bool):
        raise OfferError(f"{key} is not true or false")
    return value


def _place(document: dict[str, Any]) -> str:
    location = document.get("jobLocation")
    if isinstance(location, list):
        location = location[0] if location else None
    if location is None:
        return ""
    if not isinstance(location, dict):
        raise OfferError("jobLocation is not a place")
    address = location.get("address")
    if isinstance(address, dict) and isinstance(address.get("addressLocality"), str):
        return plain_text(address["addressLocality"], 120)
    return _text(location, "name", 120)


def _remote_option(document: dict[str, Any]) -> str:
    value = document.get("remoteOption")
    if value is None:
        return (
            RemoteOption.REMOTE
            if document.get("jobLocationType") == "TELECOMMUTE"
            else RemoteOption.ON_SITE
        )
    if value not in RemoteOption.values:
        raise OfferError("unknown remoteOption")
    return value


def _languages(document: dict[str, Any]) -> list[str]:
    value = document.get("languagesRequired", [])
    if not isinstance(value, list) or len(value) > 20:
        raise OfferError("languagesRequired is not a list of languages")
    codes = [code for code in value if isinstance(code, str) and code in TEXT_LANGUAGE_CODES]
    return list(dict.fromkeys(codes))


def offer_data(document: dict[str, Any], actor_uri: str) -> ParsedOffer:
    """The offer in `document`, sent by `actor_uri`; raises OfferError for any fault."""
    if document.get("type") not in ("Article", "Note", "Page"):
        raise OfferError("an offer is an Article")
    organisation = document.get("hiringOrganization")
    if not isinstance(organisation, dict) or _id(organisation) != actor_uri:
        raise OfferError("the hiring organisation is not the sender")
    contract = document.get("contractType")
    if contract not in ContractType.values:
        raise OfferError("unknown contractType")
    language = _language(document)
    title = _text(document, "title", 120) or _text(document, "name", 120)
    if not title:
        raise OfferError("an offer needs a title")
    description = _text(document, "description", 6000) or _text(document, "content", 6000)
    if not description:
        raise OfferError("an offer needs a description")
    valid_through = _date(document, "validThrough", required=True)
    status = document.get("offerStatus", "open")
    if status not in STATUSES:
        raise OfferError("unknown offerStatus")
    url = document.get("url")
    if isinstance(url, dict):
        url = url.get("href")
    if (
        not isinstance(url, str)
        or not url.startswith(("http://", "https://"))
        or not same_host(url, document["id"])
    ):
        url = document["id"]  # the page shown as its home is on the offer's own node
    data = {
        "title": title,
        "description": description,
        "language": language,
        "contract_type": contract,
        "place": _place(document),
        "remote_option": _remote_option(document),
        "start_date": _date(document, "jobStartDate"),
        "valid_through": valid_through,
        "hours": _text(document, "workHours", 80),
        "pay": _text(document, "pay", 100),
        "languages_required": _languages(document),
        "no_diploma_required": _bool(document, "noDiplomaRequired"),
        "experience_instead_of_education": _bool(document, "experienceInPlaceOfEducation"),
        "how_to_apply": _text(document, "howToApply", 1000),
    }
    return ParsedOffer(data=data, tags=_tags(document), status=status, url=url[:500])
