"""Drafts, publication, revisions: the life of a profile and of an experience.

Every change starts as a draft, edited as often as wanted; publishing freezes it as
a revision that others may see; earlier revisions stay for the owner. A copy of
another node's experience keeps only its last published words.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from profiles import events
from profiles.models import (
    Experience,
    ExperienceConcept,
    ExperienceRevision,
    ExperienceTag,
    Profile,
    ProfileRevision,
)
from profiles.tagging import match_concepts
from profiles.text import normalize, normalize_tag
from profiles.visibility import Visibility

PROFILE_FIELDS = ("display_name", "headline", "about", "territory", "languages_spoken", "language")
# Experience fields only a copy of another node's experience carries (see save_experience_draft).
REMOTE_PRESENTATION = ("content_warning", "sensitive", "attachments")
EXPERIENCE_FIELDS = (
    "kind",
    "title",
    "organisation",
    "place",
    "start_year",
    "start_month",
    "end_year",
    "end_month",
    "what_i_did",
    "responsibilities",
    "motivation",
    "learned",
    "language",
)


def check_visibility(owner: Profile, visibility: int) -> None:
    """Refuse a visibility the owner may not use today (minor without guardian consent),
    and any publication from an account that moved to another node."""
    if owner.is_local and owner.moved_to:
        raise ValidationError(
            _("This account moved to %(target)s: publish from there.") % {"target": owner.moved_to}
        )
    if visibility not in Visibility.values:
        raise ValidationError(_("Choose who can see this."))
    if visibility > owner.highest_visibility():
        raise ValidationError(
            _(
                "You are under the age of digital consent: a parent or guardian must give "
                "their consent (ask your counsellor or the node's team) before others can see "
                "this. Until then, keep it private."
            )
        )


def _editable(draft: Any) -> Any:
    """A draft may be edited in place unless it was once published (history is kept)."""
    return draft if draft is not None and draft.published_at is None else None


# --- profile ---------------------------------------------------------------


def profile_draft_initial(profile: Profile) -> dict[str, Any]:
    """What the editor starts from: the draft, else the published words."""
    source = profile.draft or profile.published
    if source is None:
        return {"display_name": profile.handle, "language": "fr", "languages_spoken": []}
    return {name: getattr(source, name) for name in PROFILE_FIELDS}


def is_published(profile: Profile, data: dict[str, Any], visibility: int) -> bool:
    """Whether these words, at this visibility, are exactly what is published (no draft
    pending): publishing them again would only add a revision saying nothing new."""
    published = profile.published
    return (
        published is not None
        and profile.draft_id is None
        and profile.visibility == visibility
        and all(getattr(published, name) == data[name] for name in PROFILE_FIELDS)
    )


@transaction.atomic
def save_profile_draft(profile: Profile, data: dict[str, Any]) -> ProfileRevision:
    draft = _editable(profile.draft) or ProfileRevision(profile=profile)
    for name in PROFILE_FIELDS:
        setattr(draft, name, data[name])
    draft.save()
    if profile.draft_id != draft.pk:
        profile.draft = draft
        profile.save(update_fields=["draft"])
    return draft


@transaction.atomic
def publish_profile(profile: Profile, visibility: int) -> ProfileRevision:
    check_visibility(profile, visibility)
    profile = Profile.objects.select_for_update().get(pk=profile.pk)
    revision = profile.draft or profile.published
    if revision is None:
        raise ValidationError(_("Write your profile before publishing it."))
    if revision.published_at is None:
        revision.published_at = timezone.now()
    revision.visibility = visibility
    revision.save(update_fields=["published_at", "visibility"])
    profile.published, profile.draft, profile.visibility = revision, None, visibility
    profile.published_at = profile.published_at or revision.published_at
    profile.save(update_fields=["published", "draft", "visibility", "published_at"])
    events.profile_published.send(Profile, profile=profile)
    return revision


def profile_changed(profile: Profile) -> None:
    """Settings or photo changed what others see of a published profile: tell listeners
    (other nodes hold a copy of the actor). Called inside the change's transaction."""
    if profile.published_id is not None:
        events.profile_published.send(Profile, profile=profile)


# --- experiences -----------------------------------------------------------


def experience_draft_initial(experience: Experience) -> dict[str, Any]:
    """What the editor starts from: the draft, else the published words, and who the
    person chose to show it to (a draft remembers the choice made before saving it)."""
    source = experience.draft or experience.published
    if source is None:
        return {"visibility": experience.visibility}
    initial = {name: getattr(source, name) for name in EXPERIENCE_FIELDS}
    initial["tags"] = ", ".join(tag.text for tag in source.tags.all())
    initial["ongoing"] = source.ongoing
    initial["visibility"] = (
        source.visibility if source.visibility is not None else experience.visibility
    )
    return initial


