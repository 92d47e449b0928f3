"""Counsellors: who holds the role, who may be chosen, and choosing one.

The role is granted (by a node admin, or through an accompanying structure's
invitation), never declared at sign-up. A person chooses a counsellor only among
granted ones, after a confirmation step that shows who and where; every access a
counsellor gets (private items, drafts, messages) reads `CounsellorLink.objects.granted()`
or `chosen_counsellors`, so withdrawing the role withdraws all of it at once.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from profiles.models import CounsellorGrant, CounsellorLink, Profile, ProfileKind, Role


def granted_counsellors() -> QuerySet[Profile]:
    """People of this node who hold the counsellor role and may be chosen."""
    return Profile.objects.filter(
        counsellor_grant__isnull=False,
        domain="",
        kind=ProfileKind.PERSON,
        suspended_at__isnull=True,
        user__is_active=True,
    )


def is_granted(profile: Profile | None) -> bool:
    return profile is not None and CounsellorGrant.objects.filter(profile=profile).exists()


def chosen_counsellors(person: Profile) -> QuerySet[Profile]:
    """The counsellors this person chose who still hold the role."""
    return Profile.objects.filter(
        pk__in=CounsellorLink.objects.granted().filter(person=person).values("counsellor")
    )


def grant_of(profile: Profile) -> CounsellorGrant | None:
    return (
        CounsellorGrant.objects.filter(profile=profile)
        .select_related("organisation__published", "organisation__draft")
        .first()
    )


@transaction.atomic
def grant(
    profile: Profile, *, by: Any = None, organisation: Profile | None = None, how: str = ""
) -> CounsellorGrant:
    """Give `profile` the counsellor role (of `organisation`, when given); recorded who, when.

    A person under the age of majority is never made a counsellor: the role lifts the
    protections of a young person's profile.
    """
    if not profile.is_local or profile.kind != ProfileKind.PERSON or profile.user_id is None:
        raise ValidationError(_("Only a person with an account on this node can be a counsellor."))
    if profile.role == Role.YOUNG and profile.is_minor():
        raise ValidationError(_("A minor cannot be a counsellor."))
    if organisation is not None and organisation.kind != ProfileKind.ORGANISATION:
        raise ValidationError(_("A counsellor works for an organisation."))
    if profile.role != Role.COUNSELLOR:
        profile.role = Role.COUNSELLOR
        profile.save()
    row, _created = CounsellorGrant.objects.update_or_create(
        profile=profile,
        defaults={
            "organisation": organisation,
            "granted_by": by if getattr(by, "pk", None) else None,
            "how": how[:200],
            "granted_at": timezone.now(),
        },
    )
    return row


@transaction.atomic
def withdraw(profile: Profile) -> bool:
    """Take the role back: the links people made stay, but give nothing until re-granted."""
    deleted, _rows = CounsellorGrant.objects.filter(profile=profile).delete()
    return bool(deleted)


def find_to_choose(person: Profile, handle: str) -> Profile:
    """The counsellor `person` asks for by handle, or a ValidationError saying why not."""
    handle = (handle or "").strip().lstrip("@").lower()
    candidate = Profile.objects.filter(handle=handle, domain="").first()
    if candidate is None or candidate.kind != ProfileKind.PERSON or candidate.user_id is None:
        raise ValidationError(_("There is no counsellor with this handle on this node."))
    if candidate.pk == person.pk:
        raise ValidationError(_("You cannot be your own counsellor."))
    if not granted_counsellors().filter(pk=candidate.pk).exists():
        raise ValidationError(
            _(
                "@%(handle)s is not a counsellor confirmed by this node's team or by an "
                "accompanying structure: you cannot give them access to your private things."
            )
            % {"handle": candidate.handle}
        )
    return candidate


@transaction.atomic
def choose(person: Profile, counsellor: Profile) -> CounsellorLink:
    """`person` gives `counsellor` access (after seeing who and where); only granted ones."""
    counsellor = find_to_choose(person, counsellor.handle)
    link, _created = CounsellorLink.objects.get_or_create(person=person, counsellor=counsellor)
    return link
