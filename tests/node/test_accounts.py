"""Sign-up, log-in, password reset and invitations, as a newcomer lives them."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from jobs import counsellor_invitations
from node.accounts.models import Invitation, NodeSettings, User
from profiles.models import CounsellorGrant, Profile, Role
from profiles.visibility import Visibility
from tests.jobs.counsellor_helpers import accompanying_structure

pytestmark = pytest.mark.django_db


def signup_data(**changes):
    data = {
        "username": "Nadia_93",
        "display_name": "Nadia",
        "email": "nadia@example.org",
        "role": Role.YOUNG,
        "birth_month": 5,
        "birth_year": 2004,
        "password1": "une-phrase-de-passe",
        "password2": "une-phrase-de-passe",
    }
    data.update(changes)
    return data


def test_signing_up_creates_an_account_and_a_draft_profile_and_logs_in(client):
    response = client.post(reverse("signup"), signup_data())
    assert response.status_code == 302
    assert response.url == reverse("profiles:experience-new")
    profile = Profile.objects.get(handle="nadia_93")
    assert profile.user.email == "nadia@example.org"
    assert profile.draft.display_name == "Nadia" and profile.published is None
    assert profile.default_visibility == Visibility.MEMBERS
    assert client.get(reverse("profiles:my-profile")).status_code == 200


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"username": "nadia 93"}, "username"),
        ({"username": "admin"}, "username"),
        ({"username": "x"}, "username"),
        ({"email": "not-an-email"}, "email"),
        ({"password2": "something-else"}, "password2"),
        ({"password1": "123", "password2": "123"}, "password2"),
        ({"birth_year": ""}, "birth_year"),
        ({"role": "king"}, "role"),
    ],
)
def test_a_bad_sign_up_says_what_is_wrong_and_creates_nothing(client, changes, field):
    response = client.post(reverse("signup"), signup_data(**changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not User.objects.exists() and not Profile.objects.exists()


def test_a_taken_handle_or_email_is_refused(client):
    client.post(reverse("signup"), signup_data())
    client.logout()
    again = client.post(reverse("signup"), signup_data(email="other@example.org"))
    assert "username" in again.context["form"].errors
    again = client.post(reverse("signup"), signup_data(username="other", email="NADIA@example.org"))
    assert "email" in again.context["form"].errors
    assert User.objects.count() == 1


def test_signing_up_cannot_make_a_counsellor(client):
    """Choosing "counsellor" without a structure's code is a form error and creates nothing."""
    response = client.post(
        reverse("signup"), signup_data(role=Role.COUNSELLOR, birth_year="", birth_month="")
    )
    assert response.status_code == 200
    assert "counsellor_invitation" in response.context["form"].errors
    assert b"invitation code of their structure" in response.content
    assert not Profile.objects.exists() and not CounsellorGrant.objects.exists()


def test_a_made_up_counsellor_code_is_refused(client):
    response = client.post(
        reverse("signup"),
        signup_data(role=Role.COUNSELLOR, counsellor_invitation="made-up", birth_year=""),
    )
    assert "counsellor_invitation" in response.context["form"].errors
    assert not Profile.objects.exists()


def test_a_counsellor_signs_up_with_a_structures_code_without_a_birth_date(client):
    structure = accompanying_structure()
    invitation = counsellor_invitations.issue(structure, structure.memberships.get().user)
    response = client.post(
        reverse("signup"),
        signup_data(
            role=Role.COUNSELLOR,
            counsellor_invitation=invitation.code,
            birth_year="",
            birth_month="",
        ),
    )
    assert response.status_code == 302
    profile = Profile.objects.get(handle="nadia_93")
    assert profile.role == Role.COUNSELLOR
    assert profile.counsellor_grant.organisation == structure.profile
    invitation.refresh_from_db()
    assert invitation.redeemed_by == profile and invitation.redeemed_at is not None


def test_a_structures_code_stands_for_the_nodes_invitation(client):
    settings_row = NodeSettings.current()
    settings_row.require_invitation = True
    settings_row.save()
    structure = accompanying_structure()
    invitation = counsellor_invitations.issue(structure, structure.memberships.get().user)
    response = client.post(
        reverse("signup"),
        signup_data(role=Role.COUNSELLOR, counsellor_invitation=invitation.code, birth_year=""),
    )
    assert response.status_code == 302
    assert Profile.objects.get(handle="nadia_93").counsellor_grant is not None


def test_a_young_person_with_a_counsellor_code_is_asked_to_choose_counsellor(client):
    structure = accompanying_structure()
    invitation = counsellor_invitations.issue(structure, structure.memberships.get().user)
    response = client.post(reverse("signup"), signup_data(counsellor_invitation=invitation.code))
    assert "role" in response.context["form"].errors
    assert not Profile.objects.filter(handle="nadia_93").exists()


def test_when_the_node_requires_invitations_a_code_is_needed_and_used_up(client):
    settings_row = NodeSettings.current()
    settings_row.require_invitation = True
    settings_row.save()
    refused = client.post(reverse("signup"), signup_data())
    assert "invitation" in refused.context["form"].errors
    invitation = Invitation.objects.create(max_uses=1)
    assert (
        client.post(reverse("signup"), signup_data(invitation=invitation.code)).status_code == 302
    )
    client.logout()
    reused = client.post(
        reverse("signup"),
        signup_data(username="second", email="b@example.org", invitation=invitation.code),
    )
    assert "invitation" in reused.context["form"].errors
    assert User.objects.count() == 1
    invitation.refresh_from_db()
    assert invitation.uses == 1


def test_log_in_and_out(client):
    client.post(reverse("signup"), signup_data())
    client.post(reverse("logout"))
    assert client.get(reverse("profiles:my-profile")).status_code == 302
    response = client.post(
        reverse("login"), {"username": "nadia_93", "password": "une-phrase-de-passe"}
    )
    assert response.status_code == 302
    wrong = client.post(reverse("login"), {"username": "nadia_93", "password": "nope"})
    assert wrong.status_code == 200 and wrong.context["form"].errors


def test_password_reset_by_email_lets_the_person_choose_a_new_password(client):
    client.post(reverse("signup"), signup_data())
    client.post(reverse("logout"))
    client.post(reverse("password_reset"), {"email": "nadia@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "encore-une-autre-phrase", "new_password2": "encore-une-autre-phrase"},
    )
    assert client.login(username="nadia_93", password="encore-une-autre-phrase")
