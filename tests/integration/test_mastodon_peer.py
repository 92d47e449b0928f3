"""A real Tremplin node and a real Mastodon-like peer (deploy/fediverse_peer) federating.

Everything goes through the node's real inbox (signed POSTs from another process) and is
checked where people and peers see it: the node's pages, its ActivityPub JSON, and what
arrives back in the peer's inbox. The peer shares no code with Tremplin.

Accounts on the peer: `alice`, whom Léa follows; `stranger`, whom nobody here follows;
`bob`, who follows Léa. On the node: Léa (an adult with a public experience) and Mia (a
minor).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
import requests

from tests.integration.helpers import (
    FOLLOW,
    PERSON,
    PUBLISH,
    logged_in,
    running_nodes,
    titles_on,
    wait_for,
)
from tests.integration.nodes import Node
from tests.integration.peer import FediversePeer, running_peer

pytestmark = [pytest.mark.integration, pytest.mark.django_db(databases=[])]

AS_JSON = {"Accept": "application/activity+json"}

MINOR = """
import datetime
from node.accounts.signup import create_account
from profiles import publishing
from profiles.visibility import Visibility
user = create_account({{"username": "{handle}", "email": "{handle}@example.org", "role": "young",
    "birth_year": datetime.date.today().year - 15, "birth_month": 1,
    "display_name": "{name}"}}, "a-long-password-1")
publishing.publish_profile(user.profile, Visibility.PUBLIC)
result = user.profile.pk
"""

PROCESSED = """
from federation.models import InboxItem, InboxState
result = InboxItem.objects.filter(uri="{uri}").exclude(state=InboxState.RECEIVED).exists()
"""

FOLLOW_STATE = """
from profiles.models import Follow
relation = Follow.objects.filter(
    follower__handle="{follower}", follower__domain="{follower_domain}",
    followed__handle="{followed}", followed__domain="{followed_domain}").first()
result = relation.state if relation else None
"""


@pytest.fixture(scope="module")
def federation(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Node, FediversePeer]]:
    root = Path(tmp_path_factory.mktemp("mastodon-peer"))
    with running_peer(root / "peer") as peer, running_nodes(root, 1) as (node,):
        for name in ("alice", "stranger", "bob"):
            peer.account(name, display_name=name.title())
        node.python(PERSON.format(handle="lea", name="Léa"))
        node.python(MINOR.format(handle="mia", name="Mia"))
        yield node, peer


@pytest.fixture(scope="module")
def experience(federation: tuple[Node, FediversePeer]) -> str:
    """Léa's public experience: its URL (its ActivityPub id)."""
    node, _peer = federation
    (pk,) = node.python(PUBLISH.format(handle="lea", title="Kitchen helper", count=1))
    return f"{node.base}/@lea/experiences/{pk}/"


@pytest.fixture(scope="module")
def lea_follows_alice(federation: tuple[Node, FediversePeer]) -> None:
    node, peer = federation
    node.python(FOLLOW.format(target=peer.acct("alice"), handle="lea"))
    wait_for(
        lambda: follow_state(node, "lea", "", "alice", peer.domain) == "accepted",
        what="Léa's follow of alice to be accepted",
    )


def follow_state(node: Node, follower: str, follower_domain: str, followed: str, domain: str):
    return node.python(
        FOLLOW_STATE.format(
            follower=follower,
            follower_domain=follower_domain,
            followed=followed,
            followed_domain=domain,
        )
    )


def unique(words: str) -> str:
    """Words no other test sends, to find on pages."""
    return f"{words} {uuid.uuid4().hex[:8]}"


def processed(node: Node, activity_id: str) -> bool:
    return node.python(PROCESSED.format(uri=activity_id))


def wait_processed(node: Node, sent: dict) -> None:
    assert [d["status"] for d in sent["deliveries"]] == [202], sent["deliveries"]
    wait_for(lambda: processed(node, sent["activity"]["id"]), what="the node to process it")


# --- reading pages as a person sees them ------------------------------------------------------


