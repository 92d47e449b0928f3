"""What a visitor or a member is told about applying to an offer, before any form.

The offer page (through a template tag) and the apply page ask here, so both say the
same thing: a visitor is asked to log in or sign up and comes back to the offer; a
person who may not apply is told why and what to do; a person who applied sees
where their application stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from contact.applications import apply_refusal
from contact.models import Application
from jobs.models import Offer
from profiles.models import Profile
from profiles.permissions import viewer_profile

VISITOR = "visitor"
REFUSED = "refused"
APPLIED = "applied"
MAY_APPLY = "may_apply"
NOTHING = "nothing"


def guardian_consent_url() -> str | None:
    """The page where a young person asks a guardian for consent, if this node has it."""
    try:
        return reverse("profiles:guardian-consent")
    except NoReverseMatch:
        return None


def with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


@dataclass(frozen=True)
class Guidance:
    state: str
    reason: str | None = None
    under_consent_age: bool = False
    guardian_consent_url: str | None = None
    application: Application | None = None
    login_url: str = ""
    signup_url: str = ""


def for_person(person: Profile, offer: Offer) -> Guidance:
    application = Application.objects.filter(offer=offer, person=person).first()
    if application is not None:
        return Guidance(APPLIED, application=application)
    reason = apply_refusal(person)
    if reason:
        minor = person.needs_guardian_consent()
        return Guidance(
            REFUSED,
            reason=reason,
            under_consent_age=minor,
            guardian_consent_url=guardian_consent_url() if minor else None,
        )
    return Guidance(MAY_APPLY)


def guidance(user: Any, offer: Offer, *, is_open: bool, is_member: bool) -> Guidance:
    """What the offer page says about applying to this offer, for this user."""
    if not is_open or is_member:
        return Guidance(NOTHING)
    if not getattr(user, "is_authenticated", False):
        here = offer.get_absolute_url()
        return Guidance(
            VISITOR, login_url=with_next("login", here), signup_url=with_next("signup", here)
        )
    person = viewer_profile(user)
    if person is None:
        return Guidance(NOTHING)
    return for_person(person, offer)
