"""Domain models; each module holds one concept."""

from jobs.models.offers import ContractType, Offer, OfferState, OfferTag, RemoteOption
from jobs.models.organisations import (
    MemberRole,
    Membership,
    Organisation,
    OrganisationSize,
    OrganisationType,
)

__all__ = [
    "ContractType",
    "MemberRole",
    "Membership",
    "Offer",
    "OfferState",
    "OfferTag",
    "Organisation",
    "OrganisationSize",
    "OrganisationType",
    "RemoteOption",
]
