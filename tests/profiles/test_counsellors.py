"""Counsellors are granted, not self-declared; a young person sees who and where first.

Through the real pages: the admin's action, the add-a-counsellor flow with its
confirmation step, removal. What a granted or ungranted counsellor then sees is the
visibility matrix (tests/visibility/test_matrix.py, columns chosen and unconf).
"""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from profiles import counsellors
from profiles.models import CounsellorGrant, CounsellorLink, Role
from profiles.visibility import Visibility
from tests.conftest import client_for, make_experience, make_person
from tests.jobs.counsellor_helpers import accompanying_structure

pytestmark = pytest.mark.django_db
ADD = reverse("profiles:counsellor-add")


def test_an_admin_grant_makes_a_counsellor_recorded_with_who_and_when(admin_client, admin_user):
    sophie = make_person("sophie", birth=None)
    assert not counsellors.is_granted(sophie)
    response = admin_client.post(
        "/admin/profiles/profile/",
        {"action": "grant_counsellor_role", "_selected_action": [sophie.pk]},
    )
    assert response.status_code == 302
    sophie.refresh_from_db()
    grant = CounsellorGrant.objects.get(profile=sophie)
    assert sophie.role == Role.COUNSELLOR
    assert grant.granted_by == admin_user and grant.granted_at is not None
    assert LogEntry.objects.filter(object_id=str(sophie.pk), user=admin_user).exists()
    assert counsellors.granted_counsellors().filter(pk=sophie.pk).exists()


def test_an_admin_cannot_make_a_minor_a_counsellor(admin_client, settings):
    from django.utils import timezone

    minor = make_person("jade", birth=(timezone.localdate().year - 15, 1))
    admin_client.post(
        "/admin/profiles/profile/",
        {"action": "grant_counsellor_role", "_selected_action": [minor.pk]},
    )
    assert not CounsellorGrant.objects.filter(profile=minor).exists()


def test_withdrawing_the_role_in_the_admin_takes_access_away(admin_client, person, counsellor):
    make_experience(person, Visibility.PRIVATE, title="Private kitchen helper")
    assert b"Private kitchen helper" in client_for(counsellor).get("/me/people/").content
    admin_client.post(
        "/admin/profiles/profile/",
        {"action": "withdraw_counsellor_role", "_selected_action": [counsellor.pk]},
    )
    assert not counsellors.is_granted(counsellor)
    assert b"Private kitchen helper" not in client_for(counsellor).get("/me/people/").content
    assert (
        client_for(counsellor).get(person.experiences.get().get_absolute_url()).status_code == 404
    )


def test_a_young_person_cannot_add_an_ungranted_counsellor(person):
    self_declared = make_person("ugo", birth=None)
    self_declared.role = Role.COUNSELLOR  # as the old sign-up let anyone say
    self_declared.save()
    client = client_for(person)
    for response in (
        client.get(ADD, {"handle": "ugo"}, follow=True),
        client.post(ADD, {"handle": "ugo", "confirm": "yes"}, follow=True),
    ):
        assert "is not a counsellor confirmed by this node" in response.content.decode()
    assert not CounsellorLink.objects.exists()


def test_no_link_to_an_ungranted_counsellor_can_be_made_any_other_way(person):
    from django.core.exceptions import ValidationError

    ugo = make_person("ugo", birth=None)
    with pytest.raises(ValidationError):
        CounsellorLink.objects.create(person=person, counsellor=ugo)
    with pytest.raises(ValidationError):
        counsellors.choose(person, ugo)


def test_nobody_can_be_their_own_counsellor_or_a_stranger(person):
    client = client_for(person)
    assert (
        "There is no counsellor"
        in client.get(ADD, {"handle": "nobody"}, follow=True).content.decode()
    )
    response = client.get(ADD, {"handle": person.handle}, follow=True)
    assert "You cannot be your own counsellor" in response.content.decode()


def test_the_confirmation_shows_who_and_where_and_grants_nothing_until_confirmed(person):
    structure = accompanying_structure()
    sophie = make_person("sophie", birth=None)
    counsellors.grant(sophie, organisation=structure.profile)
    client = client_for(person)

    page = client.get(ADD, {"handle": "@Sophie"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Sophie" in text and "Mission Locale Lyon" in text
    assert "@sophie@" in text  # the node, in the handle, and by name below
    assert "Your drafts" in text and "recruiter" in text
    assert not CounsellorLink.objects.exists()
    # The old one-step form (a POST with only the handle) shows the same confirmation.
    again = client.post(ADD, {"handle": "sophie"})
    assert again.status_code == 200 and "Mission Locale Lyon" in again.content.decode()
    assert not CounsellorLink.objects.exists()

    done = client.post(ADD, {"handle": "sophie", "confirm": "yes"})
    assert done.status_code == 302
    assert CounsellorLink.objects.filter(person=person, counsellor=sophie).exists()
    mine = client.get(reverse("profiles:my-profile")).content.decode()
    assert "Sophie, counsellor at Mission Locale Lyon" in mine


def test_the_confirmation_page_names_the_node(person, settings):
    settings.TREMPLIN_NAME = "Tremplin Lyon"
    sophie = make_person("sophie", role="counsellor", birth=None)
    text = client_for(person).get(ADD, {"handle": sophie.handle}).content.decode()
    assert "Tremplin Lyon" in text and settings.TREMPLIN_DOMAIN in text


def test_a_person_removes_a_counsellor_at_any_time(person, counsellor):
    make_experience(person, Visibility.PRIVATE, title="Private kitchen helper")
    link = CounsellorLink.objects.get(person=person, counsellor=counsellor)
    response = client_for(person).post(reverse("profiles:counsellor-remove", args=[link.pk]))
    assert response.status_code == 302
    assert not CounsellorLink.objects.exists()
    assert b"Private kitchen helper" not in client_for(counsellor).get("/me/people/").content


def test_only_me_is_offered_with_an_explanation(person):
    text = client_for(person).get(reverse("profiles:my-profile")).content.decode()
    assert "Only me" in text and "not even your counsellors" in text


def test_a_counsellors_page_says_where_they_work_and_a_self_declared_one_is_not_shown_as_one(
    member,
):
    structure = accompanying_structure()
    sophie = make_person("sophie", birth=None)
    counsellors.grant(sophie, organisation=structure.profile)
    page = client_for(member).get(sophie.get_absolute_url()).content.decode()
    assert "Counsellor at Mission Locale Lyon" in page
    counsellors.withdraw(sophie)
    page = client_for(member).get(sophie.get_absolute_url()).content.decode()
    assert "Counsellor role not confirmed by this node" in page
