"""The node's actor is a territory: served, recognised, shown, listed, renamed as one."""

from __future__ import annotations

import pytest
from django.test import Client

from federation.models import InstanceFollower, OutboxActivity
from federation.peers.actors import store_actor
from node.accounts.models import NodeSettings
from profiles.models import ProfileKind
from tests.federation.helpers import PUBLIC_PEM, make_remote_actor
from tests.federation.test_independent import BASE, fetch

pytestmark = pytest.mark.django_db


def node_actor_document(domain: str = "other.example", **changes: object) -> dict:
    """Another Tremplin node's actor, as it serves it."""
    uri = f"https://{domain}/actor/"
    document = {
        "id": uri,
        "type": "Service",
        "isTerritory": True,
        "preferredUsername": domain,
        "name": "Pays Basque",
        "summary": "<p>Young people of the Basque country.</p>",
        "inbox": f"{uri}inbox/",
        "followers": f"{uri}followers/",
        "publicKey": {"id": f"{uri}#main-key", "owner": uri, "publicKeyPem": PUBLIC_PEM},
    }
    document.update(changes)
    return document


def test_our_actor_is_a_territory_named_from_the_node_settings(client):
    node = NodeSettings.current()
    node.name = "Rhône-Alpes"
    node.save()
    document = fetch(client, "/actor/")
    assert document["type"] == "Service" and document["isTerritory"] is True
    assert document["name"] == "Rhône-Alpes"
    assert document["@context"][2]["isTerritory"] == "tremplin:isTerritory"


def test_renaming_the_node_sends_an_update_of_its_actor_to_its_followers(
    django_capture_on_commit_callbacks,
):
    follower = make_remote_actor("actor", "node.example", actor_type="Service")
    InstanceFollower.objects.create(actor=follower, follow_uri="https://node.example/f/1")
    node = NodeSettings.current()
    node.contact_email = "team@example.org"
    node.save()
    assert not OutboxActivity.objects.filter(activity_type="Update").exists()
    node.name = "Bretagne"
    with django_capture_on_commit_callbacks(execute=True):
        node.save()
    update = OutboxActivity.objects.get(activity_type="Update")
    assert update.body["actor"] == f"{BASE}/actor/"
    assert update.body["object"]["id"] == f"{BASE}/actor/"
    assert update.body["object"]["name"] == "Bretagne"
    assert list(update.deliveries.values_list("inbox", flat=True)) == ["https://node.example/inbox"]


def test_a_rename_with_no_follower_sends_nothing():
    node = NodeSettings.current()
    node.name = "Catalunya"
    node.save()
    assert not OutboxActivity.objects.exists()


def test_another_nodes_actor_is_recognised_as_a_territory():
    actor = store_actor(node_actor_document())
    assert actor.profile.kind == ProfileKind.NODE
    assert actor.profile.display_name == "Pays Basque"


def test_a_service_that_does_not_say_it_is_a_territory_is_an_account_not_a_node():
    bot = node_actor_document(isTerritory=None, id="https://other.example/users/bot")
    bot["publicKey"] = {**bot["publicKey"], "owner": bot["id"], "id": bot["id"] + "#main-key"}
    bot["inbox"], bot["followers"] = bot["id"] + "/inbox", bot["id"] + "/followers"
    assert store_actor(bot).profile.kind == ProfileKind.PERSON


def test_a_territory_page_shows_a_territory_with_a_follow_button(person):
    store_actor(node_actor_document())
    browser = Client()
    browser.force_login(person.user)
    page = browser.get("/@other.example@other.example/").content.decode()
    assert "Pays Basque" in page and "Territory" in page
    assert "Young person" not in page
    assert 'action="/@other.example@other.example/follow/"' in page


def test_the_directory_lists_known_territories_each_with_a_follow_button(person):
    store_actor(node_actor_document())
    store_actor(node_actor_document("third.example", name="Emilia-Romagna"))
    make_remote_actor("rosa", "peer.example")  # a person: not a territory
    browser = Client()
    browser.force_login(person.user)
    page = browser.get("/territories/").content.decode()
    assert "Pays Basque" in page and "Emilia-Romagna" in page and "rosa" not in page
    assert page.count(">Follow") == 2


def test_a_territory_is_found_in_the_directory_by_its_address(person):
    store_actor(node_actor_document())
    browser = Client()
    browser.force_login(person.user)
    found = browser.get("/territories/", {"address": "https://other.example/"})
    assert found.status_code == 302 and found["Location"] == "/@other.example@other.example/"


def test_the_about_page_gives_the_territory_handle_to_follow(client, settings):
    page = client.get("/about/").content.decode()
    host = settings.TREMPLIN_DOMAIN
    assert f"@{host.split(':')[0]}@{host}" in page
    assert 'href="/territories/"' in page


def test_remote_follow_landing_asks_a_visitor_to_log_in(client):
    response = client.get("/authorize_interaction", {"uri": "acct:other.example@other.example"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_remote_follow_landing_takes_a_member_to_the_account_page(person):
    store_actor(node_actor_document())
    browser = Client()
    browser.force_login(person.user)
    for uri in ("acct:other.example@other.example", "https://other.example/actor/"):
        response = browser.get("/authorize_interaction", {"uri": uri})
        assert response["Location"] == "/@other.example@other.example/", uri
