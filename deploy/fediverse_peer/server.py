"""The peer: a small fediverse server that speaks like Mastodon, driven by tests.

What a remote server sees of it is a Mastodon instance: WebFinger, NodeInfo, actors
(Person with an RSA key, inbox, outbox, followers, following, featured, sharedInbox),
statuses served as JSON and HTML, follow requests accepted (unless the account is
locked), every POST signed, every fetch signed. What a test sees is a JSON control API
under /control/: make accounts, have one of them send an activity (built in
`shapes`, delivered the way Mastodon delivers it), fetch as one of them, and read back
everything the peer received.

Nothing here imports Tremplin: it is an independent implementation on purpose.
"""

from __future__ import annotations

import json
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

import requests
from cryptography.hazmat.primitives.asymmetric import rsa

from deploy.fediverse_peer import shapes, signing

logger = logging.getLogger("fediverse_peer")

VERSION = "4.3.2"
ACTIVITY_JSON = "application/activity+json"
ACCEPT = f'{ACTIVITY_JSON}, application/ld+json; profile="{shapes.AS}"'
MAX_RECORDS = 5000
MAX_BODY = 1024 * 1024
# The smallest JPEG there is (a 1x1 grey pixel): what the peer's media URLs serve.
PIXEL_JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b"
    "0c1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ff"
    "c0000b080001000101011100ffc4001f0000010501010101010100000000000000000102030405060708090a0b"
    "ffc400b5100002010303020403050504040000017d01020300041105122131410613516107227114328191a108"
    "2342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a53545556"
    "5758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9"
    "aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7"
    "f8f9faffda0008010100003f00fbd3ffd9"
)


class ControlError(Exception):
    """A control request the peer cannot do; answered 400 with the reason."""


@dataclass
class Status:
    """A status of one of the peer's accounts: its Note (or Announce), and whether it is gone."""

    account: str
    activity: dict[str, Any]
    deleted: bool = False

    @property
    def obj(self) -> dict[str, Any]:
        return self.activity["object"] if self.activity["type"] == "Create" else self.activity


@dataclass
class Local:
    """An account with its key, followers (actor -> inbox) and follows (target -> state)."""

    account: shapes.Account
    key: rsa.RSAPrivateKey
    followers: dict[str, str] = field(default_factory=dict)
    following: dict[str, dict[str, Any]] = field(default_factory=dict)
    follow_requests: dict[str, dict[str, Any]] = field(default_factory=dict)  # locked accounts
    deleted: bool = False


