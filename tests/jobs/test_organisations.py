"""Organisations as their members and visitors see them: creating, showcase, members, mark."""

from __future__ import annotations

import html
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from jobs import organisations
from jobs.models import MemberRole, Membership, Organisation
from profiles.models import Follow, Profile
from tests.conftest import client_for, make_person
from tests.jobs.conftest import ORGANISATION, make_offer
from tests.profiles.image_helpers import STORED_NAME, assert_no_metadata, body

pytestmark = pytest.mark.django_db


def seen(response) -> str:
    """The page as a reader sees its text (entities decoded)."""
    return html.unescape(response.content.decode())


def test_a_user_creates_an_organisation_and_becomes_its_owner(person):
    client = client_for(person)
    response = client.post(reverse("jobs:organisation-new"), {**ORGANISATION, "handle": "@Fournil"})
    assert response.status_code == 302
    assert response["Location"] == "/@fournil/"
    organisation = Organisation.objects.get(profile__handle="fournil")
    assert organisation.profile.kind == "organisation"
    assert organisation.profile.user is None
    assert organisations.is_owner(person.user, organisation)
    page = seen(client.get("/@fournil/"))
    assert "Boulangerie du Coin" in page
    assert "Une boulangerie de quartier" in page
    assert 'lang="fr"' in page
    assert "Edit this page" in page
    # The nav now leads members to their organisation.
    assert reverse("jobs:mine") in page
    # Visitors see it too, published for everyone.
    anonymous = seen(client_for(None).get("/@fournil/"))
    assert "Boulangerie du Coin" in anonymous
    assert "Edit this page" not in anonymous


@pytest.mark.parametrize(
    ("handle", "error"),
    [
        ("admin", "reserved"),
        ("olga", "taken"),
        ("Not valid!", "lower-case letters"),
    ],
)
def test_a_bad_handle_is_refused_and_nothing_is_created(person, owner, handle, error):
    response = client_for(person).post(
        reverse("jobs:organisation-new"), {**ORGANISATION, "handle": handle}
    )
    assert response.status_code == 200
    assert error in seen(response)
    assert not Organisation.objects.exists()
    assert not Profile.objects.filter(kind="organisation").exists()


