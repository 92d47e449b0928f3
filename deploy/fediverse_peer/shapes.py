"""What Mastodon 4.x puts on the wire, built as plain dicts (no network here).

Read from Mastodon's serializers (app/serializers/activitypub/*.rb), its tag manager
(app/lib/activitypub/tag_manager.rb: to/cc per visibility) and its text formatter
(app/lib/text_formatter.rb: `<p>`, `<br />`, ERB escaping, h-card mentions, hashtag links).
The Misskey and Pleroma variants change only what those servers are known to change in a
Note: Misskey's `_misskey_content`/`source` in MFM and no `contentMap`; Pleroma's
`context`/`conversation` and `tag` lists with no hashtag links' `rel`.

Ids are Mastodon's: actors /users/<name>, statuses /users/<name>/statuses/<snowflake>,
a Create at <status>/activity, a Like <actor>#likes/<n>, an Undo <...>/undo, a Delete
<status>#delete, an Update <status>#updates/<epoch>, a Follow <base>/<uuid>.
"""

from __future__ import annotations

import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

AS = "https://www.w3.org/ns/activitystreams"
PUBLIC = f"{AS}#Public"
SECURITY = "https://w3id.org/security/v1"

# The JSON-LD context extensions Mastodon adds to a status (NoteSerializer's context_extensions).
STATUS_CONTEXT: list[Any] = [
    AS,
    {
        "ostatus": "http://ostatus.org#",
        "atomUri": "ostatus:atomUri",
        "inReplyToAtomUri": "ostatus:inReplyToAtomUri",
        "conversation": "ostatus:conversation",
        "sensitive": "as:sensitive",
        "toot": "http://joinmastodon.org/ns#",
        "votersCount": "toot:votersCount",
        "blurhash": "toot:blurhash",
        "focalPoint": {"@container": "@list", "@id": "toot:focalPoint"},
        "Hashtag": "as:Hashtag",
    },
]

ACTOR_CONTEXT: list[Any] = [
    AS,
    SECURITY,
    {
        "manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
        "toot": "http://joinmastodon.org/ns#",
        "featured": {"@id": "toot:featured", "@type": "@id"},
        "featuredTags": {"@id": "toot:featuredTags", "@type": "@id"},
        "alsoKnownAs": {"@id": "as:alsoKnownAs", "@type": "@id"},
        "movedTo": {"@id": "as:movedTo", "@type": "@id"},
        "schema": "http://schema.org#",
        "PropertyValue": "schema:PropertyValue",
        "value": "schema:value",
        "discoverable": "toot:discoverable",
        "indexable": "toot:indexable",
        "Hashtag": "as:Hashtag",
        "focalPoint": {"@container": "@list", "@id": "toot:focalPoint"},
    },
]

FLAVOURS = ("mastodon", "misskey", "pleroma")
HASHTAG = re.compile(r"(?<![\w/&])#(\w+)", re.UNICODE)


def now_iso() -> str:
    """Mastodon's `published`: UTC, seconds, a Z (`created_at.iso8601`)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_snowflake_lock = threading.Lock()
_last_snowflake = 0


def snowflake() -> str:
    """A status id as Mastodon makes them: milliseconds since the epoch, shifted 16 bits,
    plus a sequence (lib/mastodon/snowflake.rb); always increasing in this process."""
    global _last_snowflake
    with _snowflake_lock:
        value = max(int(time.time() * 1000) << 16, _last_snowflake + 1)
        _last_snowflake = value
        return str(value)


def escape(text: str) -> str:
    """Ruby's ERB::Util.h, which Mastodon's formatter uses: `'` becomes `&#39;`."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


@dataclass(frozen=True)
class Mentioned:
    """Someone a status mentions: their actor id, profile URL and acct (user@host)."""

    uri: str
    url: str
    acct: str

    @property
    def username(self) -> str:
        return self.acct.split("@", 1)[0]


