"""WebFinger, NodeInfo, actors and objects as other servers see them."""

from __future__ import annotations

import pytest
from django.conf import settings

from profiles import publishing
from profiles.visibility import Visibility
from tests.conftest import make_experience, make_person

pytestmark = pytest.mark.django_db
AP = {"HTTP_ACCEPT": "application/activity+json"}


def test_webfinger_answers_for_a_local_person(client, person):
    answer = client.get(
        "/.well-known/webfinger", {"resource": f"acct:alice@{settings.TREMPLIN_DOMAIN}"}
    )
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/jrd+json")
    links = {link["rel"]: link["href"] for link in answer.json()["links"]}
    assert links["self"].endswith("/@alice/")


@pytest.mark.parametrize(
    ("resource", "status"),
    [("", 400), ("acct:nobody@{d}", 404), ("acct:alice@elsewhere.example", 404), ("mailto:x", 404)],
)
def test_webfinger_refuses_what_is_not_ours(client, person, resource, status):
    resource = resource.format(d=settings.TREMPLIN_DOMAIN)
    assert client.get("/.well-known/webfinger", {"resource": resource}).status_code == status


def test_nodeinfo_counts_only_what_anyone_could_count(client, person, vocabulary):
    hidden = make_person("hidden")
    publishing.publish_profile(hidden, Visibility.MEMBERS)
    make_experience(person, Visibility.PUBLIC)
    make_experience(person, Visibility.MEMBERS)
    href = client.get("/.well-known/nodeinfo").json()["links"][0]["href"]
    info = client.get(href[href.index("/nodeinfo") :]).json()
    assert info["software"]["name"] == "tremplin"
    assert info["protocols"] == ["activitypub"]
    assert info["usage"]["users"]["total"] == 1
    assert info["usage"]["localPosts"] == 1


def test_the_same_url_gives_html_to_a_browser_and_json_to_a_peer(client, person):
    page = client.get("/@alice/")
    assert page["Content-Type"].startswith("text/html")
    actor = client.get("/@alice/", **AP)
    assert actor["Content-Type"].startswith("application/activity+json")
    document = actor.json()
    assert document["id"].endswith("/@alice/") and document["type"] == "Person"
    assert document["publicKey"]["owner"] == document["id"]
    assert "BEGIN PUBLIC KEY" in document["publicKey"]["publicKeyPem"]
    assert document["endpoints"]["sharedInbox"].endswith("/inbox/")
    assert document["discoverable"] is True and document["indexable"] is True


def test_a_profile_for_members_only_shows_peers_no_words(client, person):
    publishing.save_profile_draft(
        person,
        {
            "display_name": "Secret Alice",
            "headline": "Hidden",
            "about": "",
            "territory": "",
            "languages_spoken": [],
            "language": "en",
        },
    )
    publishing.publish_profile(person, Visibility.MEMBERS)
    document = client.get("/@alice/", **AP).json()
    assert "Secret" not in str(document) and document["discoverable"] is False


def test_a_public_experience_is_an_article_with_its_language_and_tags(client, person, vocabulary):
    experience = make_experience(person, Visibility.PUBLIC, language="fr", title="Commis")
    article = client.get(experience.get_absolute_url(), **AP).json()
    assert article["type"] == "Article" and article["name"] == "Commis"
    assert list(article["contentMap"]) == ["fr"]
    assert "https://www.w3.org/ns/activitystreams#Public" in article["to"]
    assert article["tag"][0]["type"] == "Hashtag" and article["tag"][0]["concept"] == "cooking"
    assert article["experienceKind"] == "summer_job" and article["startDate"] == "2023-07"


@pytest.mark.parametrize("level", [Visibility.MEMBERS, Visibility.FOLLOWERS, Visibility.PRIVATE])
def test_an_experience_not_public_is_not_served_to_peers(client, person, vocabulary, level):
    experience = make_experience(person, level)
    assert client.get(experience.get_absolute_url(), **AP).status_code == 404


def test_hostile_text_is_escaped_in_the_article(client, person, vocabulary):
    experience = make_experience(person, Visibility.PUBLIC, title="<script>x</script>")
    article = client.get(experience.get_absolute_url(), **AP).json()
    assert "<script>" not in article["content"] and "&lt;script&gt;" in article["content"]


def test_the_admin_lists_federation_rows(admin_client):
    for path in [
        "domainrule",
        "domainhealth",
        "remoteactor",
        "delivery",
        "outboxactivity",
        "inboxitem",
    ]:
        assert admin_client.get(f"/admin/federation/{path}/").status_code == 200, path
