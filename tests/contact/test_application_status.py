"""The rules of an application's status, whoever asks: the organisation decides, the
applicant withdraws, a withdrawn application never changes, changes from another node
are applied once and only from the right party."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from contact import application_status, events, messaging
from contact.models import ApplicationStatus
from tests.conftest import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(person, offer):
    return messaging.apply(offer, person, "Hello", "en")


@pytest.fixture
def announced():
    heard = []

    def listener(sender, **kwargs):
        heard.append((kwargs["status"], kwargs["by"], kwargs["remote"]))

    events.application_status_changed.connect(listener, dispatch_uid="test-status")
    yield heard
    events.application_status_changed.disconnect(dispatch_uid="test-status")


def test_a_new_application_is_sent(application):
    assert application.status == ApplicationStatus.SENT
    assert application.status_changed_at is not None


def test_seen_only_by_a_member_and_only_once(application, recruiter, person, announced):
    assert application_status.mark_seen(application, person.user) is False
    assert application_status.mark_seen(application, make_person("sam").user) is False
    assert application_status.mark_seen(application, recruiter.user) is True
    assert application_status.mark_seen(application, recruiter.user) is False
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SEEN
    assert [status for status, _by, _remote in announced] == ["seen"]


def test_seen_never_undoes_a_decision(application, recruiter):
    application_status.set_status(application, ApplicationStatus.SHORTLISTED, recruiter.user)
    application.refresh_from_db()
    assert application_status.mark_seen(application, recruiter.user) is False
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SHORTLISTED


def test_the_organisation_sets_the_status(application, recruiter, organisation, announced):
    before = application.status_changed_at
    application_status.set_status(application, ApplicationStatus.NOT_RETAINED, recruiter.user)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.NOT_RETAINED
    assert application.status_changed_at > before
    assert announced == [("not_retained", organisation, False)]


@pytest.mark.parametrize("status", ["sent", "withdrawn", "hired"])
def test_the_organisation_chooses_only_its_statuses(application, recruiter, status):
    with pytest.raises(ValidationError):
        application_status.set_status(application, status, recruiter.user)


def test_only_members_set_the_status(application, person):
    for user in (person.user, make_person("sam", role="organisation", birth=None).user):
        with pytest.raises(ValidationError, match="Only the organisation"):
            application_status.set_status(application, ApplicationStatus.SHORTLISTED, user)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SENT


def test_only_the_applicant_withdraws(application, person, recruiter):
    with pytest.raises(ValidationError, match="Only the person who applied"):
        application_status.withdraw(application, recruiter)
    application_status.withdraw(application, person)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN


def test_a_withdrawn_application_never_changes(application, person, recruiter):
    application_status.withdraw(application, person)
    with pytest.raises(ValidationError, match="withdrawn"):
        application_status.set_status(application, ApplicationStatus.SHORTLISTED, recruiter.user)
    assert application_status.mark_seen(application, recruiter.user) is False
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN


def test_counts_by_status_put_new_ones_first(application, offer):
    from contact.models import Application

    counts = application_status.counts_by_status(Application.objects.all())
    assert counts[0] == {"status": "sent", "label": "Sent", "count": 1}
    assert [c["status"] for c in counts] == [s.value for s in ApplicationStatus]


def test_a_change_from_another_node_is_applied_once(remote_application, announced):
    application, organisation = remote_application
    at = timezone.now() + datetime.timedelta(seconds=2)  # their clock, a little ahead
    application_status.receive(application, ApplicationStatus.SHORTLISTED, organisation, at)
    application_status.receive(application, ApplicationStatus.SHORTLISTED, organisation, at)
    older = at - datetime.timedelta(seconds=1)  # an earlier change, arriving late
    application_status.receive(application, ApplicationStatus.SEEN, organisation, older)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SHORTLISTED
    assert announced == [("shortlisted", organisation, True)]


def test_nobody_but_the_remote_organisation_sets_it(remote_application, person):
    application, _organisation = remote_application
    stranger = make_person("otto")
    for someone in (stranger, person):
        with pytest.raises(ValidationError):
            application_status.receive(
                application, ApplicationStatus.SHORTLISTED, someone, timezone.now()
            )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SENT


@pytest.fixture
def remote_application(person):
    """Alice (here) applied to an offer of an organisation of another node."""
    from jobs.models import Offer, Organisation
    from profiles.models import Profile, ProfileKind
    from tests.contact.conftest import make_offer, make_organisation

    remote = Profile.objects.create(
        handle="bakery", domain="peer.example", kind=ProfileKind.ORGANISATION
    )
    organisation = Organisation.objects.create(profile=remote)
    offer = make_offer(make_organisation())
    Offer.objects.filter(pk=offer.pk).update(
        organisation=organisation, url="https://peer.example/offers/3/"
    )
    offer.refresh_from_db()
    return messaging.apply(offer, person, "Hello", "en"), remote


def test_a_clock_far_ahead_does_not_block_later_changes(remote_application):
    application, organisation = remote_application
    far = timezone.now() + datetime.timedelta(days=1)
    application_status.receive(application, ApplicationStatus.SEEN, organisation, far)
    application.refresh_from_db()
    assert application.status_changed_at < timezone.now() + datetime.timedelta(minutes=11)


def test_my_data_export_tells_where_each_application_stands(application, person):
    import json

    from tests.conftest import client_for

    application_status.withdraw(application, person)
    response = client_for(person).get("/me/export/")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    [exported] = json.loads(content)["applications"]
    assert exported["status"] == "withdrawn" and exported["status_changed_at"]
