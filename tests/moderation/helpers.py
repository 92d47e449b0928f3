"""Staff and report helpers for the moderation tests."""

from __future__ import annotations

from django.test import Client

from moderation.models import Report
from profiles.models import Profile
from tests.conftest import client_for, make_person


def make_staff(handle: str = "modo") -> Profile:
    profile = make_person(handle, role="counsellor", birth=None)
    profile.user.is_staff = True
    profile.user.save(update_fields=["is_staff"])
    return profile


def report_through_page(
    client: Client, kind: str, pk: int, category: str = "spam", comment: str = "", **extra: str
) -> object:
    return client.post(
        f"/report/{kind}/{pk}/", {"category": category, "comment": comment, **extra}, follow=True
    )


def act(staff: Profile, report: Report, action: str, note: str = "") -> object:
    return client_for(staff).post(
        f"/moderation/reports/{report.pk}/", {"action": action, "note": note}, follow=True
    )
