"""Remote posts (a Mastodon status, a Misskey note, an article…): posts, never experiences.

The last object handler (inbox_processing): what no other handler took, and that
someone here asked for (solicited.py), lands here. Two things come of it:
- the people of this node it mentions or addresses are notified, with the words said
  (network.posts.notify_mention; bounded per sender and hour), and nothing else is
  shown of it when nobody here follows its author;
- when someone here follows its author (or their territory), or a look-up asked for
  it, it is kept as a `network.Post`: on the author's page and in their followers'
  feeds, apart from experiences.
A post addressed to no public nor followers collection is a direct message: Notes are
the contact handler's; any other kind is refused visibly (direct_messages.py).
"""

from __future__ import annotations

import logging
from typing import Any

from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext

from federation.incoming.direct_messages import refuse_visibly
from federation.incoming.inbox_processing import (
    EXPERIENCES,
    ObjectHandler,
    Refused,
    register_object_handler,
    remote_profile,
)
from federation.models import RemoteActor
from federation.peers import solicited
from federation.protocol import addressing
from federation.protocol.remote_content import as_list, object_id, read_content
from network import posts
from network.models import Post

logger = logging.getLogger(__name__)
POST_TYPES = frozenset({"Note", "Article", "Page", "Question", "Event", "Image", "Video", "Audio"})


def accepts(obj: dict[str, Any]) -> bool:
    return obj.get("type") in POST_TYPES


def _visibility(obj: dict[str, Any], actor: RemoteActor) -> int | None:
    to = [object_id(x) for x in as_list(obj.get("to"))]
    cc = [object_id(x) for x in as_list(obj.get("cc"))]
    return addressing.visibility_of([u for u in to if u], [u for u in cc if u], actor.followers)


def _fields(obj: dict[str, Any], visibility: int) -> dict[str, Any]:
    content = read_content(obj)
    url = object_id(obj.get("url")) if not isinstance(obj.get("url"), list) else ""
    if isinstance(obj.get("url"), list):
        url = next((object_id(u) for u in obj["url"] if object_id(u).startswith("http")), "")
    html = content.html
    if obj.get("type") == "Question":
        choices = [
            choice.get("name")
            for choice in as_list(obj.get("oneOf") or obj.get("anyOf"))[:20]
            if isinstance(choice, dict) and isinstance(choice.get("name"), str)
        ]
        if choices:
            html += format_html_join("", "<p>☐ {}</p>", ((c[:200],) for c in choices))
    return {
        "url": url[:500] if url.startswith(("http://", "https://")) else "",
        "object_type": str(obj.get("type"))[:20],
        "name": content.name,
        "content": html,
        "language": content.language,
        "summary": content.summary,
        "sensitive": content.sensitive,
        "attachments": list(content.attachments),
        "visibility": visibility,
        "in_reply_to": (content.in_reply_to or "")[:500],
        "published_at": content.published or timezone.now(),
        "updated_at": timezone.now(),
    }


def create(activity: dict[str, Any], obj: dict[str, Any], actor: RemoteActor) -> None:
    known = Post.objects.filter(source_url=obj["id"]).select_related("author").first()
    if known is not None:
        update(activity, obj, actor)
        return
    visibility = _visibility(obj, actor)
    people = solicited.addressed_people(obj)
    if visibility is None:
        if people:
            refuse_visibly(
                activity,
                actor,
                gettext("This node takes direct messages only as notes from organisations."),
            )
        return
    author = remote_profile(actor)
    if people:
        content = read_content(obj)
        text = "\n\n".join(part for part in (content.summary, content.text) if part)
        posts.notify_mention(author, people, text, content.language)
    if solicited.inside_asked_here() or solicited.is_followed_here(actor.uri):
        posts.save_post(author, obj["id"], _fields(obj, visibility))
    else:
        logger.info("mention %s kept as a notification only", obj["id"])


def update(activity: dict[str, Any], obj: dict[str, Any], actor: RemoteActor) -> None:
    known = Post.objects.filter(source_url=obj["id"]).first()
    if known is None:
        create(activity, obj, actor)
        return
    if known.author_id != actor.profile_id:
        raise Refused("update of someone else's post")
    visibility = _visibility(obj, actor)
    if visibility is None:
        posts.delete_post(obj["id"], known.author)  # narrowed to a few: no longer shown
        return
    posts.save_post(known.author, obj["id"], _fields(obj, visibility))


def delete(uri: str, actor: RemoteActor) -> bool:
    known = Post.objects.filter(source_url=uri).select_related("author").first()
    if known is None:
        return False
    if known.author_id != actor.profile_id:
        raise Refused("delete of someone else's post")
    return posts.delete_post(uri, known.author)


POSTS = ObjectHandler(name="posts", accepts=accepts, create=create, update=update, delete=delete)


def register() -> None:
    """Experiences, then posts, after every other handler (see inbox_processing)."""
    register_object_handler(EXPERIENCES, last=True)
    register_object_handler(POSTS, last=True)