@dataclass
class Account:
    """One account of the peer; `base` is http://<domain>."""

    username: str
    base: str
    public_pem: str
    display_name: str = ""
    summary: str = ""
    locked: bool = False
    discoverable: bool = True
    created: str = field(default_factory=now_iso)
    pinned: list[str] = field(default_factory=list)

    @property
    def uri(self) -> str:
        return f"{self.base}/users/{self.username}"

    @property
    def url(self) -> str:
        return f"{self.base}/@{self.username}"

    @property
    def key_id(self) -> str:
        return f"{self.uri}#main-key"

    @property
    def followers(self) -> str:
        return f"{self.uri}/followers"

    @property
    def domain(self) -> str:
        return self.base.split("://", 1)[1]

    def status_uri(self, status_id: str) -> str:
        return f"{self.uri}/statuses/{status_id}"

    def status_url(self, status_id: str) -> str:
        return f"{self.url}/{status_id}"

    def document(self) -> dict[str, Any]:
        """The actor as ActivityPub::ActorSerializer writes a Person."""
        return {
            "@context": ACTOR_CONTEXT,
            "id": self.uri,
            "type": "Person",
            "following": f"{self.uri}/following",
            "followers": self.followers,
            "inbox": f"{self.uri}/inbox",
            "outbox": f"{self.uri}/outbox",
            "featured": f"{self.uri}/collections/featured",
            "featuredTags": f"{self.uri}/collections/tags",
            "preferredUsername": self.username,
            "name": self.display_name or self.username,
            "summary": f"<p>{escape(self.summary)}</p>" if self.summary else "",
            "url": self.url,
            "manuallyApprovesFollowers": self.locked,
            "discoverable": self.discoverable,
            "indexable": self.discoverable,
            "published": self.created[:10] + "T00:00:00Z",
            "memorial": False,
            "publicKey": {
                "id": self.key_id,
                "owner": self.uri,
                "publicKeyPem": self.public_pem,
            },
            "tag": [],
            "attachment": [],
            "endpoints": {"sharedInbox": f"{self.base}/inbox"},
        }


def format_text(
    text: str, base: str, mentions: list[Mentioned], flavour: str = "mastodon"
) -> tuple[str, list[str]]:
    """(HTML, hashtags) of a plain text as Mastodon's TextFormatter renders it.

    Blank lines split paragraphs (`<p>`), single newlines become `<br />`, the text is
    ERB-escaped (`'` -> `&#39;`, `&` -> `&amp;`), `#tag` becomes a hashtag link and
    `@user@host` of a mentioned person an h-card mention link.
    """
    tags: list[str] = []
    by_acct = {m.acct.lower(): m for m in mentions}

    def linked(escaped: str) -> str:
        def hashtag(match: re.Match[str]) -> str:
            name = match.group(1)
            if name.lower() not in tags:
                tags.append(name.lower())
            rel = "" if flavour == "pleroma" else ' rel="tag"'
            return (
                f'<a href="{base}/tags/{name.lower()}" class="mention hashtag"{rel}>'
                f"#<span>{name}</span></a>"
            )

        escaped = HASHTAG.sub(hashtag, escaped)

        def mention(match: re.Match[str]) -> str:
            person = by_acct.get(match.group(1).lower())
            if person is None:
                return match.group(0)
            return (
                f'<span class="h-card" translate="no"><a href="{escape(person.url)}" '
                f'class="u-url mention">@<span>{escape(person.username)}</span></a></span>'
            )

        return re.sub(r"@([\w.-]+@[\w.:-]+[\w])", mention, escaped)

    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    rendered = "".join(
        "<p>" + "<br />".join(linked(escape(line)) for line in paragraph.split("\n")) + "</p>"
        for paragraph in paragraphs
    )
    return rendered, tags


def addressing(
    account: Account, visibility: str, mentions: list[Mentioned], reply_to_author: str = ""
) -> tuple[list[str], list[str]]:
    """(to, cc) as ActivityPub::TagManager#to and #cc give them for a visibility."""
    others = [m.uri for m in mentions]
    if reply_to_author and reply_to_author not in others:
        others.append(reply_to_author)
    if visibility == "public":
        return [PUBLIC], [account.followers, *others]
    if visibility == "unlisted":
        return [account.followers], [PUBLIC, *others]
    if visibility == "private":
        return [account.followers], others
    return others, []  # direct: only the people it mentions


