"""The fediverse peer itself works: it writes what Mastodon writes, signs so that an
independent verifier (Tremplin's) agrees, and two peer processes federate with each other
(WebFinger, follow and accept, delivery to the shared inbox, signed fetches, collections).

The first tests are pure (shapes and signatures); those that start peer processes are
marked integration, like the node tests beside them.
"""

from __future__ import annotations

import json
import os
import socket
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives import serialization

from deploy.addresses import AddressBusy, listening_inodes
from deploy.fediverse_peer import shapes, signing
from federation.protocol import signatures as tremplin_signatures
from tests.integration.peer import FediversePeer, peer_port, running_peer

AS_JSON = {"Accept": "application/activity+json"}


def account(name: str = "alice") -> shapes.Account:
    _key, pem = signing.new_key()
    return shapes.Account(username=name, base="http://peer.example", public_pem=pem)


LEA = shapes.Mentioned(
    uri="http://tremplin.example/@lea/",
    url="http://tremplin.example/@lea/",
    acct="lea@tremplin.example",
)


# --- what it writes ----------------------------------------------------------------------------


def test_text_is_formatted_as_mastodon_does_with_its_entities_breaks_and_hashtags():
    content, tags = shapes.format_text(
        "J'ai fait de la R&D.\nDeuxième ligne #Cuisine\n\nAutre paragraphe", "http://p", []
    )
    assert content == (
        "<p>J&#39;ai fait de la R&amp;D.<br />Deuxième ligne "
        '<a href="http://p/tags/cuisine" class="mention hashtag" rel="tag">'
        "#<span>Cuisine</span></a>"
        "</p><p>Autre paragraphe</p>"
    )
    assert tags == ["cuisine"]


def test_a_public_note_is_to_public_cc_followers_with_its_language_map():
    alice = account()
    note = shapes.note(alice, "1", text="Bonjour", language="fr")
    assert note["to"] == [shapes.PUBLIC] and note["cc"] == [alice.followers]
    assert note["contentMap"] == {"fr": "<p>Bonjour</p>"}
    assert note["id"] == "http://peer.example/users/alice/statuses/1"
    assert note["url"] == "http://peer.example/@alice/1"
    assert datetime.strptime(note["published"], "%Y-%m-%dT%H:%M:%SZ")
    create = shapes.create(alice, note)
    assert create["id"] == note["id"] + "/activity" and create["object"] is note


def test_a_mention_tags_one_person_as_a_single_object_and_links_them_as_an_h_card():
    note = shapes.note(
        account(), "2", text="Salut @lea@tremplin.example", mentions=[LEA], single_tag=True
    )
    assert note["tag"] == {"type": "Mention", "href": LEA.uri, "name": "@lea@tremplin.example"}
    assert (
        '<span class="h-card" translate="no"><a href="http://tremplin.example/@lea/"'
        in note["content"]
    )
    assert LEA.uri in note["cc"]


def test_a_direct_message_goes_to_the_one_person_and_nobody_else():
    note = shapes.note(
        account(), "3", text="@lea@tremplin.example Coucou", mentions=[LEA], visibility="direct"
    )
    assert note["to"] == [LEA.uri] and note["cc"] == []


def test_a_content_warning_is_a_summary_and_sensitive():
    note = shapes.note(account(), "4", text="Le corps", summary="Recherche d'emploi")
    assert note["summary"] == "Recherche d'emploi" and note["sensitive"] is True


def test_an_attachment_is_a_described_document():
    note = shapes.note(
        account(),
        "5",
        text="Photo",
        attachments=[
            {"url": "http://p/system/media/a.jpg", "media_type": "image/jpeg", "name": "A bakery"}
        ],
    )
    (document,) = note["attachment"]
    assert document["type"] == "Document" and document["mediaType"] == "image/jpeg"
    assert document["name"] == "A bakery" and document["url"] == "http://p/system/media/a.jpg"


def test_a_delete_carries_a_tombstone_and_an_undo_embeds_what_it_undoes():
    alice = account()
    delete = shapes.delete_status(alice, alice.status_uri("9"))
    assert delete["object"] == {
        "id": alice.status_uri("9"),
        "type": "Tombstone",
        "atomUri": alice.status_uri("9"),
    }
    like = shapes.like(alice, 7, "http://tremplin.example/@lea/experiences/1/")
    assert like["id"] == f"{alice.uri}#likes/7"
    undo = shapes.undo(alice, like, 8)
    assert undo["id"] == f"{alice.uri}#likes/8/undo" and undo["object"]["id"] == like["id"]


