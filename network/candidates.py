"""An organisation's saved searches for candidates: the explore page's filters, kept.

A search is run for the member who looks, through `profiles.browse.experiences_for`
(who may see what, and the listing gate of profiles.belonging), so a saved search
never shows a member more than the explore page would. "New" means published after
a member of the organisation last opened it.

When an experience is published, each search it fits tells each member who may see
it, at most once a day per search: while a member has a notification for that search
they have not read (nor had emailed), or one from the last 24 hours, no other comes.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from jobs.models import Organisation
from jobs.organisations import organisations_of
from network.models import CandidateSearch, Notification, NotificationKind
from profiles.browse import Filters, experiences_for
from profiles.models import Experience, Profile

QUIET_PERIOD = datetime.timedelta(hours=24)


def searches_of(user: Any, organisation: Organisation) -> QuerySet[CandidateSearch]:
    """The organisation's searches, if this user acts for it (none otherwise)."""
    if not organisations_of(user).filter(pk=organisation.pk).exists():
        return CandidateSearch.objects.none()
    return CandidateSearch.objects.filter(organisation=organisation)


def search_for_member(user: Any, pk: int) -> CandidateSearch | None:
    """The search `pk` if the user acts for its organisation, else None (shown as 404)."""
    return (
        CandidateSearch.objects.filter(pk=pk, organisation__in=organisations_of(user))
        .select_related("organisation__profile__published")
        .first()
    )


def save_search(
    organisation: Organisation, name: str, filters: dict[str, str], language: str
) -> CandidateSearch:
    """Keep these filters for the organisation; what exists already counts as seen."""
    kept = {key: (filters.get(key) or "").strip() for key in CandidateSearch.FILTERS}
    return CandidateSearch.objects.create(
        organisation=organisation, name=name.strip(), name_language=language[:8], **kept
    )


def rename_search(search: CandidateSearch, name: str, language: str) -> CandidateSearch:
    search.name, search.name_language = name.strip(), language[:8]
    search.save(update_fields=["name", "name_language"])
    return search


def matches(user: Any, search: CandidateSearch) -> QuerySet[Experience]:
    """What the explore page shows this user for the search's filters, newest first."""
    return experiences_for(user, Filters(**search.filters()))[0]


def new_count(user: Any, search: CandidateSearch) -> int:
    """How many of the matches this user sees were published since the search was opened."""
    return matches(user, search).filter(published_at__gt=search.seen_at).count()


def mark_seen(search: CandidateSearch, reader: Profile) -> None:
    """The organisation looked now; the reader's notifications about it are read."""
    now = timezone.now()
    CandidateSearch.objects.filter(pk=search.pk).update(seen_at=now)
    search.seen_at = now
    Notification.objects.filter(
        recipient=reader, candidate_search=search, read_at__isnull=True
    ).update(read_at=now)


def open_path(search: CandidateSearch) -> str:
    return reverse("network:candidate-search", args=[search.pk])


def searches_fitting(experience: Experience) -> QuerySet[CandidateSearch]:
    """Searches of this node's organisations the experience may fit, and new to them.

    A cheap first sort in SQL (tag, kind, language, not seen yet); words and place are
    then checked by running the search itself for each member.
    """
    slugs = experience.concept_links.values("concept__slug")
    return (
        CandidateSearch.objects.filter(
            organisation__profile__domain="", seen_at__lt=experience.published_at
        )
        .filter(Q(tag="") | Q(tag__in=slugs))
        .filter(Q(kind="") | Q(kind=experience.kind))
        .filter(Q(lang="") | Q(lang=experience.language))
    )


def _members(search: CandidateSearch, author: Profile) -> QuerySet[Profile]:
    """The members of the search's organisation with an account here (not the author)."""
    return (
        Profile.objects.filter(
            domain="",
            user__is_active=True,
            user__memberships__organisation_id=search.organisation_id,
        )
        .exclude(pk=author.pk)
        .select_related("user")
    )


def _told_lately(profile: Profile, search: CandidateSearch, now: datetime.datetime) -> bool:
    waiting = Q(read_at__isnull=True, emailed_at__isnull=True)
    return Notification.objects.filter(
        Q(waiting) | Q(created_at__gt=now - QUIET_PERIOD),
        recipient=profile,
        candidate_search=search,
    ).exists()


@transaction.atomic
def notify_new_experience(experience: Experience) -> int:
    """Tell the members of each search this experience fits; returns how many were told.

    Each search is locked while its members are checked, so two experiences published
    at once cannot both decide that nobody was told today.
    """
    if experience.published_at is None:
        return 0
    now = timezone.now()
    told = []
    searches = searches_fitting(experience).select_related("organisation")
    for search in searches.select_for_update(of=("self",)):
        for member in _members(search, experience.owner):
            if _told_lately(member, search, now):
                continue
            if not matches(member.user, search).filter(pk=experience.pk).exists():
                continue  # not for this member's eyes, or not a match after all
            told.append(
                Notification(
                    recipient=member,
                    kind=NotificationKind.CANDIDATE_MATCH,
                    title=search.name[:200],
                    title_language=search.name_language,
                    url=open_path(search),
                    candidate_search=search,
                )
            )
    Notification.objects.bulk_create(told)
    return len(told)


def on_experience_published(sender: Any, experience: Experience, **kwargs: Any) -> None:
    """Receiver of profiles.events.experience_published."""
    notify_new_experience(experience)
