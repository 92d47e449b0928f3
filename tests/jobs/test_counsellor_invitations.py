"""Accompanying structures invite their counsellors; nobody else can make one.

Through the real pages: the owner's "My organisation" page, the redeem page of an
existing account, the admin's flag. Signing up with a code is in tests/node/test_accounts.py.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs import counsellor_invitations
from jobs.models import CounsellorInvitation, MemberRole, Membership
from profiles import counsellors
from profiles.models import CounsellorGrant, CounsellorLink, Role
from tests.conftest import client_for, make_person
from tests.jobs.counsellor_helpers import accompanying_structure

pytestmark = pytest.mark.django_db


def owner_client(structure):
    return client_for(structure.memberships.get().user.profile)


def test_an_organisation_not_marked_accompanying_cannot_issue_invitations():
    structure = accompanying_structure(accompanying=False)
    client = owner_client(structure)
    page = client.get(reverse("jobs:mine")).content.decode()
    assert "Create a counsellor invitation" not in page
    response = client.post(reverse("jobs:counsellor-invite", args=[structure.pk]), follow=True)
    assert "accompanying structure can invite counsellors" in response.content.decode()
    assert not CounsellorInvitation.objects.exists()


def test_only_an_owner_issues_invitations():
    structure = accompanying_structure()
    recruiter = make_person("rita")
    Membership.objects.create(
        organisation=structure, user=recruiter.user, role=MemberRole.RECRUITER
    )
    response = client_for(recruiter).post(
        reverse("jobs:counsellor-invite", args=[structure.pk]), follow=True
    )
    assert "owners invite counsellors" in response.content.decode()
    assert not CounsellorInvitation.objects.exists()


def test_a_redeemed_invitation_makes_a_counsellor_of_that_organisation():
    structure = accompanying_structure()
    client = owner_client(structure)
    response = client.post(
        reverse("jobs:counsellor-invite", args=[structure.pk]), {"note": "Sophie"}, follow=True
    )
    invitation = CounsellorInvitation.objects.get()
    assert invitation.code in response.content.decode()
    assert invitation.organisation == structure and invitation.note == "Sophie"

    sophie = make_person("sophie", birth=None)
    done = client_for(sophie).post(
        reverse("jobs:counsellor-redeem"), {"code": invitation.code}, follow=True
    )
    assert "You are now a counsellor at Mission Locale Lyon" in done.content.decode()
    sophie.refresh_from_db()
    assert sophie.role == Role.COUNSELLOR
    grant = CounsellorGrant.objects.get(profile=sophie)
    assert grant.organisation == structure.profile
    assert grant.granted_by == structure.memberships.get().user
    # One use only.
    again = client_for(make_person("tom", birth=None)).post(
        reverse("jobs:counsellor-redeem"), {"code": invitation.code}
    )
    assert "not valid" in again.content.decode()
    assert CounsellorGrant.objects.count() == 1
    # The owner sees their counsellor and may withdraw the role (they left the structure).
    assert "Sophie" in client.get(reverse("jobs:mine")).content.decode()
    young = make_person("yanis")
    counsellors.choose(young, sophie)
    client.post(reverse("jobs:counsellor-withdraw", args=[structure.pk, sophie.pk]))
    assert not counsellors.is_granted(sophie)
    assert not CounsellorLink.objects.granted().exists()


def test_unmarking_the_structure_or_time_makes_its_codes_worthless():
    structure = accompanying_structure()
    owner = structure.memberships.get().user
    stale = counsellor_invitations.issue(structure, owner)
    CounsellorInvitation.objects.filter(pk=stale.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    fresh = counsellor_invitations.issue(structure, owner)
    structure.accompanying = False
    structure.save(update_fields=["accompanying"])
    person = make_person("sophie", birth=None)
    for code in (stale.code, fresh.code, "made-up"):
        response = client_for(person).post(reverse("jobs:counsellor-redeem"), {"code": code})
        assert "not valid" in response.content.decode()
    assert not CounsellorGrant.objects.exists()


def test_a_minor_cannot_redeem_a_counsellor_code():
    structure = accompanying_structure()
    invitation = counsellor_invitations.issue(structure, structure.memberships.get().user)
    minor = make_person("jade", birth=(timezone.localdate().year - 15, 1))
    response = client_for(minor).post(reverse("jobs:counsellor-redeem"), {"code": invitation.code})
    assert "A minor cannot be a counsellor" in response.content.decode()
    assert not CounsellorGrant.objects.exists()
    invitation.refresh_from_db()
    assert invitation.redeemed_at is None  # not used up by a refusal


def test_the_admin_marks_an_accompanying_structure(admin_client):
    structure = accompanying_structure(accompanying=False)
    page = admin_client.get(f"/admin/jobs/organisation/{structure.pk}/change/")
    assert b'name="accompanying"' in page.content