class Peer:
    """The state of the peer (accounts, statuses, what came in), behind one lock."""

    def __init__(self, domain: str, scheme: str = "http") -> None:
        self.domain = domain
        self.base = f"{scheme}://{domain}"
        self.lock = threading.RLock()
        self.locals: dict[str, Local] = {}
        self.statuses: dict[str, Status] = {}
        self.received: list[dict[str, Any]] = []
        self.requests: list[dict[str, Any]] = []
        self.likes: dict[str, dict[str, Any]] = {}  # like id -> Like, for undo
        self.counter = 0
        self.keys: dict[str, str] = {}  # keyId -> PEM, fetched once
        self.session = requests.Session()
        self.session.trust_env = False  # loopback peers: no proxy from the environment
        self.user_agent = f"http.rb/5.2.0 (Mastodon/{VERSION}; +{self.base}/)"
        self.background = ThreadPoolExecutor(max_workers=4, thread_name_prefix="peer-bg")
        instance_key, instance_pem = signing.new_key()
        self.instance = Local(
            shapes.Account(username=domain, base=self.base, public_pem=instance_pem), instance_key
        )

    # --- accounts ---------------------------------------------------------------

    def add_account(self, username: str, **options: Any) -> shapes.Account:
        """A new account (or the existing one of that name); options: display_name, summary,
        locked, discoverable."""
        with self.lock:
            if username in self.locals:
                return self.locals[username].account
            key, pem = signing.new_key()
            allowed = {
                k: v
                for k, v in options.items()
                if k in ("display_name", "summary", "locked", "discoverable")
            }
            account = shapes.Account(username=username, base=self.base, public_pem=pem, **allowed)
            self.locals[username] = Local(account, key)
            return account

    def local(self, username: str) -> Local:
        with self.lock:
            found = self.locals.get(username)
        if found is None:
            raise ControlError(f"no account {username!r} on this peer")
        return found

    def next_number(self) -> int:
        with self.lock:
            self.counter += 1
            return self.counter

    # --- outgoing HTTP ----------------------------------------------------------

    def fetch(self, url: str, signer: Local | None = None) -> requests.Response:
        """GET as Mastodon does with authorized fetch: signed by an account (or the instance)."""
        signer = signer or self.instance
        headers = signing.sign(
            "GET",
            url,
            signer.key,
            signer.account.key_id if signer is not self.instance else f"{self.base}/actor#main-key",
            headers={"Accept": ACCEPT, "User-Agent": self.user_agent},
        )
        return self.session.get(url, headers=headers, timeout=10, allow_redirects=True)

    def fetch_json(self, url: str, signer: Local | None = None) -> dict[str, Any]:
        response = self.fetch(url, signer)
        if response.status_code != 200:
            raise ControlError(f"GET {url}: HTTP {response.status_code}")
        return response.json()

    def post(self, inbox: str, activity: dict[str, Any], sender: Local) -> dict[str, Any]:
        """POST an activity, signed by its sender, as Mastodon's DeliveryWorker does."""
        body = json.dumps(activity).encode("utf-8")
        headers = signing.sign(
            "POST",
            inbox,
            sender.key,
            sender.account.key_id,
            body=body,
            headers={"Content-Type": ACTIVITY_JSON, "User-Agent": self.user_agent},
        )
        try:
            response = self.session.post(inbox, data=body, headers=headers, timeout=20)
        except requests.RequestException as error:
            return {"inbox": inbox, "status": None, "body": f"{type(error).__name__}: {error}"}
        return {"inbox": inbox, "status": response.status_code, "body": response.text[:2000]}

    def resolve(self, who: str, sender: Local) -> dict[str, Any]:
        """An actor document from an actor id or acct (user@host, looked up by WebFinger)."""
        if who.startswith("http"):
            return self.fetch_json(who, sender)
        acct = who.removeprefix("acct:").lstrip("@")
        host = acct.split("@", 1)[1]
        scheme = self.base.split("://", 1)[0]
        finger = self.session.get(
            f"{scheme}://{host}/.well-known/webfinger?resource={quote('acct:' + acct)}",
            headers={"Accept": "application/jrd+json", "User-Agent": self.user_agent},
            timeout=10,
        )
        if finger.status_code != 200:
            raise ControlError(f"WebFinger for {acct}: HTTP {finger.status_code}")
        link = next(
            (
                link["href"]
                for link in finger.json().get("links", [])
                if link.get("rel") == "self" and "json" in link.get("type", "")
            ),
            None,
        )
        if not link:
            raise ControlError(f"WebFinger for {acct} names no actor")
        return self.fetch_json(link, sender)

    def mentioned(self, who: str, sender: Local) -> shapes.Mentioned:
        document = self.resolve(who, sender)
        host = urlsplit(document["id"]).netloc
        url = document.get("url") if isinstance(document.get("url"), str) else document["id"]
        return shapes.Mentioned(
            uri=document["id"], url=url, acct=f"{document.get('preferredUsername', '')}@{host}"
        )

    def inbox_of(self, actor_uri: str, sender: Local, shared: bool = True) -> str:
        document = self.fetch_json(actor_uri, sender)
        endpoints = document.get("endpoints") if isinstance(document.get("endpoints"), dict) else {}
        return (endpoints.get("sharedInbox") if shared else None) or document["inbox"]

    def recipients(self, activity: dict[str, Any], sender: Local, extra: list[str]) -> list[str]:
        """The inboxes Mastodon would deliver to: followers' (shared) inboxes when the
        followers collection is addressed, each addressed or mentioned person's inbox."""
        addressed: list[str] = []
        for key in ("to", "cc"):
            value = activity.get(key, [])
            addressed += value if isinstance(value, list) else [value]
        obj = activity.get("object")
        if isinstance(obj, dict):
            tags = obj.get("tag", [])
            for tag in tags if isinstance(tags, list) else [tags]:
                if isinstance(tag, dict) and tag.get("type") == "Mention":
                    addressed.append(tag["href"])
        addressed += extra
        inboxes: list[str] = []
        for uri in addressed:
            if uri in (shapes.PUBLIC, "as:Public", "Public"):
                continue
            if uri == sender.account.followers:
                inboxes += list(sender.followers.values())
            elif not uri.startswith(self.base + "/"):
                inboxes.append(self.inbox_of(uri, sender))
        return list(dict.fromkeys(inboxes))

    def deliver(
        self,
        activity: dict[str, Any],
        sender: Local,
        *,
        inboxes: list[str] | None,
        extra: list[str],
    ) -> list[dict[str, Any]]:
        targets = inboxes if inboxes else self.recipients(activity, sender, extra)
        return [self.post(inbox, activity, sender) for inbox in targets]

    # --- control: sending -------------------------------------------------------

    def send(self, params: dict[str, Any]) -> dict[str, Any]:
        """Build one activity of `kind` for `account` and deliver it (see SEND_KINDS).

        Follow and Undo Follow go to the followed person's own inbox, as Mastodon sends
        them; `inboxes` overrides where anything goes."""
        kind = params.get("kind")
        builder = SEND_KINDS.get(kind or "")
        if builder is None:
            raise ControlError(f"unknown kind {kind!r}; one of {', '.join(SEND_KINDS)}")
        sender = self.local(params.get("account") or "")
        if sender.deleted:
            raise ControlError(f"{sender.account.username} deleted itself")
        activity, extra, answer = builder(self, sender, params)
        inbox = answer.pop("_inbox", None)
        inboxes = params.get("inboxes") or ([inbox] if inbox else None)
        deliveries = self.deliver(activity, sender, inboxes=inboxes, extra=extra)
        return {"activity": activity, "deliveries": deliveries, **answer}

    def _note_params(
        self, sender: Local, params: dict[str, Any], visibility: str
    ) -> dict[str, Any]:
        mentions = [self.mentioned(who, sender) for who in params.get("mentions", [])]
        reply_author = ""
        in_reply_to = params.get("in_reply_to")
        if in_reply_to:
            replied = self.fetch_json(in_reply_to, sender)
            author = replied.get("attributedTo")
            reply_author = author.get("id") if isinstance(author, dict) else author or ""
        return {
            "text": params.get("text", ""),
            "language": params.get("language", "fr"),
            "visibility": params.get("visibility", visibility),
            "mentions": mentions,
            "in_reply_to": in_reply_to,
            "in_reply_to_author": reply_author,
            "summary": params.get("summary", ""),
            "sensitive": bool(params.get("sensitive", False)),
            "attachments": [
                {
                    **a,
                    "url": a.get("url") or f"{self.base}/system/media/{a.get('file', 'photo')}.jpg",
                }
                for a in params.get("attachments", [])
            ],
            "flavour": params.get("flavour", "mastodon"),
            "single_tag": bool(params.get("single_tag", False)),
        }

    def _create(
        self, sender: Local, params: dict[str, Any], visibility: str
    ) -> tuple[dict, list, dict]:
        status_id = shapes.snowflake()
        note_params = self._note_params(sender, params, visibility)
        obj = shapes.note(sender.account, status_id, **note_params)
        activity = shapes.create(sender.account, obj)
        with self.lock:
            self.statuses[status_id] = Status(sender.account.username, activity)
        return activity, [], {"status_id": status_id, "object_id": obj["id"]}

    def _status(self, sender: Local, params: dict[str, Any]) -> tuple[str, Status]:
        status_id = str(params.get("status_id", ""))
        with self.lock:
            status = self.statuses.get(status_id)
        if status is None or status.account != sender.account.username:
            raise ControlError(f"no status {status_id!r} of {sender.account.username}")
        return status_id, status

    def _target_author(self, sender: Local, object_uri: str) -> str:
        """Who wrote the object (Mastodon resolves a status before it favourites it)."""
        document = self.fetch_json(object_uri, sender)
        author = document.get("attributedTo") or document.get("actor")
        if isinstance(author, list):
            author = author[0]
        return author.get("id") if isinstance(author, dict) else str(author or "")


