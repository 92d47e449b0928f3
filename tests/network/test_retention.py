"""Read notifications are forgotten after a set time; unread ones never."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from network.models import Notification
from network.retention import prune_notifications

pytestmark = pytest.mark.django_db


def test_old_read_notifications_go_unread_and_recent_ones_stay(person, settings):
    settings.TREMPLIN_KEEP_NOTIFICATIONS_DAYS = 90
    now = timezone.now()

    def note(title: str, days: int, read: bool) -> None:
        item = Notification.objects.create(
            recipient=person, kind="follow", title=title, read_at=now if read else None
        )
        Notification.objects.filter(pk=item.pk).update(
            created_at=now - datetime.timedelta(days=days)
        )

    note("old read", 100, True)
    note("old unread", 100, False)
    note("recent read", 10, True)
    assert prune_notifications(now) == 1
    assert set(Notification.objects.values_list("title", flat=True)) == {
        "old unread",
        "recent read",
    }
