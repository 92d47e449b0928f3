"""An accompanying structure (a mission locale) and its owner, for the counsellor tests."""

from __future__ import annotations

from jobs import organisations
from jobs.models import Organisation
from tests.conftest import make_person

MISSION_LOCALE = {
    "handle": "mission_locale_lyon",
    "name": "Mission Locale Lyon",
    "about": "Accompagne les jeunes de 16 à 25 ans vers l'emploi.",
    "language": "fr",
    "org_type": "public_service",
    "sector": "Insertion",
    "size": "small",
    "place": "Lyon",
    "website": "",
}


def accompanying_structure(owner_handle: str = "odile", accompanying: bool = True) -> Organisation:
    """A local organisation (owned by a new person) the node's team marked, or not."""
    owner = make_person(owner_handle)
    structure = organisations.create_organisation(owner.user, MISSION_LOCALE)
    structure.accompanying = accompanying
    structure.save(update_fields=["accompanying"])
    return structure