def unchanged_since_published(
    experience: Experience | None, data: dict[str, Any], tags: list[str]
) -> bool:
    """Whether these words are exactly what is published, with no draft pending: saving
    them would only add a revision saying nothing new (publishing may still change who
    sees it)."""
    published = experience.published if experience is not None else None
    if published is None or experience.draft_id is not None:
        return False
    if any(getattr(published, name) != data.get(name) for name in EXPERIENCE_FIELDS):
        return False
    return [tag.text for tag in published.tags.all()] == list(tags)


# Fields a draft may leave empty that are stored as NULL (the others as "").
DATE_FIELDS = ("start_year", "start_month", "end_year", "end_month")


@transaction.atomic
def save_experience_draft(
    owner: Profile,
    experience: Experience | None,
    data: dict[str, Any],
    tags: list[str],
    visibility: int | None = None,
) -> Experience:
    """Create or update the draft of an experience, with its tags; all or nothing.

    A draft may miss anything (publish_experience checks it is complete). `visibility`,
    when given, is who the person means to show it to: remembered on the draft, and on
    the experience while nothing of it is published (drafts of "only me" experiences stay
    hidden from counsellors); what is published keeps its visibility until republished.

    A copy of another node's experience also brings what its author's server sent
    beside the story (`REMOTE_PRESENTATION`: content warning, attachments), kept on the
    experience itself; this node's people never set these, so `data` from a form has none.
    """
    if experience is None:
        experience = Experience.objects.create(
            owner=owner,
            visibility=owner.default_visibility if visibility is None else visibility,
        )
    presentation = {name: data[name] for name in REMOTE_PRESENTATION if name in data}
    if presentation and not owner.is_local:
        for name, value in presentation.items():
            setattr(experience, name, value)
        experience.save(update_fields=list(presentation))
    draft = _editable(experience.draft) or ExperienceRevision(experience=experience)
    for name in EXPERIENCE_FIELDS:
        value = data.get(name)
        setattr(draft, name, "" if value is None and name not in DATE_FIELDS else value)
    if visibility is not None:
        draft.visibility = visibility
    draft.save()
    set_tags(draft, tags)
    changed = []
    if experience.draft_id != draft.pk:
        experience.draft = draft
        changed.append("draft")
    if visibility is not None and experience.published_id is None:
        experience.visibility = visibility
        changed.append("visibility")
    if changed:
        experience.save(update_fields=changed)
    return experience


def set_tags(revision: ExperienceRevision, tags: list[str]) -> None:
    """Replace a revision's tags, linking each to the concept it names."""
    concepts = match_concepts(tags, revision.language)
    revision.tags.all().delete()
    ExperienceTag.objects.bulk_create(
        ExperienceTag(
            revision=revision,
            text=text,
            normalized=normalize_tag(text),
            concept=concepts.get(normalize_tag(text)),
        )
        for text in tags
    )


def search_document(revision: ExperienceRevision) -> str:
    """The words search looks at: the story, and every label of its concepts."""
    parts = [revision.title, revision.organisation, revision.place]
    parts += [getattr(revision, name) for name in ExperienceRevision.STORY_FIELDS]
    for tag in revision.tags.select_related("concept"):
        parts.append(tag.text)
        if tag.concept:
            parts += list(tag.concept.labels.values())
            parts += [s for synonyms in tag.concept.synonyms.values() for s in synonyms]
    return normalize(" ".join(p for p in parts if p))


def check_complete(revision: ExperienceRevision) -> None:
    """Refuse to publish a story with pieces missing: drafts may miss anything, what
    others see never does (pages and other nodes read its kind, role and dates)."""
    dates = (revision.start_year, revision.start_month)
    end = (revision.end_year, revision.end_month)
    if (
        not revision.kind
        or not revision.title.strip()
        or None in dates
        or (None in end and end != (None, None))
        or not any(getattr(revision, name).strip() for name in revision.STORY_FIELDS)
    ):
        raise ValidationError(
            _(
                "Finish this experience before publishing it: it needs its kind, your role, "
                "when it started and a little of the story."
            ),
            code="incomplete",
        )


def profile_reach(profile: Profile) -> int:
    """How far the profile is seen: its visibility once published; unpublished, only its
    owner and (unless kept for "only me") the counsellors they chose see its draft."""
    if profile.published_id is not None:
        return profile.visibility
    return min(profile.visibility, Visibility.PRIVATE)


