"""Counsellor invitations: how an accompanying structure makes its staff counsellors.

The node's team marks an organisation as an accompanying structure (admin); its owners
then issue one-use codes; a person who redeems one (at sign-up or later) becomes a
counsellor of that organisation (profiles.counsellors.grant). An organisation the team
did not mark issues nothing, and unmarking it makes its unused codes worthless.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs import organisations
from jobs.models import CounsellorInvitation, Organisation
from profiles import counsellors
from profiles.models import CounsellorGrant, Profile


def may_invite(user: Any, organisation: Organisation) -> bool:
    return (
        organisation.accompanying
        and organisation.is_local
        and organisation.profile.suspended_at is None
        and organisations.is_owner(user, organisation)
    )


@transaction.atomic
def issue(organisation: Organisation, by_user: Any, note: str = "") -> CounsellorInvitation:
    if not organisation.accompanying:
        raise PermissionDenied(
            _(
                "Only an organisation the node's team marked as an accompanying structure "
                "can invite counsellors."
            )
        )
    if not may_invite(by_user, organisation):
        raise PermissionDenied(_("Only the organisation's owners invite counsellors."))
    return CounsellorInvitation.objects.create(
        organisation=organisation, created_by=by_user, note=(note or "").strip()[:200]
    )


def usable(code: str) -> CounsellorInvitation | None:
    """The invitation behind `code` if it can still make a counsellor, else None."""
    code = (code or "").strip()
    if not code:
        return None
    invitation = (
        CounsellorInvitation.objects.filter(code=code)
        .select_related("organisation__profile")
        .first()
    )
    if invitation is None or not invitation.is_usable():
        return None
    organisation = invitation.organisation
    if not (organisation.accompanying and organisation.is_local):
        return None
    if organisation.profile.suspended_at is not None:
        return None
    return invitation


INVALID = gettext_lazy("This counsellor invitation code is not valid (or was already used).")


@transaction.atomic
def redeem(profile: Profile, code: str) -> CounsellorGrant:
    """Make `profile` a counsellor of the organisation that issued `code` (one use)."""
    invitation = usable(code)
    if invitation is None:
        raise ValidationError(str(INVALID))
    claimed = CounsellorInvitation.objects.filter(
        pk=invitation.pk, redeemed_at__isnull=True
    ).update(redeemed_at=timezone.now(), redeemed_by=profile)
    if not claimed:
        raise ValidationError(str(INVALID))
    organisation = invitation.organisation
    return counsellors.grant(
        profile,
        by=invitation.created_by,
        organisation=organisation.profile,
        how=_("invitation %(code)s of %(organisation)s")
        % {"code": invitation.code, "organisation": organisation.profile.handle},
    )


def open_invitations(organisation: Organisation) -> QuerySet[CounsellorInvitation]:
    return organisation.counsellor_invitations.filter(
        redeemed_at__isnull=True, expires_at__gt=timezone.now()
    )


def counsellors_of(organisation: Organisation) -> QuerySet[Profile]:
    return Profile.objects.filter(counsellor_grant__organisation=organisation.profile)


@transaction.atomic
def withdraw(organisation: Organisation, by_user: Any, counsellor: Profile) -> None:
    """An owner takes the role back from one of the structure's counsellors (who left)."""
    if not organisations.is_owner(by_user, organisation):
        raise PermissionDenied(_("Only the organisation's owners manage its counsellors."))
    if not counsellors_of(organisation).filter(pk=counsellor.pk).exists():
        raise ValidationError(_("This person is not a counsellor of this organisation."))
    counsellors.withdraw(counsellor)


@transaction.atomic
def cancel(invitation: CounsellorInvitation, by_user: Any) -> None:
    if not organisations.is_owner(by_user, invitation.organisation):
        raise PermissionDenied(_("Only the organisation's owners invite counsellors."))
    if invitation.redeemed_at is None:
        invitation.delete()