def test_creating_an_organisation_needs_an_account(client):
    response = client.get(reverse("jobs:organisation-new"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_showcase_shows_the_verified_mark_only_once_verified(organisation, settings):
    client = client_for(None)
    page = seen(client.get("/@boulangerie/"))
    assert "Verified by" not in page
    assert 'rel="nofollow noopener ugc"' in page
    assert "1 to 9 people" in page
    organisations.mark_verified(organisation, "SIRET checked")
    page = seen(client.get("/@boulangerie/"))
    assert f"Verified by {settings.TREMPLIN_DOMAIN}" in page
    organisations.remove_verified(organisation)
    assert "Verified by" not in seen(client.get("/@boulangerie/"))


def test_a_remote_organisation_is_verified_by_its_own_node(remote_organisation):
    from django.utils import timezone

    remote_organisation.verified_at = timezone.now()
    remote_organisation.save()
    page = seen(client_for(None).get(reverse("jobs:organisations")))
    assert "Acme Travaux" in page
    assert "Verified by other.example" in page


def test_the_node_admin_marks_an_organisation_verified(organisation):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "x-pass-42")
    client = client_for(None)
    client.force_login(admin)
    url = reverse("admin:jobs_organisation_changelist")
    response = client.post(
        url, {"action": "mark_verified", "_selected_action": [organisation.pk]}, follow=True
    )
    assert "1 organisation verified." in seen(response)
    organisation.refresh_from_db()
    assert organisation.verified_at is not None
    client.post(url, {"action": "remove_verified", "_selected_action": [organisation.pk]})
    organisation.refresh_from_db()
    assert organisation.verified_at is None


def test_a_visitor_follows_an_organisation_from_its_page(organisation, person):
    client = client_for(person)
    page = seen(client.get("/@boulangerie/"))
    assert reverse("profiles:follow", args=["boulangerie"]) in page
    client.post(reverse("profiles:follow", args=["boulangerie"]))
    assert Follow.objects.filter(follower=person, followed=organisation.profile).exists()
    page = seen(client.get("/@boulangerie/"))
    assert "Unfollow" in page
    assert "1 follower" in page


def test_the_showcase_lists_open_offers_and_people_who_chose_to_appear(organisation, owner):
    make_offer(organisation, title="Vendeuse en boulangerie")
    make_offer(organisation, title="Brouillon secret", publish=False)
    client = client_for(None)
    page = seen(client.get("/@boulangerie/"))
    assert "Vendeuse en boulangerie" in page
    assert "Brouillon secret" not in page
    assert "Olga" not in page
    client_for(owner).post(reverse("jobs:shown", args=[organisation.pk]), {"shown": "1"})
    page = seen(client.get("/@boulangerie/"))
    assert "Olga" in page
    client_for(owner).post(reverse("jobs:shown", args=[organisation.pk]), {"shown": "0"})
    assert "Olga" not in seen(client.get("/@boulangerie/"))


def test_members_edit_the_showcase_and_others_cannot(organisation, owner, person):
    url = reverse("jobs:showcase-edit", args=[organisation.pk])
    assert client_for(person).get(url).status_code == 404
    assert client_for(person).post(url, {**ORGANISATION, "name": "Pirate"}).status_code == 404
    client = client_for(owner)
    response = client.post(url, {**ORGANISATION, "name": "Le Fournil", "about": "Pain bio."})
    assert response.status_code == 302
    page = seen(client_for(None).get("/@boulangerie/"))
    assert "Le Fournil" in page
    assert "Pain bio." in page
    bad = client.post(url, {**ORGANISATION, "name": "", "website": "not a site"})
    assert bad.status_code == 200
    assert "This field is required." in seen(bad)
    assert "Enter a valid URL." in seen(bad)


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_the_logo_is_checked_like_a_photo(organisation, owner):
    client = client_for(owner)
    url = reverse("jobs:logo", args=[organisation.pk])
    bad = SimpleUploadedFile("logo.png", b"not an image", content_type="image/png")
    response = client.post(url, {"avatar": bad}, follow=True)
    assert "Upload a valid image" in seen(response)
    organisation.profile.refresh_from_db()
    assert not organisation.profile.avatar
    good = SimpleUploadedFile("logo.png", _png(), content_type="image/png")
    client.post(url, {"avatar": good})
    organisation.profile.refresh_from_db()
    assert STORED_NAME.match(organisation.profile.avatar.name)  # re-encoded, renamed
    assert organisation.profile.avatar.url in seen(client_for(None).get("/@boulangerie/"))
    logo = client_for(None).get(organisation.profile.avatar.url)
    assert logo.status_code == 200
    assert_no_metadata(body(logo))


def test_an_owner_adds_members_by_email_or_handle(organisation, owner, person, member):
    client = client_for(owner)
    add = reverse("jobs:member-add", args=[organisation.pk])
    response = client.post(add, {"who": "ALICE@example.org", "role": "recruiter"}, follow=True)
    assert "Alice is now a member." in seen(response)
    client.post(add, {"who": "@bob", "role": "owner"})
    roles = dict(Membership.objects.values_list("user__username", "role"))
    assert roles == {"olga": "owner", "alice": "recruiter", "bob": "owner"}
    again = client.post(add, {"who": "alice", "role": "owner"}, follow=True)
    assert "already a member" in seen(again)
    unknown = client.post(add, {"who": "nobody@example.org", "role": "owner"}, follow=True)
    assert "must sign up here first" in seen(unknown)
    # The new member sees the organisation in their nav and page.
    page = seen(client_for(person).get(reverse("jobs:mine")))
    assert "Boulangerie du Coin" in page


def test_people_of_other_nodes_cannot_be_added(organisation, owner):
    Profile.objects.create(handle="remote", domain="other.example")
    response = client_for(owner).post(
        reverse("jobs:member-add", args=[organisation.pk]),
        {"who": "remote@other.example", "role": "owner"},
        follow=True,
    )
    assert "must sign up here first" in seen(response)
    assert organisation.memberships.count() == 1


def test_a_recruiter_cannot_manage_members(organisation, owner, person, member):
    organisations.add_member(organisation, owner.user, "alice", MemberRole.RECRUITER)
    client = client_for(person)
    response = client.post(
        reverse("jobs:member-add", args=[organisation.pk]),
        {"who": "bob", "role": "owner"},
        follow=True,
    )
    assert "Only the organisation's owners manage its members." in seen(response)
    assert organisation.memberships.count() == 2
    olga = Membership.objects.get(user=owner.user)
    client.post(reverse("jobs:member-remove", args=[organisation.pk, olga.pk]))
    client.post(reverse("jobs:member-role", args=[organisation.pk, olga.pk]), {"role": "recruiter"})
    olga.refresh_from_db()
    assert olga.role == "owner"


def test_an_organisation_keeps_at_least_one_owner(organisation, owner, person):
    client = client_for(owner)
    olga = Membership.objects.get(user=owner.user)
    response = client.post(
        reverse("jobs:member-role", args=[organisation.pk, olga.pk]),
        {"role": "recruiter"},
        follow=True,
    )
    assert "keeps at least one owner" in seen(response)
    response = client.post(
        reverse("jobs:member-remove", args=[organisation.pk, olga.pk]), follow=True
    )
    assert "keeps at least one owner" in seen(response)
    assert Membership.objects.filter(pk=olga.pk, role="owner").exists()
    # With a second owner, the first may leave.
    organisations.add_member(organisation, owner.user, "alice", MemberRole.OWNER)
    response = client.post(
        reverse("jobs:member-remove", args=[organisation.pk, olga.pk]), follow=True
    )
    assert "You left the organisation." in seen(response)
    assert not organisations.is_member(owner.user, organisation)


def test_a_member_leaves_and_an_owner_removes_a_member(organisation, owner, person):
    membership = organisations.add_member(organisation, owner.user, "alice", "recruiter")
    client_for(owner).post(reverse("jobs:member-remove", args=[organisation.pk, membership.pk]))
    assert not organisations.is_member(person.user, organisation)
    assert reverse("jobs:mine") not in seen(client_for(person).get("/"))


def test_member_actions_are_post_only(organisation, owner):
    olga = Membership.objects.get(user=owner.user)
    client = client_for(owner)
    for url in [
        reverse("jobs:member-add", args=[organisation.pk]),
        reverse("jobs:member-remove", args=[organisation.pk, olga.pk]),
        reverse("jobs:member-role", args=[organisation.pk, olga.pk]),
        reverse("jobs:shown", args=[organisation.pk]),
        reverse("jobs:logo", args=[organisation.pk]),
    ]:
        assert client.get(url).status_code == 405, url


def test_the_organisations_list_shows_local_and_remote_ones(organisation, remote_organisation):
    page = seen(client_for(None).get(reverse("jobs:organisations")))
    assert "Boulangerie du Coin" in page
    assert "Acme Travaux" in page
    assert "@acme@other.example" in page


def test_marking_verified_tells_listeners_in_its_transaction(
    organisation, django_capture_on_commit_callbacks
):
    from jobs import events

    heard = []

    def listener(**kwargs):
        heard.append(kwargs["organisation"])

    events.organisation_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            organisations.mark_verified(organisation)
        assert heard == [organisation]
    finally:
        events.organisation_changed.disconnect(listener)


def test_a_minor_can_still_be_added_as_a_local_user(organisation, owner):
    young = make_person("zoe", birth=(2012, 1))
    membership = organisations.add_member(organisation, owner.user, "zoe", "recruiter")
    assert membership.user == young.user
