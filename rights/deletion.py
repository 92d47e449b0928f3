"""Deleting my account: everything of the person removed here, the handle kept reserved.

What goes: the account (log-in), profile words and every revision, photo, experiences
and their revisions, follows both ways, counsellor links both ways, memberships, tag
follows, alerts, notifications, applications, conversations in which the person is
the one contacted, and every message the person wrote (also in conversations of
organisations: the right to erasure wins over the other side's history).
What stays: an empty profile row without account (the handle, never re-registered;
the actor of the `Delete` being delivered) and tombstones (written by the federation
app, which listens to events.account_deleting). Refused while the person is the last
owner of an organisation: it would be left with no one to manage it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from profiles import counsellors
from profiles.models import CounsellorLink, Follow, Profile, ProfileRevision
from profiles.visibility import Visibility
from rights import events
from rights.models import ClosedAccount


def organisations_left_without_owner(profile: Profile) -> list[str]:
    """Names of organisations the person is the only owner of."""
    from jobs.models import MemberRole

    if profile.user is None:
        return []
    names = []
    for membership in profile.user.memberships.filter(role=MemberRole.OWNER).select_related(
        "organisation__profile"
    ):
        others = membership.organisation.memberships.filter(role=MemberRole.OWNER).exclude(
            pk=membership.pk
        )
        if not others.exists():
            names.append(membership.organisation.profile.display_name)
    return names


@transaction.atomic
def delete_account(profile: Profile) -> None:
    """Remove the person's account and data; listeners (federation) hear of it first."""
    from contact.models import Application, Conversation, Message
    from network.models import Notification, SavedSearch, TagFollow

    orphans = organisations_left_without_owner(profile)
    if orphans:
        raise ValidationError(
            _(
                "You are the last owner of %(names)s: make someone else an owner, or close "
                "the organisation, before deleting your account."
            )
            % {"names": ", ".join(orphans)}
        )
    events.account_deleting.send(sender=Profile, profile=profile)
    profile.experiences.all().delete()
    Follow.objects.filter(follower=profile).delete()
    Follow.objects.filter(followed=profile).delete()
    CounsellorLink.objects.filter(person=profile).delete()
    CounsellorLink.objects.filter(counsellor=profile).delete()
    counsellors.withdraw(profile)
    TagFollow.objects.filter(profile=profile).delete()
    SavedSearch.objects.filter(profile=profile).delete()
    Notification.objects.filter(recipient=profile).delete()
    Application.objects.filter(person=profile).delete()
    Conversation.objects.filter(person=profile).delete()
    Message.objects.filter(author=profile).delete()
    if profile.avatar:
        profile.avatar.delete(save=False)
    user = profile.user
    Profile.objects.filter(pk=profile.pk).update(
        user=None,
        published=None,
        draft=None,
        published_at=None,
        avatar="",
        visibility=Visibility.PRIVATE,
        birth_year=None,
        birth_month=None,
        consent_from=None,
        guardian_consent_at=None,
        guardian_consent_note="",
        also_known_as=[],
        accepts_contact=False,
    )
    ProfileRevision.objects.filter(profile=profile).delete()
    if user is not None:
        user.delete()  # memberships go with it
    ClosedAccount.objects.get_or_create(profile=profile)
