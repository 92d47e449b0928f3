"""Members act for their organisation: they follow and read the feed as it."""

from __future__ import annotations

from django.test import Client

from profiles import publishing
from profiles.models import Follow, Profile, ProfileKind
from profiles.visibility import Visibility
from tests.conftest import PASSWORD, make_person


def logged_in(handle: str) -> Client:
    client = Client()
    assert client.login(username=handle, password=PASSWORD)
    return client


def territory(domain: str = "territoire.example") -> Profile:
    """A node of another territory, as federation stores its actor."""
    node = Profile.objects.create(
        handle=domain, domain=domain, kind=ProfileKind.NODE, url=f"https://{domain}/actor/"
    )
    publishing.save_profile_draft(
        node,
        {
            "display_name": "Territoire",
            "headline": "",
            "about": "",
            "territory": "",
            "languages_spoken": [],
            "language": "fr",
        },
    )
    publishing.publish_profile(node, Visibility.PUBLIC)
    return node


def publish_experience(owner: Profile, title: str) -> None:
    experience = publishing.save_experience_draft(
        owner,
        None,
        {
            "kind": "job",
            "title": title,
            "start_year": 2024,
            "start_month": 1,
            "language": "fr",
            "organisation": "",
            "place": "",
            "what_i_did": "",
            "responsibilities": "",
            "motivation": "",
            "learned": "",
        },
        [],
    )
    publishing.publish_experience(experience, Visibility.PUBLIC)


def test_a_member_follows_a_person_as_the_organisation(organisation, owner):
    lea = make_person("lea")
    page = logged_in("olga").get(lea.get_absolute_url())
    assert "as Boulangerie du Coin" in page.content.decode()
    logged_in("olga").post("/@lea/follow/", {"as": organisation.profile.handle})
    assert Follow.objects.filter(follower=organisation.profile, followed=lea).exists()
    assert not Follow.objects.filter(follower=owner, followed=lea).exists()


def test_someone_else_cannot_follow_as_the_organisation(organisation):
    lea = make_person("lea")
    make_person("mallory")
    answer = logged_in("mallory").post("/@lea/follow/", {"as": organisation.profile.handle})
    assert answer.status_code == 403
    assert not Follow.objects.filter(followed=lea).exists()


def test_the_organisation_feed_shows_the_territory_it_follows(organisation):
    node = territory()
    person = Profile.objects.create(handle="remi", domain=node.domain, url="https://t/@remi/")
    publishing.save_profile_draft(
        person,
        {
            "display_name": "Rémi",
            "headline": "",
            "about": "",
            "territory": "",
            "languages_spoken": [],
            "language": "fr",
        },
    )
    publishing.publish_profile(person, Visibility.PUBLIC)
    publish_experience(person, "Aide cuisinier au Puy")
    Follow.objects.create(follower=organisation.profile, followed=node, state="accepted")
    client = logged_in("olga")
    own = client.get("/feed/").content.decode()
    assert "Aide cuisinier au Puy" not in own
    as_organisation = client.get("/feed/", {"as": organisation.profile.handle}).content.decode()
    assert "Feed of Boulangerie du Coin" in as_organisation
    assert "Aide cuisinier au Puy" in as_organisation
    assert client.get("/feed/", {"as": "someone_else"}).status_code == 403