def needs_profile(experience: Experience, visibility: int) -> bool:
    """Whether publishing at `visibility` would show the experience to people who cannot
    see its owner's profile (its link to the profile would lead them nowhere)."""
    owner = experience.owner
    return owner.is_local and visibility > profile_reach(owner)


def profile_question(profile: Profile) -> str:
    """The question asked before an experience goes further than its profile."""
    if profile.published_id is None:
        return _("Your profile is not published yet. Publish it too, for the same people?")
    return _("Fewer people can see your profile than this experience. Show it to them too?")


def publish_profile_for(profile: Profile, visibility: int) -> None:
    """Publish the profile for at least these people: its draft, else its published
    words, else a minimal profile with the name shown. Never makes it less visible."""
    if profile.draft_id is None and profile.published_id is None:
        profile.draft = ProfileRevision.objects.create(
            profile=profile,
            display_name=profile.display_name,
            language=(get_language() or "fr")[:2],
        )
        profile.save(update_fields=["draft"])
    wanted = visibility if profile.published_id is None else max(visibility, profile.visibility)
    publish_profile(profile, wanted)


@transaction.atomic
def publish_experience(
    experience: Experience, visibility: int, *, publish_profile: bool = False
) -> ExperienceRevision:
    """Publish the draft (or change who sees the published revision).

    An experience is never more visible than its profile: when the profile is unpublished
    or seen by fewer people, this refuses (code "profile_unpublished") unless
    `publish_profile`, which first publishes the profile for the same people.
    """
    check_visibility(experience.owner, visibility)
    experience = (
        Experience.objects.select_for_update().select_related("owner").get(pk=experience.pk)
    )
    revision = experience.draft or experience.published
    if revision is None:
        raise ValidationError(_("Write this experience before publishing it."))
    if experience.owner.is_local:
        check_complete(revision)
    if needs_profile(experience, visibility):
        if not publish_profile:
            raise ValidationError(profile_question(experience.owner), code="profile_unpublished")
        publish_profile_for(experience.owner, visibility)
        experience.owner.refresh_from_db()
    now = timezone.now()
    first_time = experience.published_at is None
    if revision.published_at is None:
        revision.published_at = now
    revision.visibility = visibility
    revision.save(update_fields=["published_at", "visibility"])
    experience.published, experience.draft = revision, None
    experience.visibility = visibility
    experience.kind, experience.language = revision.kind, revision.language
    experience.place_key = place_key(revision.place)
    experience.search_document = search_document(revision)
    experience.published_at = experience.published_at or now
    experience.save()
    index_concepts(experience, revision)
    if not experience.owner.is_local:
        # A copy of another node's item keeps no history: words edited away there are gone here.
        experience.revisions.exclude(pk=revision.pk).delete()
    events.experience_published.send(Experience, experience=experience, first_time=first_time)
    return revision


def place_key(place: str) -> str:
    """A place as compared: "Saint-Étienne " and "saint etienne" are one town."""
    return normalize((place or "").replace("-", " "))[:120]


def index_concepts(experience: Experience, revision: ExperienceRevision) -> None:
    """Point the tag pages' index at the concepts of the published revision."""
    experience.concept_links.all().delete()
    concept_ids = {tag.concept_id for tag in revision.tags.all() if tag.concept_id}
    ExperienceConcept.objects.bulk_create(
        ExperienceConcept(
            experience=experience, concept_id=pk, published_at=experience.published_at
        )
        for pk in sorted(concept_ids)
    )


@transaction.atomic
def unpublish_experience(experience: Experience) -> None:
    """Take an experience back: nobody but the owner and counsellors sees it any more."""
    if experience.published_id is None:
        return
    if experience.draft_id is None:
        experience.draft = experience.published
    experience.published = None
    experience.published_at = None
    experience.search_document = ""
    experience.save(update_fields=["published", "draft", "published_at", "search_document"])
    experience.concept_links.all().delete()
    events.experience_unpublished.send(Experience, experience=experience)


@transaction.atomic
def delete_experience(experience: Experience) -> None:
    was_published = experience.published_id is not None
    experience_id, owner = experience.pk, experience.owner
    experience.delete()
    events.experience_deleted.send(
        Experience, experience_id=experience_id, owner=owner, was_published=was_published
    )


def published_revisions(experience: Experience) -> list[ExperienceRevision]:
    """Every revision ever published, newest first (the owner's history)."""
    return list(experience.revisions.filter(published_at__isnull=False).order_by("-published_at"))
