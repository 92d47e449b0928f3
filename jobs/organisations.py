"""Organisations of this node: creating one, its showcase, its members, the node's mark.

An organisation is a Profile of kind "organisation" (so following, discovery and
federation treat it as any actor) plus an Organisation row; people act for it through
memberships. Every change goes through here so the rules (at least one owner, only
local users, events inside the transaction) hold for the pages and the admin alike.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs import events
from jobs.models import MemberRole, Membership, Organisation
from profiles import avatars, publishing
from profiles.models import Profile, ProfileKind, Role
from profiles.models.people import RESERVED_HANDLES, handle_validator
from profiles.visibility import Visibility

User = get_user_model()
ORGANISATION_FIELDS = ("org_type", "sector", "size", "place", "website")


def clean_handle(handle: str) -> str:
    """A handle for a new organisation, as stored; refused if malformed, reserved or taken."""
    handle = (handle or "").strip().lstrip("@").lower()
    handle_validator(handle)
    if handle in RESERVED_HANDLES:
        raise ValidationError(_("This handle is reserved. Choose another one."))
    taken = Profile.objects.filter(handle=handle, domain="").exists()
    if taken or User.objects.filter(username=handle).exists():
        raise ValidationError(_("This handle is taken. Choose another one."))
    return handle


def _profile_words(data: dict[str, Any]) -> dict[str, Any]:
    """The profile revision of an organisation: its name, about text and their language."""
    return {
        "display_name": data["name"],
        "headline": data.get("sector", ""),
        "about": data.get("about", ""),
        "territory": data.get("place", ""),
        "languages_spoken": [],
        "language": data["language"],
    }


@transaction.atomic
def create_organisation(user: Any, data: dict[str, Any]) -> Organisation:
    """A new organisation with its public showcase profile; `user` becomes its owner.

    `data`: handle, name, about, language, and the Organisation fields.
    """
    handle = clean_handle(data["handle"])
    profile = Profile.objects.create(
        handle=handle,
        domain="",
        kind=ProfileKind.ORGANISATION,
        role=Role.ORGANISATION,
        visibility=Visibility.PUBLIC,
        default_visibility=Visibility.PUBLIC,
        comment_policy=data.get("comment_policy", ""),
    )
    organisation = Organisation(profile=profile)
    _set_fields(organisation, data)
    organisation.save()
    Membership.objects.create(organisation=organisation, user=user, role=MemberRole.OWNER)
    # Last: listeners of the profile's publication read the organisation's fields.
    publishing.save_profile_draft(profile, _profile_words(data))
    publishing.publish_profile(profile, Visibility.PUBLIC)
    organisation.profile.refresh_from_db()
    return organisation


def _set_fields(organisation: Organisation, data: dict[str, Any]) -> None:
    for name in ORGANISATION_FIELDS:
        if name in data:
            setattr(organisation, name, data[name] or "")
    organisation.full_clean(exclude=["profile"])


def _changed(organisation: Organisation) -> None:
    events.organisation_changed.send(Organisation, organisation=organisation)


def showcase_initial(organisation: Organisation) -> dict[str, Any]:
    """What the showcase editor starts from."""
    revision = organisation.profile.published or organisation.profile.draft
    initial = {name: getattr(organisation, name) for name in ORGANISATION_FIELDS}
    initial["name"] = organisation.profile.display_name
    initial["about"] = revision.about if revision else ""
    initial["language"] = revision.language if revision else "fr"
    initial["comment_policy"] = organisation.profile.effective_comment_policy()
    return initial


@transaction.atomic
def update_showcase(organisation: Organisation, data: dict[str, Any]) -> Organisation:
    """Change the organisation's words (a new published profile revision) and its fields."""
    profile = organisation.profile
    _set_fields(organisation, data)
    organisation.save()
    if data.get("comment_policy"):
        Profile.objects.filter(pk=profile.pk).update(comment_policy=data["comment_policy"])
    # No organisation_changed here: publishing the profile, last, already tells listeners,
    # with the new fields saved (one actor Update, not two).
    publishing.save_profile_draft(profile, _profile_words(data))
    publishing.publish_profile(profile, Visibility.PUBLIC)
    profile.refresh_from_db()
    return organisation


@transaction.atomic
def set_logo(organisation: Organisation, image: ContentFile) -> None:
    """Store a logo made safe by profiles.forms.AvatarForm (the profile's avatar)."""
    avatars.replace_avatar(organisation.profile, image)
    _changed(organisation)


# --- who may act -------------------------------------------------------------