def test_the_misskey_and_pleroma_variants_change_what_those_servers_change():
    misskey = shapes.note(account(), "6", text="**gras**", flavour="misskey")
    assert misskey["source"] == {"content": "**gras**", "mediaType": "text/x.misskeymarkdown"}
    assert "contentMap" not in misskey
    pleroma = shapes.note(account(), "6", text="#tag", flavour="pleroma")
    assert pleroma["context"] == pleroma["conversation"] and 'rel="tag"' not in pleroma["content"]


# --- how it signs ------------------------------------------------------------------------------


def test_its_post_signature_verifies_under_tremplins_independent_verifier():
    key, pem = signing.new_key()
    body = json.dumps({"type": "Like"}).encode()
    url = "http://tremplin.example:8000/inbox/"
    headers = signing.sign("POST", url, key, "http://peer.example/users/alice#main-key", body=body)
    params = tremplin_signatures.verify_request(
        "POST", "/inbox/", headers, body, pem, datetime.now(UTC)
    )
    assert params.headers == ("(request-target)", "host", "date", "digest")
    assert params.key_id == "http://peer.example/users/alice#main-key"


def test_it_verifies_tremplins_signatures_and_refuses_a_changed_body():
    private_pem, public_pem = tremplin_signatures.generate_keypair()
    body = b'{"type": "Accept"}'
    headers = tremplin_signatures.sign_request(
        "POST",
        "http://peer.example/inbox",
        {"Content-Type": "application/activity+json"},
        body,
        "http://tremplin.example/@lea/#main-key",
        tremplin_signatures.load_private_key(private_pem),
    )
    assert signing.verify("POST", "/inbox", headers, body, public_pem) == ""
    assert signing.verify("POST", "/inbox", headers, b'{"type": "Reject"}', public_pem) == (
        "digest does not match the body"
    )
    other = (
        signing.new_key()[0]
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    assert (
        signing.verify("POST", "/inbox", headers, body, other.decode())
        == "signature does not verify"
    )


# --- as a process ------------------------------------------------------------------------------


@pytest.mark.integration
def test_a_peer_refuses_a_busy_address_and_names_who_holds_it(tmp_path):
    peer = FediversePeer(tmp_path)
    with socket.socket() as squatter:
        squatter.bind((peer.host, peer.port))
        squatter.listen()
        with pytest.raises(AddressBusy) as refused:
            peer.start()
    assert f"{peer.host}:{peer.port} is already in use by pid {os.getpid()}" in str(refused.value)
    assert peer.process is None


@pytest.mark.integration
def test_a_stopped_peer_leaves_its_address_free(tmp_path):
    with running_peer(tmp_path) as peer:
        pid = peer.process.pid
        assert listening_inodes(peer.host, peer.port)
    with pytest.raises(ProcessLookupError):
        os.killpg(pid, 0)
    assert not listening_inodes(peer.host, peer.port)


@pytest.fixture(scope="module")
def two_peers(tmp_path_factory: pytest.TempPathFactory):
    root = Path(tmp_path_factory.mktemp("peers"))
    with running_peer(root) as first, running_peer(root, port=peer_port() + 1) as second:
        first.account("alice", display_name="Alice", summary="Boulangère")
        second.account("bob")
        yield first, second


def wait_until(check, seconds: float = 20, what: str = "") -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.integration
def test_webfinger_and_the_actor_document_are_mastodons(two_peers):
    first, _second = two_peers
    finger = requests.get(
        f"{first.base}/.well-known/webfinger",
        params={"resource": f"acct:alice@{first.domain}"},
        timeout=5,
    ).json()
    (self_link,) = [link for link in finger["links"] if link["rel"] == "self"]
    assert self_link == {
        "rel": "self",
        "type": "application/activity+json",
        "href": first.actor("alice"),
    }
    actor = requests.get(self_link["href"], headers=AS_JSON, timeout=5).json()
    assert actor["type"] == "Person" and actor["preferredUsername"] == "alice"
    assert actor["publicKey"]["id"] == first.actor("alice") + "#main-key"
    assert actor["publicKey"]["publicKeyPem"].startswith("-----BEGIN PUBLIC KEY-----")
    assert actor["endpoints"] == {"sharedInbox": f"{first.base}/inbox"}
    assert actor["featured"] == first.actor("alice") + "/collections/featured"
    assert actor["discoverable"] is True and actor["summary"] == "<p>Boulangère</p>"
    for name in ("outbox", "followers", "following", "featured"):
        collection = requests.get(actor[name], headers=AS_JSON, timeout=5).json()
        assert collection["type"] == "OrderedCollection" and collection["id"] == actor[name]


@pytest.mark.integration
def test_two_peers_follow_accept_and_deliver_signed_to_the_shared_inbox(two_peers):
    first, second = two_peers
    sent = second.send("follow", "bob", target=first.acct("alice"))
    assert [d["status"] for d in sent["deliveries"]] == [202]
    wait_until(
        lambda: second.state("bob")["following"].get(first.actor("alice")) == "accepted",
        what="the follow to be accepted",
    )
    assert first.state("alice")["followers"] == {second.actor("bob"): f"{second.base}/inbox"}

    post = first.send("note", "alice", text="Du pain frais #boulangerie")
    assert post["deliveries"] == [{"inbox": f"{second.base}/inbox", "status": 202, "body": ""}]
    record = second.wait_for_inbox(
        lambda r: r["activity"]["object"]["id"] == post["object_id"], kind="Create", what="the note"
    )
    wait_until(
        lambda: second.inbox("Create")[-1]["signature"]["verified"] is not None, what="a check"
    )
    checked = [r for r in second.inbox("Create") if r["n"] == record["n"]][0]
    assert checked["signature"]["verified"] is True, checked["signature"]
    assert (
        checked["headers"]["User-Agent"].startswith("http.rb/")
        and "Mastodon/" in checked["headers"]["User-Agent"]
    )

    # The key was fetched with a signed GET, as Mastodon's authorized fetch does.
    wait_until(
        lambda: any(r["signature"]["verified"] for r in first.gets("/users/alice")),
        what="a signed GET",
    )


@pytest.mark.integration
def test_a_status_is_served_paged_in_the_outbox_and_gone_once_deleted(two_peers):
    first, second = two_peers
    post = first.send("note", "alice", text="À effacer")
    note = requests.get(post["object_id"], headers=AS_JSON, timeout=5)
    assert note.status_code == 200 and note.json()["content"] == "<p>À effacer</p>"
    outbox = requests.get(first.actor("alice") + "/outbox", headers=AS_JSON, timeout=5).json()
    assert outbox["type"] == "OrderedCollection" and outbox["totalItems"] >= 1
    page = requests.get(outbox["first"], headers=AS_JSON, timeout=5).json()
    assert page["type"] == "OrderedCollectionPage" and page["partOf"] == outbox["id"]
    assert page["orderedItems"][0]["object"]["id"] == post["object_id"]

    deleted = first.send("delete", "alice", status_id=post["status_id"])
    assert deleted["activity"]["object"]["type"] == "Tombstone"
    assert [d["status"] for d in deleted["deliveries"]] == [202]
    assert requests.get(post["object_id"], headers=AS_JSON, timeout=5).status_code == 404
    second.wait_for_inbox(lambda r: r["activity"]["id"] == deleted["activity"]["id"], kind="Delete")


@pytest.mark.integration
def test_a_locked_account_answers_follows_only_when_told(two_peers):
    first, second = two_peers
    first.account("carol", locked=True)
    second.send("follow", "bob", target=first.acct("carol"))
    wait_until(
        lambda: first.state("carol")["follow_requests"] == [second.actor("bob")], what="a request"
    )
    assert second.state("bob")["following"][first.actor("carol")] == "pending"
    first.send("answer_follow", "carol", follower=second.actor("bob"))
    wait_until(
        lambda: second.state("bob")["following"][first.actor("carol")] == "accepted",
        what="the accept",
    )


@pytest.mark.integration
def test_an_unknown_kind_is_refused_with_the_known_ones_named(two_peers):
    first, _second = two_peers
    answer = requests.post(
        f"{first.base}/control/send", json={"kind": "poke", "account": "alice"}, timeout=5
    )
    assert answer.status_code == 400 and "follow" in answer.json()["error"]
