"""The daily email: one per person and per day, with what is new, in their language."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from network import digest
from network.models import Notification, NotificationKind, SavedSearch
from profiles.models import Profile
from tests.conftest import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def node_address(settings: Any) -> None:
    settings.TREMPLIN_SCHEME, settings.TREMPLIN_DOMAIN = "https", "lyon.example"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def note(profile: Profile, title: str, **fields: Any) -> Notification:
    fields.setdefault("kind", NotificationKind.MESSAGE)
    fields.setdefault("url", "/offers/7/")
    return Notification.objects.create(recipient=profile, title=title, **fields)


def alert(profile: Profile, **fields: Any) -> SavedSearch:
    return SavedSearch.objects.create(
        profile=profile, name="Jobs", contract_type="seasonal", **fields
    )


def test_one_email_with_every_item_then_nothing_within_a_day(person: Profile) -> None:
    search = alert(person)
    note(person, "Waiter in Lyon", kind=NotificationKind.OFFER_MATCH, saved_search=search)
    note(person, "About your summer", url="")
    now = timezone.now()
    assert digest.send_due(now) == 1
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["alice@example.org"]
    assert "Waiter in Lyon" in email.body and "About your summer" in email.body
    assert "https://lyon.example/offers/7/" in email.body
    assert "https://lyon.example/me/alerts/" in email.body
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()

    assert digest.send_due(now) == 0  # run again: nothing new
    note(person, "Another message")
    assert digest.send_due(now + datetime.timedelta(hours=23)) == 0  # not twice a day
    assert len(mail.outbox) == 1
    assert digest.send_due(now + datetime.timedelta(hours=25)) == 1
    assert "Another message" in mail.outbox[1].body
    assert "Waiter in Lyon" not in mail.outbox[1].body


def test_nothing_when_everything_was_emailed(person: Profile) -> None:
    note(person, "Old news", emailed_at=timezone.now() - datetime.timedelta(days=3))
    assert digest.send_due() == 0
    assert mail.outbox == []


def test_alerts_off_or_not_by_email_send_nothing(person: Profile, member: Profile) -> None:
    quiet = alert(person, email_digest=False)
    off = alert(member, active=False)
    note(person, "Quiet offer", kind=NotificationKind.OFFER_MATCH, saved_search=quiet)
    note(member, "Off offer", kind=NotificationKind.OFFER_MATCH, saved_search=off)
    assert digest.send_due() == 0
    assert mail.outbox == []


def test_people_of_other_nodes_get_no_email(db: None) -> None:
    remote = Profile.objects.create(handle="zoe", domain="b.example")
    note(remote, "Hello")
    assert digest.send_due() == 0


def test_email_in_the_person_s_language(person: Profile, settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"
    spanish = make_person("sofia")
    spanish.published.language = "es"
    spanish.published.save()
    person.published.language = "de"  # not an interface language: the node's
    person.published.save()
    note(spanish, "Camarero")
    note(person, "Kellner")
    assert digest.send_due() == 2
    languages = {email.to[0]: email.extra_headers["Content-Language"] for email in mail.outbox}
    assert languages == {"sofia@example.org": "es", "alice@example.org": "en"}
    assert digest.email_language(spanish) == "es"


def test_the_digest_is_a_periodic_job() -> None:
    from node.periodic import JOBS, resolve

    assert ("network.digest.send_due", 3600) in JOBS
    assert resolve("network.digest.send_due") is digest.send_due


class RecordingBackend:
    """A mail server that notes whether a transaction was open when it was called, and
    fails when told to."""

    calls: list[bool] = []
    fail = False

    def __init__(self, **kwargs: Any) -> None:
        pass

    def send_messages(self, messages: list[Any]) -> int:
        from node.transactions import in_transaction

        RecordingBackend.calls.append(in_transaction())
        if RecordingBackend.fail:
            raise OSError("mail server down")
        return len(messages)


@pytest.fixture
def recording_mail(settings: Any) -> type[RecordingBackend]:
    settings.EMAIL_BACKEND = f"{__name__}.RecordingBackend"
    RecordingBackend.calls, RecordingBackend.fail = [], False
    return RecordingBackend


def test_the_email_is_sent_with_no_transaction_open(person: Profile, recording_mail) -> None:
    note(person, "About your summer")
    assert digest.send_due() == 1
    assert recording_mail.calls == [False]


def test_a_failed_send_is_tried_again_next_run(person: Profile, recording_mail) -> None:
    note(person, "About your summer")
    recording_mail.fail = True
    assert digest.send_due() == 0
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 1
    recording_mail.fail = False
    assert digest.send_due() == 1
    assert recording_mail.calls == [False, False]