def note(
    account: Account,
    status_id: str,
    *,
    text: str,
    language: str = "fr",
    visibility: str = "public",
    mentions: list[Mentioned] | None = None,
    in_reply_to: str | None = None,
    in_reply_to_author: str = "",
    summary: str = "",
    sensitive: bool = False,
    attachments: list[dict[str, Any]] | None = None,
    flavour: str = "mastodon",
    single_tag: bool = False,
    published: str | None = None,
    updated: str | None = None,
) -> dict[str, Any]:
    """A status as ActivityPub::NoteSerializer writes it (with the flavour's changes).

    `single_tag`: a lone tag sent as one object instead of a one-item list (the JSON-LD
    compacted form some servers emit; receivers must accept both).
    """
    mentions = mentions or []
    content, hashtags = format_text(text, account.base, mentions, flavour)
    to, cc = addressing(account, visibility, mentions, in_reply_to_author)
    uri = account.status_uri(status_id)
    published = published or now_iso()
    day = published[:10]
    tags: list[dict[str, Any]] = [
        {"type": "Mention", "href": m.uri, "name": f"@{m.acct}"} for m in mentions
    ] + [{"type": "Hashtag", "href": f"{account.base}/tags/{t}", "name": f"#{t}"} for t in hashtags]
    obj: dict[str, Any] = {
        "id": uri,
        "type": "Note",
        "summary": summary or None,
        "inReplyTo": in_reply_to,
        "published": published,
        "url": account.status_url(status_id),
        "attributedTo": account.uri,
        "to": to,
        "cc": cc,
        "sensitive": bool(sensitive or summary),
        "atomUri": uri,
        "inReplyToAtomUri": in_reply_to,
        "conversation": f"tag:{account.domain},{day}:objectId={status_id}:objectType=Conversation",
        "content": content,
        "contentMap": {language: content},
        "attachment": [
            {
                "type": "Document",
                "mediaType": a.get("media_type", "image/jpeg"),
                "url": a["url"],
                "name": a.get("name"),
                "blurhash": "UBL_:rOpGG-oBUNG,qRj2so|=eE1w^n4S5NH",
                "width": 4,
                "height": 4,
            }
            for a in attachments or []
        ],
        "tag": tags[0] if single_tag and len(tags) == 1 else tags,
        "replies": {
            "id": f"{uri}/replies",
            "type": "Collection",
            "first": {
                "type": "CollectionPage",
                "next": f"{uri}/replies?only_other_accounts=true&page=true",
                "partOf": f"{uri}/replies",
                "items": [],
            },
        },
        "likes": {"id": f"{uri}/likes", "type": "Collection", "totalItems": 0},
        "shares": {"id": f"{uri}/shares", "type": "Collection", "totalItems": 0},
    }
    if updated:
        obj["updated"] = updated
    if flavour == "misskey":
        # Misskey: ids of its own shape aside, the MFM source rides along; no contentMap.
        del obj["contentMap"], obj["atomUri"], obj["inReplyToAtomUri"], obj["conversation"]
        obj["_misskey_content"] = text
        obj["source"] = {"content": text, "mediaType": "text/x.misskeymarkdown"}
    elif flavour == "pleroma":
        obj["context"] = f"{account.base}/contexts/{status_id}"
        obj["conversation"] = obj["context"]
        del obj["atomUri"], obj["inReplyToAtomUri"]
        obj["actor"] = account.uri
    return obj


def create(account: Account, obj: dict[str, Any]) -> dict[str, Any]:
    """Create of a status (ActivitySerializer): id <status>/activity, same to/cc."""
    return {
        "@context": STATUS_CONTEXT,
        "id": f"{obj['id']}/activity",
        "type": "Create",
        "actor": account.uri,
        "published": obj["published"],
        "to": obj["to"],
        "cc": obj["cc"],
        "object": obj,
    }


