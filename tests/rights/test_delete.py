"""Deleting my account: gone here, the handle reserved, a Delete for every node that had it."""

from __future__ import annotations

import pytest

from federation.models import ActorKey, Delivery, OutboxActivity, Tombstone
from jobs.models import MemberRole, Membership, Organisation
from node.accounts.models import User
from profiles.models import (
    CounsellorGrant,
    CounsellorLink,
    Experience,
    Follow,
    Profile,
    ProfileRevision,
)
from rights.deletion import delete_account
from rights.models import ClosedAccount
from tests.conftest import PASSWORD, client_for, make_experience, make_person
from tests.federation.helpers import remote_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def remote_follower(db):
    return remote_person()


def test_a_wrong_password_deletes_nothing(person):
    response = client_for(person).post("/me/delete/", {"password": "not it"})
    assert response.status_code == 400
    assert "This is not your password." in response.content.decode()
    assert User.objects.filter(username="alice").exists()


def test_deleting_removes_everything_and_tells_every_node_that_had_it(
    person, member, counsellor, remote_follower, vocabulary
):
    from federation.peers.keys import key_for

    experience = make_experience(person)
    key = key_for(person)  # peers know her key
    Follow.objects.create(follower=member, followed=person, state="accepted")
    Follow.objects.create(follower=remote_follower, followed=person, state="accepted")
    Follow.objects.create(follower=person, followed=member, state="accepted")
    # Another node received an earlier activity of hers (not a follower any more).
    old = OutboxActivity.objects.create(
        uri="http://127.0.0.1:8000/activities/old", actor=person, activity_type="Create", body={}
    )
    Delivery.objects.create(
        activity=old, inbox="https://other.example/inbox", domain="other.example"
    )

    response = client_for(person).post("/me/delete/", {"password": PASSWORD})
    assert response.status_code == 302

    assert not User.objects.filter(username="alice").exists()
    assert not Experience.objects.filter(owner=person).exists()
    assert not ProfileRevision.objects.filter(profile=person).exists()
    assert not Follow.objects.filter(follower=person).exists()
    assert not Follow.objects.filter(followed=person).exists()
    assert not CounsellorLink.objects.filter(person=person).exists()
    delete = OutboxActivity.objects.get(actor=person, activity_type="Delete")
    assert delete.body["object"] == "http://127.0.0.1:8000/@alice/"
    assert set(delete.deliveries.values_list("inbox", flat=True)) == {
        "https://peer.example/inbox",
        "https://other.example/inbox",
    }
    assert Tombstone.objects.filter(uri="http://127.0.0.1:8000/@alice/").exists()
    assert Tombstone.objects.filter(
        uri=f"http://127.0.0.1:8000/@alice/experiences/{experience.pk}/"
    ).exists()
    # Her key stays while the Delete is being delivered.
    assert ActorKey.objects.get(profile=person).public_pem == key.public_pem
    # Her page and actor are gone (410 with a Tombstone, so peers drop their copies).
    assert (
        client_for(None).get("/@alice/", HTTP_ACCEPT="application/activity+json").status_code == 410
    )


def test_the_key_goes_once_the_delete_is_delivered(person, remote_follower):
    from federation.incoming.account_deletion import purge_keys
    from federation.peers.keys import key_for

    key_for(person)
    Follow.objects.create(follower=remote_follower, followed=person, state="accepted")
    client_for(person).post("/me/delete/", {"password": PASSWORD})
    assert purge_keys() == 0
    assert ActorKey.objects.filter(profile=person).exists()
    Delivery.objects.filter(activity__actor=person).update(state="delivered")
    assert purge_keys() == 1
    assert not ActorKey.objects.filter(profile=person).exists()
    assert ClosedAccount.objects.get(profile=person).key_purged_at is not None


def test_the_handle_stays_reserved(person, client, db):
    client_for(person).post("/me/delete/", {"password": PASSWORD})
    response = client.post(
        "/accounts/signup/",
        {
            "username": "alice",
            "email": "new@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert "This handle is taken" in response.content.decode()
    assert not User.objects.filter(username="alice").exists()


def test_the_last_owner_of_an_organisation_is_told_and_nothing_changes(person):
    org_profile = Profile.objects.create(handle="chezpaul", kind="organisation")
    organisation = Organisation.objects.create(profile=org_profile)
    Membership.objects.create(organisation=organisation, user=person.user, role=MemberRole.OWNER)
    page = client_for(person).get("/me/delete/").content.decode()
    assert "You are the last owner of" in page
    response = client_for(person).post("/me/delete/", {"password": PASSWORD})
    assert response.status_code == 400
    assert "make someone else an owner" in response.content.decode()
    assert User.objects.filter(username="alice").exists()
    other = make_person("oscar")
    Membership.objects.create(organisation=organisation, user=other.user, role=MemberRole.OWNER)
    assert client_for(person).post("/me/delete/", {"password": PASSWORD}).status_code == 302
    assert Membership.objects.filter(organisation=organisation).count() == 1


def test_a_counsellor_who_deletes_their_account_no_longer_holds_the_role(person, counsellor):
    delete_account(counsellor)
    assert not CounsellorGrant.objects.filter(profile=counsellor).exists()
    assert not CounsellorLink.objects.filter(person=person).exists()