class Text(HTMLParser):
    """The text a browser shows: entities decoded once, <br> and blocks as new lines."""

    BLOCKS = {"p", "br", "li", "div", "article", "section", "details", "summary", "h1", "h2", "h3"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def visible_text(html: str) -> str:
    parser = Text()
    parser.feed(html)
    return "".join(parser.parts)


def blocks(html: str, tag: str, css_class: str) -> list[str]:
    """The HTML of each `<tag class="... css_class ...">` element (not nested in its kind)."""
    pattern = re.compile(
        rf'<{tag}\b[^>]*\bclass="(?:[^"]*\s)?{css_class}(?:\s[^"]*)?"[^>]*>(.*?)</{tag}>', re.S
    )
    return pattern.findall(html)


def section(html: str, section_id: str) -> str:
    match = re.search(rf'<section\b[^>]*\bid="{section_id}"[^>]*>(.*?)</section>', html, re.S)
    return match.group(1) if match else ""


def posts_on(node: Node, path: str, session: requests.Session | None = None) -> list[str]:
    """The `<article class="post">` blocks of `<section id="posts">` on a page."""
    page = (session or requests).get(node.base + path, timeout=20)
    if page.status_code != 200:
        return []
    return blocks(section(page.text, "posts") or page.text, "article", "post")


def post_with(node: Node, path: str, words: str, session: requests.Session | None = None) -> str:
    """The post on the page whose text has `words`, waited for."""
    found: list[str] = []

    def check() -> bool:
        found[:] = [p for p in posts_on(node, path, session) if words in visible_text(p)]
        return bool(found)

    wait_for(check, what=f"a post with {words!r} on {path}")
    return found[0]


def comments_on(node: Node, experience_url: str) -> list[str]:
    page = requests.get(experience_url, timeout=20)
    return blocks(section(page.text, "comments"), "article", "comment")


def public_pages(node: Node, peer: FediversePeer, account: str) -> str:
    """What anyone can see: home, explore, search, the API, and the account's page."""
    texts = [
        node.get("/").text,
        node.get("/explore/").text,
        node.get("/feed/").text,
        node.get("/api/experiences/").text,
        node.get(f"/@{account}@{peer.domain}/").text,
    ]
    return "\n".join(texts)


def collection_total(peer: FediversePeer, item_url: str, name: str) -> int:
    """totalItems of an item's `likes` or `shares` collection, read as a peer reads it."""
    item = peer.fetch(item_url, account="alice")
    assert item["status"] == 200, item
    reference = item["json"].get(name)
    assert reference, f"the item serves no {name} collection"
    url = reference["id"] if isinstance(reference, dict) else reference
    collection = peer.fetch(url, account="alice")
    assert collection["status"] == 200, collection
    assert collection["json"]["type"] in ("OrderedCollection", "Collection")
    return collection["json"]["totalItems"]


# --- follows, signatures, fetching: there today --------------------------------------------


def test_a_person_here_follows_a_mastodon_account_and_is_accepted(federation, lea_follows_alice):
    node, peer = federation
    lea = f"{node.base}/@lea/"
    assert lea in peer.state("alice")["followers"]
    (follow,) = [r for r in peer.inbox("Follow") if r["activity"]["actor"] == lea]
    assert follow["activity"]["object"] == peer.actor("alice")
    wait_for(lambda: peer.inbox("Follow")[0]["signature"]["verified"] is not None, what="a check")
    (follow,) = [r for r in peer.inbox("Follow") if r["activity"]["actor"] == lea]
    assert follow["signature"]["verified"] is True, follow["signature"]
    assert follow["signature"]["headers"] == "(request-target) host date digest"


def test_a_mastodon_account_follows_a_person_here_and_gets_an_accept(federation):
    node, peer = federation
    sent = peer.send("follow", "bob", target=f"lea@{node.domain}")
    assert [d["status"] for d in sent["deliveries"]] == [202]
    accept = peer.wait_for_inbox(
        lambda r: r["activity"]["object"].get("id") == sent["activity"]["id"],
        kind="Accept",
        what="Léa's Accept",
    )
    assert accept["activity"]["actor"] == f"{node.base}/@lea/"
    wait_for(lambda: peer.state("bob")["following"] == {f"{node.base}/@lea/": "accepted"})
    assert follow_state(node, "bob", peer.domain, "lea", "") == "accepted"


def test_the_node_fetches_the_peers_actor_with_a_signed_get(federation, lea_follows_alice):
    node, peer = federation

    def signed_fetch_seen() -> bool:
        return any(
            r["signature"]["verified"] and r["signature"]["key_id"].startswith(node.base + "/")
            for r in peer.gets("/users/alice")
        )

    wait_for(signed_fetch_seen, seconds=20, what="a verified signed GET of alice by the node")


def test_an_unfollow_from_mastodon_ends_the_follow_here(federation):
    node, peer = federation
    peer.account("leaving")
    sent = peer.send("follow", "leaving", target=f"lea@{node.domain}")
    wait_for(lambda: follow_state(node, "leaving", peer.domain, "lea", "") == "accepted")
    undo = peer.send("undo_follow", "leaving", target=f"lea@{node.domain}")
    assert undo["activity"]["object"]["id"] == sent["activity"]["id"]
    wait_processed(node, undo)
    assert follow_state(node, "leaving", peer.domain, "lea", "") is None


# --- deliveries: the node's User-Agent --------------------------------------------------------


def test_the_nodes_deliveries_carry_its_user_agent(federation, lea_follows_alice):
    node, peer = federation
    received = [r for r in peer.inbox() if r["activity"]["actor"].startswith(node.base + "/")]
    assert received, "the node delivered nothing to the peer"
    for record in received:
        assert record["headers"].get("User-Agent", "").startswith("Tremplin/"), record["headers"]


# --- what comes in --------------------------------------------------------------------------


def test_a_public_post_of_a_followed_account_is_a_post_on_its_page_not_an_experience(
    federation, lea_follows_alice
):
    node, peer = federation
    words = unique("Fournée du matin")
    sent = peer.send("note", "alice", text=words)
    wait_processed(node, sent)
    post_with(node, f"/@alice@{peer.domain}/", words)
    assert titles_on(node, _as_node(peer), handle="alice") == []
    session = logged_in(node, "lea")
    post_with(node, "/feed/", words, session)


def test_a_public_post_from_a_stranger_is_not_stored(federation):
    node, peer = federation
    words = unique("Publicité non sollicitée")
    # Nobody here follows the stranger: Mastodon would send it nowhere. Pushed anyway to the
    # shared inbox, as a relay or a spammer does.
    sent = peer.send("note", "stranger", text=words, inboxes=[f"{node.base}/inbox/"])
    wait_processed(node, sent)
    assert titles_on(node, _as_node(peer), handle="stranger") == []
    assert words not in visible_text(public_pages(node, peer, "stranger"))
    results = node.get("/explore/", params={"q": words}).text
    assert words not in results.replace(f'value="{words}"', "")  # the search box echoes it


def test_a_reply_to_an_experience_is_a_comment_under_it_until_deleted(
    federation, experience, lea_follows_alice
):
    node, peer = federation
    words = unique("Bravo pour ce poste")
    sent = peer.send("reply", "alice", text=words, in_reply_to=experience)
    assert f"{node.base}/@lea/" in sent["activity"]["object"]["cc"]
    wait_processed(node, sent)
    wait_for(
        lambda: any(words in visible_text(c) for c in comments_on(node, experience)),
        what="the comment under the experience",
    )
    assert titles_on(node, _as_node(peer), handle="alice") == []
    deleted = peer.send("delete", "alice", status_id=sent["status_id"])
    wait_processed(node, deleted)
    assert not any(words in visible_text(c) for c in comments_on(node, experience))


def test_a_mention_is_a_notification_with_its_text_never_public(federation):
    node, peer = federation
    words = unique("Tu cherches un stage ?")
    sent = peer.send(
        "mention", "stranger", text=f"@lea@{node.domain} {words}", mentions=[f"lea@{node.domain}"]
    )
    assert isinstance(sent["activity"]["object"]["tag"], dict)  # one Mention, not a list
    wait_processed(node, sent)
    session = logged_in(node, "lea")
    wait_for(
        lambda: (
            words in visible_text(session.get(f"{node.base}/me/notifications/", timeout=20).text)
        ),
        what="the mention among Léa's notifications",
    )
    assert words not in visible_text(public_pages(node, peer, "stranger"))
    assert words not in visible_text(node.get("/@lea/").text)
    assert titles_on(node, _as_node(peer), handle="stranger") == []


def test_likes_and_boosts_are_counted_on_the_items_collections(federation, experience):
    node, peer = federation
    liked = peer.send("like", "alice", object=experience)
    boosted = peer.send("announce", "bob", object=experience)
    assert boosted["activity"]["cc"][0] == f"{node.base}/@lea/"
    wait_processed(node, liked)
    wait_processed(node, boosted)
    assert collection_total(peer, experience, "likes") == 1
    assert collection_total(peer, experience, "shares") == 1
    undone = peer.send("undo_like", "alice", like_id=liked["like_id"])
    wait_processed(node, undone)
    assert collection_total(peer, experience, "likes") == 0


def test_a_content_warning_is_kept_and_shown_collapsed(federation, lea_follows_alice):
    node, peer = federation
    warning = unique("Recherche d'emploi")
    body = unique("Trois refus cette semaine")
    sent = peer.send("note", "alice", text=body, summary=warning)
    assert sent["activity"]["object"]["sensitive"] is True
    wait_processed(node, sent)
    post = post_with(node, f"/@alice@{peer.domain}/", body)
    details = re.search(
        r'<details class="content-warning">\s*<summary\b[^>]*>(.*?)</summary>(.*?)</details>',
        post,
        re.S,
    )
    assert details, post
    assert visible_text(details.group(1)).strip() == warning
    assert body in visible_text(details.group(2))


def test_entities_arrive_once_and_line_breaks_separate_words(federation, lea_follows_alice):
    node, peer = federation
    marker = uuid.uuid4().hex[:8]
    sent = peer.send(
        "note", "alice", text=f"J'ai fait de la R&D {marker}.\nDeuxième ligne #Boulangerie"
    )
    assert "J&#39;ai" in sent["activity"]["object"]["content"]
    wait_processed(node, sent)
    post = post_with(node, f"/@alice@{peer.domain}/", marker)
    text = visible_text(post)
    assert f"J'ai fait de la R&D {marker}." in text
    assert f"{marker}.Deuxième" not in text and "Deuxième ligne" in text
    assert "&#" not in text and "&amp;" not in text
    assert re.search(r'<a [^>]*class="mention hashtag"', post), post


def test_attachments_are_kept_as_described_links(federation, lea_follows_alice):
    node, peer = federation
    words = unique("Ma vitrine")
    url = f"{peer.base}/system/media/vitrine.jpg"
    sent = peer.send(
        "note",
        "alice",
        text=words,
        attachments=[
            {"url": url, "media_type": "image/jpeg", "name": "La vitrine de la boulangerie"}
        ],
    )
    wait_processed(node, sent)
    post = post_with(node, f"/@alice@{peer.domain}/", words)
    listed = re.search(r'<ul class="attachments"[^>]*>(.*?)</ul>', post, re.S)
    assert listed, post
    link = re.search(
        r'<li>\s*<a href="([^"]+)" rel="nofollow noopener ugc">(.*?)</a>\s*\((.*?)\)',
        listed.group(1),
        re.S,
    )
    assert link, listed.group(1)
    assert link.group(1) == url
    assert visible_text(link.group(2)).strip() == "La vitrine de la boulangerie"
    assert link.group(3) == "image"  # its kind in words, not a media type


def test_an_edited_post_shows_its_new_text(federation, lea_follows_alice):
    node, peer = federation
    before, after = unique("Ouvert lundi"), unique("Fermé lundi")
    sent = peer.send("note", "alice", text=before)
    wait_processed(node, sent)
    post_with(node, f"/@alice@{peer.domain}/", before)
    edited = peer.send("update", "alice", status_id=sent["status_id"], text=after)
    wait_processed(node, edited)
    post_with(node, f"/@alice@{peer.domain}/", after)
    assert not any(before in visible_text(p) for p in posts_on(node, f"/@alice@{peer.domain}/"))


def test_a_deleted_post_is_gone(federation, lea_follows_alice):
    node, peer = federation
    words = unique("Message éphémère")
    sent = peer.send("note", "alice", text=words)
    wait_processed(node, sent)
    post_with(node, f"/@alice@{peer.domain}/", words)
    deleted = peer.send("delete", "alice", status_id=sent["status_id"])
    assert deleted["activity"]["object"]["type"] == "Tombstone"
    wait_processed(node, deleted)
    assert not any(words in visible_text(p) for p in posts_on(node, f"/@alice@{peer.domain}/"))
    assert words not in visible_text(
        logged_in(node, "lea").get(f"{node.base}/feed/", timeout=20).text
    )


def test_a_misskey_post_is_read_like_any_other(federation, lea_follows_alice):
    node, peer = federation
    words = unique("Depuis Misskey")
    sent = peer.send("note", "alice", text=f"{words} **gras**", flavour="misskey")
    wait_processed(node, sent)
    post = post_with(node, f"/@alice@{peer.domain}/", words)
    assert "_misskey" not in post


def test_a_direct_message_to_a_minor_from_a_stranger_is_refused_with_a_reason(federation):
    node, peer = federation
    words = unique("Viens travailler pour moi")
    sent = peer.send(
        "direct", "stranger", text=f"@mia@{node.domain} {words}", mentions=[f"mia@{node.domain}"]
    )
    assert sent["activity"]["object"]["to"] == [f"{node.base}/@mia/"]
    assert sent["activity"]["object"]["cc"] == []
    # Refused visibly: at the door (403 with the reason) when the node can tell at once,
    # else a Reject of the Create with the reason. Never a 202 and a silent drop.
    (delivery,) = sent["deliveries"]
    if delivery["status"] == 403:
        reason = delivery.get("body", "")
        assert len(reason.split()) >= 3, delivery
        session = logged_in(node, "mia")
        page = session.get(f"{node.base}/me/notifications/", timeout=20).text
        assert words not in visible_text(page)
        return
    assert delivery["status"] == 202, delivery
    reject = peer.wait_for_inbox(
        lambda r: _object_id(r["activity"]) == sent["activity"]["id"],
        kind="Reject",
        what="a Reject of the direct message",
    )
    assert reject["activity"]["actor"].startswith(node.base + "/")
    summary = reject["activity"].get("summary")
    assert isinstance(summary, str) and len(summary.split()) >= 3, reject["activity"]
    assert reject["headers"].get("Signature")
    session = logged_in(node, "mia")
    assert words not in visible_text(session.get(f"{node.base}/me/notifications/", timeout=20).text)


def test_an_account_that_deletes_itself_is_gone_with_its_posts(federation):
    node, peer = federation
    peer.account("closing")
    node.python(FOLLOW.format(target=peer.acct("closing"), handle="lea"))
    wait_for(lambda: follow_state(node, "lea", "", "closing", peer.domain) == "accepted")
    words = unique("Dernier message")
    sent = peer.send("note", "closing", text=words)
    wait_processed(node, sent)
    post_with(node, f"/@closing@{peer.domain}/", words)
    gone = peer.send("delete_actor", "closing")
    assert gone["activity"]["object"] == peer.actor("closing")
    wait_processed(node, gone)
    assert node.get(f"/@closing@{peer.domain}/").status_code in (404, 410)
    assert follow_state(node, "lea", "", "closing", peer.domain) is None
    assert words not in visible_text(
        logged_in(node, "lea").get(f"{node.base}/feed/", timeout=20).text
    )


# --- small helpers -----------------------------------------------------------------------------


class _as_node:  # noqa: N801 - stands for a Node where helpers want one
    """The peer seen as an origin by tests.integration.helpers.titles_on (its domain)."""

    def __init__(self, peer: FediversePeer) -> None:
        self.domain = peer.domain


def _object_id(activity: dict) -> str:
    obj = activity.get("object")
    return obj.get("id", "") if isinstance(obj, dict) else obj or ""