def organisations_of(user: Any) -> QuerySet[Organisation]:
    """The organisations this user acts for (none for anonymous visitors)."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(memberships__user=user, profile__domain="")
        .select_related("profile__published")
        .order_by("profile__handle")
    )


def organisation_profiles(user: Any) -> QuerySet[Profile]:
    """The profiles of the organisations this user acts for (they follow and read as them)."""
    return Profile.objects.filter(organisation__in=organisations_of(user)).select_related(
        "published"
    )


def membership_of(user: Any, organisation: Organisation) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(organisation=organisation, user=user).first()


def is_member(user: Any, organisation: Organisation) -> bool:
    return membership_of(user, organisation) is not None


def is_owner(user: Any, organisation: Organisation) -> bool:
    membership = membership_of(user, organisation)
    return membership is not None and membership.role == MemberRole.OWNER


def _require_owner(user: Any, organisation: Organisation) -> None:
    if not is_owner(user, organisation):
        raise PermissionDenied(_("Only the organisation's owners manage its members."))


# --- members -----------------------------------------------------------------


def find_local_user(email_or_handle: str) -> Any:
    """A user of this node by email or handle ("@nadia"); people of other nodes cannot join."""
    text = (email_or_handle or "").strip()
    if "@" in text.lstrip("@"):
        user = User.objects.filter(email__iexact=text, is_active=True).first()
    else:
        handle = text.lstrip("@").lower()
        user = User.objects.filter(
            profile__handle=handle, profile__domain="", is_active=True
        ).first()
    if user is None:
        raise ValidationError(
            _("Nobody on this node has this email or handle. They must sign up here first.")
        )
    return user


@transaction.atomic
def add_member(
    organisation: Organisation, by_user: Any, email_or_handle: str, role: str
) -> Membership:
    _require_owner(by_user, organisation)
    if role not in MemberRole.values:
        raise ValidationError(_("Choose a role."))
    user = find_local_user(email_or_handle)
    if Membership.objects.filter(organisation=organisation, user=user).exists():
        raise ValidationError(_("This person is already a member."))
    return Membership.objects.create(organisation=organisation, user=user, role=role)


def _other_owners(membership: Membership) -> bool:
    return (
        Membership.objects.filter(organisation=membership.organisation, role=MemberRole.OWNER)
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def change_role(membership: Membership, by_user: Any, role: str) -> Membership:
    _require_owner(by_user, membership.organisation)
    if role not in MemberRole.values:
        raise ValidationError(_("Choose a role."))
    # Locking the organisation's owners makes two owners demoting each other wait in turn.
    list(Membership.objects.select_for_update().filter(organisation=membership.organisation))
    demoting = membership.role == MemberRole.OWNER and role != MemberRole.OWNER
    if demoting and not _other_owners(membership):
        raise ValidationError(_("An organisation keeps at least one owner."))
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def remove_member(membership: Membership, by_user: Any) -> None:
    """Owners remove anyone; any member may leave; the last owner stays."""
    if membership.user_id != getattr(by_user, "pk", None):
        _require_owner(by_user, membership.organisation)
    list(Membership.objects.select_for_update().filter(organisation=membership.organisation))
    if membership.role == MemberRole.OWNER and not _other_owners(membership):
        raise ValidationError(_("An organisation keeps at least one owner."))
    shown = membership.shown_on_page
    organisation = membership.organisation
    membership.delete()
    if shown:
        _changed(organisation)


@transaction.atomic
def set_shown_on_page(membership: Membership, shown: bool) -> Membership:
    """A member chooses whether their profile is listed on the organisation's page."""
    membership.shown_on_page = shown
    membership.save(update_fields=["shown_on_page"])
    _changed(membership.organisation)
    return membership


# --- the node's mark ---------------------------------------------------------


@transaction.atomic
def mark_verified(organisation: Organisation, note: str = "") -> Organisation:
    """The node's team checked this organisation exists (shown on its page and on peers)."""
    if not organisation.is_local:
        raise ValidationError(_("Only the organisation's own node can verify it."))
    organisation.verified_at = timezone.now()
    organisation.verified_note = (note or "")[:200]
    organisation.save(update_fields=["verified_at", "verified_note"])
    _changed(organisation)
    return organisation


@transaction.atomic
def remove_verified(organisation: Organisation) -> Organisation:
    if not organisation.is_local:
        raise ValidationError(_("Only the organisation's own node can verify it."))
    organisation.verified_at = None
    organisation.verified_note = ""
    organisation.save(update_fields=["verified_at", "verified_note"])
    _changed(organisation)
    return organisation
