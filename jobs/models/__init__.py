"""Domain models; each module holds one concept."""

from jobs.models.offers import ContractType, Offer, OfferState, OfferTag, RemoteOption
from jobs.models.organisations import (
    CounsellorInvitation,
    MemberRole,
    Membership,
    Organisation,
    OrganisationSize,
    OrganisationType,
)

__all__ = [
    "ContractType",
    "CounsellorInvitation",
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
