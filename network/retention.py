"""Read notifications do not pile up: a periodic job forgets them after a set time.

Unread ones stay whatever their age (nobody has seen them yet). An offer alert tells
about an offer once; once its notification is forgotten, the same offer published
again (a repost, months later) may be told about again, which is news by then.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from network.models import Notification

BATCH = 1000  # deleted per run, at most


def prune_notifications(now: datetime.datetime | None = None, batch: int = BATCH) -> int:
    """Delete read notifications older than TREMPLIN_KEEP_NOTIFICATIONS_DAYS, one batch."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.TREMPLIN_KEEP_NOTIFICATIONS_DAYS)
    old = Notification.objects.filter(read_at__isnull=False, created_at__lt=cutoff)
    pks = list(old.order_by("pk").values_list("pk", flat=True)[:batch])
    return Notification.objects.filter(pk__in=pks).delete()[0] if pks else 0
