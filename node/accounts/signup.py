"""Creating an account and its profile together (the form's data, already valid)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import get_language

from jobs import counsellor_invitations
from jobs.models import CounsellorInvitation
from node.accounts.models import Invitation, User
from profiles.models import Profile, ProfileRevision, Role
from profiles.visibility import Visibility


@transaction.atomic
def create_account(data: dict[str, Any], password: str) -> User:
    """The account and its profile; a counsellor only with a structure's invitation
    (`counsellor_invitation`, redeemed here: a ValidationError if it was used meanwhile)."""
    counsellor_invitation: CounsellorInvitation | None = data.get("counsellor_invitation")
    if data["role"] == Role.COUNSELLOR and counsellor_invitation is None:
        raise ValueError("the counsellor role is granted, never chosen")
    invitation: Invitation | None = data.get("invitation") or None
    if invitation is not None:
        updated = Invitation.objects.filter(pk=invitation.pk, uses__lt=F("max_uses")).update(
            uses=F("uses") + 1
        )
        if not updated:
            raise ValueError("invitation used up")
    user = User.objects.create_user(
        username=data["username"], email=data["email"], password=password
    )
    profile = Profile(
        user=user,
        handle=data["username"],
        role=data["role"],
        birth_year=data.get("birth_year"),
        birth_month=data.get("birth_month"),
    )
    profile.save()
    default = Visibility.MEMBERS
    if profile.needs_guardian_consent():
        default = Visibility.PRIVATE
    profile.visibility = profile.default_visibility = default
    language = (get_language() or "fr")[:2]
    profile.draft = ProfileRevision.objects.create(
        profile=profile, display_name=data["display_name"], language=language
    )
    profile.save()
    if counsellor_invitation is not None:
        counsellor_invitations.redeem(profile, counsellor_invitation.code)
    return user