def _kind_note(peer: Peer, sender: Local, params: dict[str, Any]) -> tuple[dict, list, dict]:
    return peer._create(sender, params, "public")


def _kind_reply(peer: Peer, sender: Local, params: dict[str, Any]) -> tuple[dict, list, dict]:
    if not params.get("in_reply_to"):
        raise ControlError("a reply needs in_reply_to")
    return peer._create(sender, params, "public")


def _kind_mention(peer: Peer, sender: Local, params: dict[str, Any]) -> tuple[dict, list, dict]:
    if not params.get("mentions"):
        raise ControlError("a mention needs mentions")
    params = {"single_tag": True, **params}
    return peer._create(sender, params, "public")


def _kind_direct(peer: Peer, sender: Local, params: dict[str, Any]) -> tuple[dict, list, dict]:
    if len(params.get("mentions", [])) != 1:
        raise ControlError("a direct message here goes to exactly one person (mentions)")
    return peer._create(sender, params, "direct")


def _kind_update(peer: Peer, sender: Local, params: dict[str, Any]) -> tuple[dict, list, dict]:
    status_id, status = peer._status(sender, params)
    old = status.obj
    note_params = peer._note_params(
        sender, {**params, "in_reply_to": old.get("inReplyTo")}, "public"
    )
    note_params["visibility"] = params.get("visibility", _visibility_of(old, sender.account))
    obj = shapes.note(
        sender.account,
        status_id,
        published=old["published"],
        updated=shapes.now_iso(),
        **note_params,
    )
    activity = shapes.update(sender.account, obj)
    with peer.lock:
        status.activity = {**status.activity, "object": obj}
    return activity, [], {"status_id": status_id, "object_id": obj["id"]}


