"""Guardian consent, asked for by the young person: create a form, fill it, record it.

Under the age of digital consent (profiles.consent) nothing leaves "private" until a
parent or guardian consents. The young person creates a request with a short code; the
guardian (or the counsellor the person chose, with the guardian present) fills it in
with that code, no account needed; the node's team then records the consent, the only
step that unlocks publishing. Both of the team's ways to record it (a paper form
received, or a filled-in request) go through `record`, one piece of logic. Filling in
and recording are announced (profiles.events) for the notifications, which this module
knows nothing of.

A code is the only credential of the form: unguessable (about 50 bits, and its page is
rate-limited), usable once, and never given again to another request.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from profiles import events
from profiles.models import (
    ConsentRequestState,
    GuardianConsentRequest,
    Profile,
    ProfileKind,
    Role,
)
from profiles.permissions import is_chosen_counsellor

# No 0/O, 1/I/L: a code read from paper and typed on a phone is typed right.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
# Wrong posts of one form (consent not ticked, no name...) before it stops accepting any.
MAX_ATTEMPTS = 10


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(typed: str) -> str:
    """A typed code as stored: capitals, without the dash or spaces between the groups."""
    return "".join(c for c in str(typed).upper() if c.isalnum())[: CODE_LENGTH + 6]


def may_ask(profile: Profile) -> bool:
    """Only a young person of this node who needs a guardian's consent may create a form."""
    return (
        profile.is_local
        and profile.kind == ProfileKind.PERSON
        and profile.role == Role.YOUNG
        and profile.needs_guardian_consent()
    )


def open_request(profile: Profile) -> GuardianConsentRequest | None:
    """The form on its way (waiting for the guardian or for the team), if any."""
    return (
        profile.guardian_consent_requests.filter(
            state__in=[ConsentRequestState.PENDING, ConsentRequestState.COMPLETED]
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def latest_request(profile: Profile) -> GuardianConsentRequest | None:
    return profile.guardian_consent_requests.order_by("-created_at", "-pk").first()


@transaction.atomic
def create_request(profile: Profile) -> GuardianConsentRequest:
    """A new form with a new code; refused when not needed or when one is on its way."""
    profile = Profile.objects.select_for_update().get(pk=profile.pk)
    if not may_ask(profile):
        raise ValidationError(
            _("You do not need a guardian's consent: you can already publish."),
            code="not_needed",
        )
    if open_request(profile) is not None:
        raise ValidationError(
            _("You already have a consent form on its way: cancel it to make a new one."),
            code="already_open",
        )
    for _try in range(5):
        try:
            with transaction.atomic():
                return GuardianConsentRequest.objects.create(profile=profile, code=new_code())
        except IntegrityError:  # the same code drawn twice: draw again
            continue
    raise RuntimeError("could not draw a free guardian-consent code")


@transaction.atomic
def cancel_request(consent_request: GuardianConsentRequest) -> bool:
    """The young person withdraws a form on its way; its code stops working for ever."""
    return bool(
        GuardianConsentRequest.objects.filter(
            pk=consent_request.pk,
            state__in=[ConsentRequestState.PENDING, ConsentRequestState.COMPLETED],
        ).update(state=ConsentRequestState.CANCELLED)
    )


def find_by_code(typed: str) -> GuardianConsentRequest | None:
    code = normalize_code(typed)
    if len(code) != CODE_LENGTH:
        return None
    return (
        GuardianConsentRequest.objects.select_related("profile__published", "profile__draft")
        .filter(code=code)
        .first()
    )


def count_attempt(consent_request: GuardianConsentRequest) -> bool:
    """Count one post of the form; past MAX_ATTEMPTS the form is cancelled (the young
    person makes a new one, with a new code) and False is returned."""
    GuardianConsentRequest.objects.filter(pk=consent_request.pk).update(attempts=F("attempts") + 1)
    consent_request.refresh_from_db(fields=["attempts"])
    if consent_request.attempts <= MAX_ATTEMPTS:
        return True
    GuardianConsentRequest.objects.filter(
        pk=consent_request.pk, state=ConsentRequestState.PENDING
    ).update(state=ConsentRequestState.CANCELLED)
    consent_request.refresh_from_db(fields=["state"])
    return False


@transaction.atomic
def complete(
    consent_request: GuardianConsentRequest,
    guardian_name: str,
    relationship: str,
    *,
    by: Profile | None = None,
) -> GuardianConsentRequest:
    """The guardian's answer, filled in once. It unlocks nothing: the team records it.

    `by` is the person logged in while filling it, kept only when it is a counsellor the
    young person chose (who filled it in with the guardian present).
    """
    locked = GuardianConsentRequest.objects.select_for_update().get(pk=consent_request.pk)
    if locked.state != ConsentRequestState.PENDING:
        raise ValidationError(_("This form can no longer be filled in."), code="not_pending")
    if by is not None and by.pk == locked.profile_id:
        raise ValidationError(
            _("This form is for your parent or guardian: give them the code."), code="self"
        )
    name = " ".join(str(guardian_name).split())[:120]
    if not name:
        raise ValidationError(_("Write the guardian's name."), code="name")
    locked.guardian_name = name
    locked.guardian_relationship = relationship
    locked.completed_at = timezone.now()
    helped = by is not None and is_chosen_counsellor(by, locked.profile)
    locked.completed_by = by if helped else None
    locked.state = ConsentRequestState.COMPLETED
    locked.save(
        update_fields=[
            "guardian_name",
            "guardian_relationship",
            "completed_at",
            "completed_by",
            "state",
        ]
    )
    events.guardian_consent_filled_in.send(GuardianConsentRequest, consent_request=locked)
    return locked


def _note(consent_request: GuardianConsentRequest | None, by: Any) -> str:
    username = getattr(by, "username", "") or "-"
    if consent_request is None:
        return f"recorded by {username}"
    return (
        f"form {consent_request.display_code}: {consent_request.guardian_name} "
        f"({consent_request.guardian_relationship}), recorded by {username}"
    )[:200]


@transaction.atomic
def record(
    profile: Profile, by: Any, consent_request: GuardianConsentRequest | None = None
) -> bool:
    """The node's team records the guardian's consent: the person may publish from now on.

    With no request named, the filled-in one is used if there is one (else a paper form
    the team received). The request becomes "recorded", forms still waiting are
    cancelled. False if consent was already recorded (nothing changes).
    """
    profile = Profile.objects.select_for_update().get(pk=profile.pk)
    if profile.guardian_consent_at is not None:
        return False
    if consent_request is None:
        consent_request = profile.guardian_consent_requests.filter(
            state=ConsentRequestState.COMPLETED
        ).first()
    now = timezone.now()
    profile.guardian_consent_at = now
    profile.guardian_consent_note = _note(consent_request, by)
    profile.save(update_fields=["guardian_consent_at", "guardian_consent_note"])
    if consent_request is not None:
        GuardianConsentRequest.objects.filter(pk=consent_request.pk).update(
            state=ConsentRequestState.RECORDED, recorded_by=by, recorded_at=now
        )
    profile.guardian_consent_requests.filter(state=ConsentRequestState.PENDING).update(
        state=ConsentRequestState.CANCELLED
    )
    events.guardian_consent_recorded.send(Profile, profile=profile)
    return True


def record_request(consent_request: GuardianConsentRequest, by: Any) -> bool:
    """Record the consent a guardian gave on this form; only a filled-in form counts."""
    consent_request.refresh_from_db(fields=["state"])
    if consent_request.state != ConsentRequestState.COMPLETED:
        return False
    return record(consent_request.profile, by, consent_request)
