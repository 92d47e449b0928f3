"""The new young person's first steps, computed from what they have done (never stored).

Write your profile, tell a first experience, publish, choose a counsellor: each step is
ticked from the data, links to where it is done, and the list disappears once all are
done. For a person under the age of digital consent, "Publish" is "Ask a guardian for
consent" until the node's team recorded that consent.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from profiles.models import (
    ConsentRequestState,
    CounsellorLink,
    Experience,
    Profile,
    ProfileKind,
    Role,
)
from profiles.visibility import Visibility


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    done: bool
    url: str
    hint: str = ""


def applies_to(profile: Profile | None) -> bool:
    """Only young people of this node get the list."""
    return (
        profile is not None
        and profile.is_local
        and profile.kind == ProfileKind.PERSON
        and profile.role == Role.YOUNG
    )


def profile_written(profile: Profile) -> bool:
    """More than the name given at sign-up: a headline or a few words about oneself."""
    revision = profile.draft or profile.published
    return bool(revision and (revision.headline.strip() or revision.about.strip()))


def shown_to_others(profile: Profile) -> bool:
    """Published beyond "only me and my counsellors", and allowed to be seen so today."""
    return (
        profile.published_id is not None
        and min(profile.visibility, profile.highest_visibility()) > Visibility.PRIVATE
    )


def experience_shown(profile: Profile) -> bool:
    return (
        profile.highest_visibility() > Visibility.PRIVATE
        and Experience.objects.filter(
            owner=profile, published__isnull=False, visibility__gt=Visibility.PRIVATE
        ).exists()
    )


def _publish_step(profile: Profile) -> Step:
    profile_out = shown_to_others(profile)
    done = profile_out and experience_shown(profile)
    if profile_out:
        url = reverse("profiles:my-experiences")
    else:
        url = reverse("profiles:my-profile") + "#publish"
    return Step(
        "publish",
        _("Publish"),
        done,
        url,
        "" if done else _("Your profile and at least one experience, for others to see."),
    )


def _consent_step(profile: Profile) -> Step:
    latest = profile.guardian_consent_requests.order_by("-created_at", "-pk").first()
    hint = _("Until then, only you and your counsellors see what you write.")
    if latest is not None and latest.state == ConsentRequestState.PENDING:
        hint = _("Your form is waiting for your guardian.")
    elif latest is not None and latest.state == ConsentRequestState.COMPLETED:
        hint = _("Your guardian filled in the form: the node's team will record it soon.")
    return Step(
        "guardian-consent",
        _("Ask a guardian for consent"),
        False,
        reverse("profiles:guardian-consent"),
        hint,
    )


def steps_for(profile: Profile) -> list[Step]:
    my_profile = reverse("profiles:my-profile")
    experiences = profile.experiences.all()
    first_experience = experiences.order_by("created_at", "pk").first()
    return [
        Step(
            "profile",
            _("Write your profile"),
            profile_written(profile),
            my_profile + "#profile-words",
        ),
        Step(
            "experience",
            _("Tell a first experience"),
            first_experience is not None,
            reverse("profiles:experience-new"),
        ),
        _consent_step(profile) if profile.needs_guardian_consent() else _publish_step(profile),
        Step(
            "counsellor",
            _("Choose a counsellor"),
            CounsellorLink.objects.granted().filter(person=profile).exists(),
            my_profile + "#counsellors",
        ),
    ]


def unfinished_steps(profile: Profile | None) -> list[Step]:
    """The list to show: empty for people it is not for, and once every step is done."""
    if not applies_to(profile):
        return []
    steps = steps_for(profile)
    return [] if all(step.done for step in steps) else steps
