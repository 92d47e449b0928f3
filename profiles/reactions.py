"""Likes and boosts of an experience, counted on it (the federation tells us of them).

The count lives on the experience, so that its page reads it without knowing where
reactions come from; who reacted is the federation's business (one per actor there).
A new reaction is a domain event: the owner is notified (network/notify.py).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, QuerySet
from django.db.models.functions import Greatest

from profiles import events
from profiles.models import Experience

LIKE, SHARE = "like", "share"
FIELDS = {LIKE: "likes_count", SHARE: "shares_count"}


def count_changed(items: QuerySet, kind: str, *, added: bool) -> None:
    """One more (or one less, never below zero) like or share on `items`, in the database
    (two reactions at once both count); offers use it too (jobs/reactions.py)."""
    field = FIELDS[kind]
    items.update(**{field: F(field) + 1 if added else Greatest(F(field) - 1, 0)})


@transaction.atomic
def reaction_added(experience: Experience, kind: str) -> None:
    """One more like or share; its owner hears of it (grouped, network/notify.py)."""
    count_changed(Experience.objects.filter(pk=experience.pk), kind, added=True)
    events.experience_reacted.send(Experience, experience=experience, kind=kind)


@transaction.atomic
def reaction_removed(experience: Experience, kind: str) -> None:
    """An Undo: one less (never below zero)."""
    count_changed(Experience.objects.filter(pk=experience.pk), kind, added=False)