def _visibility_of(obj: dict[str, Any], account: shapes.Account) -> str:
    if shapes.PUBLIC in obj.get("to", []):
        return "public"
    if shapes.PUBLIC in obj.get("cc", []):
        return "unlisted"
    return "private" if account.followers in obj.get("to", []) else "direct"


def _kind_delete(peer: Peer, sender: Local, params: dict[str, Any]) -> tuple[dict, list, dict]:
    status_id, status = peer._status(sender, params)
    with peer.lock:
        status.deleted = True
    obj = status.obj
    activity = shapes.delete_status(sender.account, sender.account.status_uri(status_id))
    # Mastodon sends a Delete wherever the status went: its audience and mentioned people.
    audience = [u for u in obj.get("to", []) + obj.get("cc", []) if u != shapes.PUBLIC]
    return activity, audience, {"status_id": status_id, "object_id": activity["object"]["id"]}


def _kind_like(peer: Peer, sender: Local, params: dict[str, Any]) -> tuple[dict, list, dict]:
    target = params.get("object") or ""
    if not target:
        raise ControlError("a like needs object")
    author = peer._target_author(sender, target)
    activity = shapes.like(
        sender.account, peer.next_number(), target, params.get("flavour", "mastodon")
    )
    with peer.lock:
        peer.likes[activity["id"]] = {**activity, "_author": author}
    return activity, [author], {"like_id": activity["id"]}


def _kind_undo_like(peer: Peer, sender: Local, params: dict[str, Any]) -> tuple[dict, list, dict]:
    with peer.lock:
        liked = peer.likes.pop(params.get("like_id") or "", None)
    if liked is None:
        raise ControlError("undo_like needs the like_id a like returned")
    author = liked.pop("_author")
    return shapes.undo(sender.account, liked, peer.next_number()), [author], {}


