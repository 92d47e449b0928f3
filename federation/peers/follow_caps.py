"""Caps on new followers from one remote host, per hour: node-wide and per person.

Why: anyone can run a server and make two hundred actors on it; each Follow made a
follower and a notification. Past the cap a Follow is answered with a Reject (the
remote node drops it, as for a refused request) rather than a 429 at the inbox: the
target of a Follow is only known once the activity is read, and a 429 would be retried
for days until the flood got in anyway. Counted in the database (the follows made in
the last hour), so every worker process sees the same numbers; each refusal is counted
per host for moderators (RefusedFollows, in the admin).
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from federation.models import RefusedFollows
from profiles.models import Follow, Profile

logger = logging.getLogger(__name__)
WINDOW = datetime.timedelta(hours=1)


def over_cap(domain: str, followed: Profile) -> str:
    """Why a new follow from `domain` of `followed` is refused now ("" when it is not)."""
    recent = Follow.objects.filter(follower__domain=domain, created_at__gte=timezone.now() - WINDOW)
    per_person = settings.TREMPLIN_FOLLOWS_PER_HOST_PERSON_HOUR
    if per_person and recent.filter(followed=followed).count() >= per_person:
        return f"over {per_person} new followers of one person from {domain} in an hour"
    per_node = settings.TREMPLIN_FOLLOWS_PER_HOST_HOUR
    if per_node and recent.count() >= per_node:
        return f"over {per_node} new follows from {domain} in an hour"
    return ""


def count_refusal(domain: str, reason: str) -> None:
    """One more follow refused from `domain`, for moderators to see."""
    logger.info("follow refused: %s", reason)
    now = timezone.now()
    row, created = RefusedFollows.objects.get_or_create(
        domain=domain, defaults={"count": 1, "last_refused_at": now, "last_reason": reason}
    )
    if not created:
        RefusedFollows.objects.filter(pk=row.pk).update(
            count=F("count") + 1, last_refused_at=now, last_reason=reason[:200]
        )