def update(account: Account, obj: dict[str, Any]) -> dict[str, Any]:
    """Update of an edited status: id <status>#updates/<epoch>, the whole new Note."""
    epoch = int(
        datetime.strptime(obj["updated"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp()
    )
    return {
        "@context": STATUS_CONTEXT,
        "id": f"{obj['id']}#updates/{epoch}",
        "type": "Update",
        "actor": account.uri,
        "published": obj["updated"],
        "to": obj["to"],
        "cc": obj["cc"],
        "object": obj,
    }


def delete_status(account: Account, status_uri: str) -> dict[str, Any]:
    """Delete of a status (DeleteSerializer): a Tombstone, to Public."""
    return {
        "@context": [AS, {"ostatus": "http://ostatus.org#", "atomUri": "ostatus:atomUri"}],
        "id": f"{status_uri}#delete",
        "type": "Delete",
        "actor": account.uri,
        "to": [PUBLIC],
        "object": {"id": status_uri, "type": "Tombstone", "atomUri": status_uri},
    }


def delete_actor(account: Account) -> dict[str, Any]:
    """An account deleting itself (DeleteActorSerializer): object is the actor's id."""
    return {
        "@context": [AS, SECURITY],
        "id": f"{account.uri}#delete",
        "type": "Delete",
        "actor": account.uri,
        "to": [PUBLIC],
        "object": account.uri,
    }


def like(
    account: Account, number: int, object_uri: str, flavour: str = "mastodon"
) -> dict[str, Any]:
    """A favourite (LikeSerializer); Misskey adds its reaction, Pleroma sends EmojiReact
    only for emoji reactions, a plain Like otherwise."""
    activity: dict[str, Any] = {
        "@context": AS,
        "id": f"{account.uri}#likes/{number}",
        "type": "Like",
        "actor": account.uri,
        "object": object_uri,
    }
    if flavour == "misskey":
        activity["content"] = "👍"
        activity["_misskey_reaction"] = "👍"
    return activity


def announce(
    account: Account, status_id: str, object_uri: str, object_author: str
) -> dict[str, Any]:
    """A boost: a status of its own whose Announce is public, cc the author and followers."""
    uri = account.status_uri(status_id)
    return {
        "@context": AS,
        "id": f"{uri}/activity",
        "type": "Announce",
        "actor": account.uri,
        "published": now_iso(),
        "to": [PUBLIC],
        "cc": [object_author, account.followers],
        "object": object_uri,
    }


def undo(account: Account, activity: dict[str, Any], number: int) -> dict[str, Any]:
    """Undo of a Like, an Announce or a Follow (Undo*Serializer): the activity embedded."""
    kind = {"Like": "likes", "Announce": "announces", "Follow": "follows"}[activity["type"]]
    embedded = {key: value for key, value in activity.items() if key != "@context"}
    return {
        "@context": AS,
        "id": f"{account.uri}#{kind}/{number}/undo",
        "type": "Undo",
        "actor": account.uri,
        "object": embedded,
    }


def follow(account: Account, target: str) -> dict[str, Any]:
    """A follow request (FollowSerializer): a fresh <base>/<uuid> id."""
    return {
        "@context": AS,
        "id": f"{account.base}/{uuid.uuid4()}",
        "type": "Follow",
        "actor": account.uri,
        "object": target,
    }


def answer(
    account: Account, kind: str, number: int, follow_activity: dict[str, Any]
) -> dict[str, Any]:
    """Accept or Reject of a follow request (AcceptFollowSerializer), the Follow embedded."""
    return {
        "@context": AS,
        "id": f"{account.uri}#{kind.lower()}s/follows/{number}",
        "type": kind,
        "actor": account.uri,
        "object": {
            "id": follow_activity.get("id"),
            "type": "Follow",
            "actor": follow_activity.get("actor"),
            "object": account.uri,
        },
    }


def ordered_collection(
    uri: str, items: list[Any], page: str | None, page_size: int = 20
) -> dict[str, Any]:
    """Mastodon's paged collections: the collection names `first`; a page lists items."""
    if page is None:
        return {
            "@context": AS,
            "id": uri,
            "type": "OrderedCollection",
            "totalItems": len(items),
            "first": f"{uri}?page=1",
            "last": f"{uri}?page={max(1, -(-len(items) // page_size))}",
        }
    number = int(page) if page.isdigit() else 1
    start = (number - 1) * page_size
    document: dict[str, Any] = {
        "@context": AS,
        "id": f"{uri}?page={number}",
        "type": "OrderedCollectionPage",
        "totalItems": len(items),
        "partOf": uri,
        "orderedItems": items[start : start + page_size],
    }
    if start + page_size < len(items):
        document["next"] = f"{uri}?page={number + 1}"
    if number > 1:
        document["prev"] = f"{uri}?page={number - 1}"
    return document
