"""An application's status across nodes: the organisation's decisions reach a remote
applicant, a withdrawal reaches a remote organisation; directly addressed Notes a
Mastodon user reads, applied once, and only from the right party."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from contact import application_status, messaging
from contact.models import Application, ApplicationStatus
from federation.models import InboxItem, InboxState, OutboxActivity
from federation.protocol import ids
from jobs.models import Membership, Offer, Organisation
from tests.conftest import client_for, make_person
from tests.contact.conftest import make_offer, make_organisation
from tests.federation.test_contact import ORG, PEER, ROSA, deliver, note

pytestmark = pytest.mark.django_db


def later(seconds: int = 5) -> str:
    moment = timezone.now() + datetime.timedelta(seconds=seconds)
    return moment.isoformat().replace("+00:00", "Z")


@pytest.fixture
def remote_org(db):
    from profiles.models import ProfileKind
    from tests.federation.helpers import make_remote_actor

    return make_remote_actor("bakery", actor_type="Organization", kind=ProfileKind.ORGANISATION)


@pytest.fixture
def remote_rosa(db):
    from tests.federation.helpers import make_remote_actor

    return make_remote_actor("rosa")


@pytest.fixture
def here_org_and_recruiter(db):
    organisation = make_organisation()
    recruiter = make_person("rita", role="organisation", birth=None)
    Membership.objects.create(organisation=organisation.organisation, user=recruiter.user)
    return organisation, recruiter


@pytest.fixture
def application_from_rosa(client, remote_rosa, here_org_and_recruiter):
    """Rosa, of another node, applied to an offer of an organisation here."""
    organisation, _recruiter = here_org_and_recruiter
    offer = make_offer(organisation)
    deliver(
        client,
        note(
            [ids.actor_uri(organisation)],
            actor=ROSA,
            inReplyTo=f"{ids.base_url()}/offers/{offer.pk}/",
            application=True,
            source={"content": "I bake at home.", "mediaType": "text/plain"},
        ),
        actor=ROSA,
    )
    return Application.objects.get()


@pytest.fixture
def application_to_bakery(person, remote_org, django_capture_on_commit_callbacks):
    """Alice, here, applied to an offer of an organisation of another node."""
    organisation = Organisation.objects.create(profile=remote_org.profile)
    offer = make_offer(make_organisation())
    Offer.objects.filter(pk=offer.pk).update(organisation=organisation, url=f"{PEER}/offers/3/")
    with django_capture_on_commit_callbacks(execute=True):
        return messaging.apply(Offer.objects.get(pk=offer.pk), person, "Hello", "en")


def status_note(application_id: str, status: str, actor: str, to: str, number: int = 40, **more):
    return note(
        [to],
        number=number,
        actor=actor,
        content=f"<p>{status}</p>",
        inReplyTo=application_id,
        applicationStatus=status,
        published=later(),
        **more,
    )


# --- outgoing ----------------------------------------------------------------------


def test_the_organisations_decision_reaches_the_remote_applicant(
    application_from_rosa, here_org_and_recruiter, django_capture_on_commit_callbacks
):
    organisation, recruiter = here_org_and_recruiter
    application = application_from_rosa
    with django_capture_on_commit_callbacks(execute=True):
        application_status.mark_seen(application, recruiter.user)
        application_status.set_status(application, ApplicationStatus.SHORTLISTED, recruiter.user)
    sent = [
        a
        for a in OutboxActivity.objects.filter(activity_type="Create").order_by("pk")
        if "applicationStatus" in a.body["object"]
    ]
    assert [a.body["object"]["applicationStatus"] for a in sent] == ["seen", "shortlisted"]
    activity = sent[-1]
    obj = activity.body["object"]
    assert activity.body["actor"] == ids.actor_uri(organisation) and not activity.public
    assert obj["type"] == "Note" and obj["to"] == [ROSA] and obj["cc"] == []
    assert ids.PUBLIC not in str(activity.body)
    assert obj["inReplyTo"] == application.remote_id  # Rosa's node's id for it
    assert obj["content"] == (
        "<p>Your application to &quot;Baker&#x27;s helper&quot; (Acme Bakery): Shortlisted.</p>"
    )
    assert obj["tag"] == [{"type": "Mention", "href": ROSA, "name": "@rosa@peer.example"}]
    assert obj["id"] != sent[0].body["object"]["id"]  # each change its own Note
    assert list(activity.deliveries.values_list("inbox", flat=True)) == [f"{ROSA}/inbox"]


def test_a_withdrawal_reaches_the_remote_organisation(
    person, application_to_bakery, django_capture_on_commit_callbacks
):
    before = OutboxActivity.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        application_status.withdraw(application_to_bakery, person)
    activity = OutboxActivity.objects.latest("pk")
    assert OutboxActivity.objects.count() == before + 1
    obj = activity.body["object"]
    assert activity.body["actor"] == ids.actor_uri(person)
    assert obj["to"] == [ORG] and obj["cc"] == [] and obj["applicationStatus"] == "withdrawn"
    assert obj["inReplyTo"] == f"{ids.base_url()}/applications/{application_to_bakery.pk}/"
    assert "withdrew their application to" in obj["content"]
    assert list(activity.deliveries.values_list("inbox", flat=True)) == [f"{ORG}/inbox"]


def test_between_two_parties_here_nothing_travels(
    person, here_org_and_recruiter, django_capture_on_commit_callbacks
):
    organisation, recruiter = here_org_and_recruiter
    offer = make_offer(organisation)
    before = OutboxActivity.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        application = messaging.apply(offer, person, "Hello", "en")
        application_status.set_status(application, ApplicationStatus.SHORTLISTED, recruiter.user)
        application_status.withdraw(application, person)
    assert OutboxActivity.objects.count() == before


def test_an_empty_application_is_not_sent(person, remote_org):
    organisation = Organisation.objects.create(profile=remote_org.profile)
    offer = make_offer(make_organisation())
    Offer.objects.filter(pk=offer.pk).update(organisation=organisation, url=f"{PEER}/offers/3/")
    before = OutboxActivity.objects.count()
    with pytest.raises(ValidationError):
        messaging.apply(Offer.objects.get(pk=offer.pk), person, "", "en")
    assert OutboxActivity.objects.count() == before and not Application.objects.exists()


# --- incoming ----------------------------------------------------------------------


def test_the_remote_organisations_decision_is_applied_once(client, person, application_to_bakery):
    mine = f"{ids.base_url()}/applications/{application_to_bakery.pk}/"
    decision = status_note(mine, "shortlisted", ORG, ids.actor_uri(person))
    deliver(client, decision, number=1)
    application_to_bakery.refresh_from_db()
    first = application_to_bakery.status_changed_at
    assert application_to_bakery.status == ApplicationStatus.SHORTLISTED
    deliver(client, decision, number=2)  # the same Note again, in another activity
    application_to_bakery.refresh_from_db()
    assert application_to_bakery.status_changed_at == first
    assert "Shortlisted" in client_for(person).get("/me/applications/").content.decode()


def test_the_remote_applicants_withdrawal_is_applied(
    client, application_from_rosa, here_org_and_recruiter
):
    organisation, recruiter = here_org_and_recruiter
    withdrawal = status_note(
        application_from_rosa.remote_id, "withdrawn", ROSA, ids.actor_uri(organisation)
    )
    deliver(client, withdrawal, actor=ROSA, number=1)
    deliver(client, withdrawal, actor=ROSA, number=2)
    application_from_rosa.refresh_from_db()
    assert application_from_rosa.status == ApplicationStatus.WITHDRAWN
    assert InboxItem.objects.filter(state=InboxState.REFUSED).count() == 0  # twice is fine
    page = client_for(recruiter).get("/organisations/applications/").content.decode()
    assert 'class="card withdrawn"' in page


def test_a_forged_status_is_refused(client, person, application_to_bakery, remote_rosa):
    """Rosa (same node as the organisation) cannot shortlist; the organisation cannot
    withdraw in the applicant's name."""
    mine = f"{ids.base_url()}/applications/{application_to_bakery.pk}/"
    forged = status_note(mine, "not_retained", ROSA, ids.actor_uri(person), number=41)
    deliver(client, forged, actor=ROSA)
    not_theirs = status_note(mine, "withdrawn", ORG, ids.actor_uri(person), number=42)
    deliver(client, not_theirs)
    application_to_bakery.refresh_from_db()
    assert application_to_bakery.status == ApplicationStatus.SENT
    refused = InboxItem.objects.filter(state=InboxState.REFUSED).order_by("pk")
    assert refused.count() == 2
    assert "Only the organisation" in refused[0].error
    assert "not addressed to the application's other party" in refused[1].error  # Alice's