def _kind_announce(peer: Peer, sender: Local, params: dict[str, Any]) -> tuple[dict, list, dict]:
    target = params.get("object") or ""
    if not target:
        raise ControlError("an announce needs object")
    author = peer._target_author(sender, target)
    status_id = shapes.snowflake()
    activity = shapes.announce(sender.account, status_id, target, author)
    with peer.lock:
        peer.statuses[status_id] = Status(sender.account.username, activity)
    return activity, [], {"status_id": status_id}


def _kind_undo_announce(
    peer: Peer, sender: Local, params: dict[str, Any]
) -> tuple[dict, list, dict]:
    status_id, status = peer._status(sender, params)
    if status.activity["type"] != "Announce":
        raise ControlError(f"status {status_id} is not a boost")
    with peer.lock:
        status.deleted = True
    return (
        shapes.undo(sender.account, status.activity, peer.next_number()),
        [],
        {"status_id": status_id},
    )


def _kind_follow(peer: Peer, sender: Local, params: dict[str, Any]) -> tuple[dict, list, dict]:
    target = peer.resolve(params.get("target") or "", sender)
    activity = shapes.follow(sender.account, target["id"])
    with peer.lock:
        sender.following[target["id"]] = {"state": "pending", "follow": activity}
    inbox = target["inbox"]
    return activity, [], {"target": target["id"], "_inbox": inbox}


def _kind_undo_follow(peer: Peer, sender: Local, params: dict[str, Any]) -> tuple[dict, list, dict]:
    target = peer.resolve(params.get("target") or "", sender)
    with peer.lock:
        followed = sender.following.pop(target["id"], None)
    if followed is None:
        raise ControlError(f"{sender.account.username} does not follow {target['id']}")
    activity = shapes.undo(sender.account, followed["follow"], peer.next_number())
    return activity, [], {"target": target["id"], "_inbox": target["inbox"]}


def _kind_answer_follow(
    peer: Peer, sender: Local, params: dict[str, Any]
) -> tuple[dict, list, dict]:
    """A locked account accepts (or, with reject true, rejects) a pending follow request."""
    who = params.get("follower") or ""
    with peer.lock:
        request = sender.follow_requests.pop(who, None)
    if request is None:
        raise ControlError(f"no follow request from {who!r} to {sender.account.username}")
    follower = peer.fetch_json(who, sender)
    kind = "Reject" if params.get("reject") else "Accept"
    if kind == "Accept":
        endpoints = follower.get("endpoints") if isinstance(follower.get("endpoints"), dict) else {}
        with peer.lock:
            sender.followers[who] = endpoints.get("sharedInbox") or follower["inbox"]
    activity = shapes.answer(sender.account, kind, peer.next_number(), request)
    return activity, [], {"_inbox": follower["inbox"]}


def _kind_delete_actor(
    peer: Peer, sender: Local, params: dict[str, Any]
) -> tuple[dict, list, dict]:
    activity = shapes.delete_actor(sender.account)
    with peer.lock:
        sender.deleted = True
    # Mastodon tells every server it knows; here, its followers and those it follows.
    known = [*sender.followers, *sender.following]
    extra = [uri for uri in dict.fromkeys(known) if not uri.startswith(peer.base)]
    return activity, extra, {}


def _kind_raw(peer: Peer, sender: Local, params: dict[str, Any]) -> tuple[dict, list, dict]:
    """Any activity given whole (for odd shapes); delivered to `inboxes`."""
    activity = params.get("activity")
    if not isinstance(activity, dict) or not params.get("inboxes"):
        raise ControlError("raw needs activity (an object) and inboxes")
    return activity, [], {}


SEND_KINDS = {
    "note": _kind_note,
    "reply": _kind_reply,
    "mention": _kind_mention,
    "direct": _kind_direct,
    "update": _kind_update,
    "delete": _kind_delete,
    "like": _kind_like,
    "undo_like": _kind_undo_like,
    "announce": _kind_announce,
    "undo_announce": _kind_undo_announce,
    "follow": _kind_follow,
    "undo_follow": _kind_undo_follow,
    "answer_follow": _kind_answer_follow,
    "delete_actor": _kind_delete_actor,
    "raw": _kind_raw,
}