def test_a_forged_withdrawal_is_refused(
    client, application_from_rosa, here_org_and_recruiter, remote_org
):
    organisation, _recruiter = here_org_and_recruiter
    forged = status_note(
        application_from_rosa.remote_id, "withdrawn", ORG, ids.actor_uri(organisation)
    )
    deliver(client, forged)
    application_from_rosa.refresh_from_db()
    assert application_from_rosa.status == ApplicationStatus.SENT
    assert InboxItem.objects.filter(state=InboxState.REFUSED).count() == 1


def test_a_status_for_an_unknown_application_is_refused(client, person, remote_org):
    deliver(
        client,
        status_note(f"{PEER}/applications/99/", "shortlisted", ORG, ids.actor_uri(person)),
    )
    assert "unknown application" in InboxItem.objects.get().error


def test_an_empty_application_from_another_node_is_refused(
    client, remote_rosa, here_org_and_recruiter
):
    organisation, _recruiter = here_org_and_recruiter
    offer = make_offer(organisation)
    deliver(
        client,
        note(
            [ids.actor_uri(organisation)],
            actor=ROSA,
            content="",
            contentMap={"en": ""},
            inReplyTo=f"{ids.base_url()}/offers/{offer.pk}/",
            application=True,
            chosenExperiences=[{"type": "Link", "name": "Elsewhere", "href": "https://x.example/"}],
        ),
        actor=ROSA,
    )
    assert not Application.objects.exists()
    assert "at least one experience" in InboxItem.objects.get().error
