"""Comments on experiences and offers: who may write one, who sees them, and their life.

One module for every path that adds, changes, hides or removes a comment, whether the
author is a person here (the form under the item) or elsewhere (federation calls
`receive` after it sanitised the HTML). The rules are the same for both:
- who may comment is the item owner's `comment_policy` (nobody, people they follow and
  their counsellors, node members, everyone), and only someone who may see the item;
- cost is bounded: a few comments per author and item an hour, a few hundred per
  remote host an hour, and a bounded length;
- the owner is told with one notification per item while unread, whatever the flood;
- comments are seen by those who may see the item; hidden ones by its owner only.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from jobs import offers as offer_rules
from jobs import organisations
from jobs.models import Offer
from network import events
from network.models import (
    MAX_COMMENT_HTML,
    MAX_COMMENT_TEXT,
    Comment,
    Notification,
    NotificationKind,
)
from network.notify import local_people, notify, organisation_members
from profiles import counsellors
from profiles.models import CommentPolicy, Experience, Follow, FollowState, Profile
from profiles.permissions import viewer_profile
from profiles.visibility import Visibility

logger = logging.getLogger(__name__)
WINDOW = datetime.timedelta(hours=1)
Item = Experience | Offer


class CommentRefused(ValidationError):
    """Why a comment is not accepted, in words for the author (a form error, a Reject).

    `code`: "policy" (the owner does not take it from this author), "limit" (too many
    for now) or "invalid" (empty, too long, not theirs).
    """

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message, code=code)


def _check(author: Profile, item: Item) -> None:
    if reason := refusal(author, item):
        raise CommentRefused(reason, code="policy")
    if reason := over_limit(author, item):
        raise CommentRefused(reason, code="limit")


def per_author_item_hour() -> int:
    return int(getattr(settings, "TREMPLIN_COMMENTS_PER_AUTHOR_ITEM_HOUR", 5))


def per_host_hour() -> int:
    return int(getattr(settings, "TREMPLIN_COMMENTS_PER_HOST_HOUR", 200))


# --- the item: its owner, who sees it -------------------------------------------------


def owner_of(item: Item) -> Profile:
    """The profile whose comment policy applies: the experience's person, the offer's
    organisation."""
    if isinstance(item, Experience):
        return item.owner
    return item.organisation.profile


def is_item_owner(user: Any, item: Item) -> bool:
    """Whether this user may hide or delete comments on the item (its person; any member
    of the offer's organisation)."""
    profile = viewer_profile(user)
    if profile is None:
        return False
    if isinstance(item, Experience):
        return profile.pk == item.owner_id
    return organisations.is_member(user, item.organisation)


def item_visible_to(user: Any, item: Item) -> bool:
    """The item's own visibility rule, as its page applies it."""
    if isinstance(item, Experience):
        return Experience.objects.visible_to(user).filter(pk=item.pk).exists()
    if offer_rules.open_offers().filter(pk=item.pk).exists():
        return True
    return organisations.is_member(user, item.organisation)


def _item_filter(item: Item) -> dict[str, Any]:
    return {"experience": item} if isinstance(item, Experience) else {"offer": item}


def comments_for(user: Any, item: Item) -> QuerySet[Comment]:
    """Comments on `item` this user sees: all for its owner (hidden ones marked), the
    shown ones for anyone who may see the item, none for the others."""
    if not item_visible_to(user, item):
        return Comment.objects.none()
    found = Comment.objects.filter(**_item_filter(item), author__suspended_at__isnull=True)
    if not is_item_owner(user, item):
        found = found.filter(hidden=False)
    return found.select_related("author__published", "author__draft").order_by("published", "pk")


def _remote_may_see(author: Profile, item: Item) -> bool:
    """What a person of another node may see: public items, and followers-only items of
    the people they follow."""
    if isinstance(item, Offer):
        return offer_rules.open_offers().filter(pk=item.pk).exists()
    if item.published_id is None or item.owner.suspended_at is not None:
        return False
    if item.visibility == Visibility.PUBLIC:
        return True
    return item.visibility >= Visibility.FOLLOWERS and _follows(author, item.owner)


def _follows(follower: Profile, followed: Profile) -> bool:
    return Follow.objects.filter(
        follower=follower, followed=followed, state=FollowState.ACCEPTED
    ).exists()


# --- who may comment ------------------------------------------------------------------


def refusal(author: Profile, item: Item) -> str:
    """Why `author` may not comment on `item` now ("" when they may)."""
    if author.suspended_at is not None:
        return _("This account is suspended.")
    may_see = (
        item_visible_to(author.user, item)
        if author.is_local and author.user_id
        else (not author.is_local and _remote_may_see(author, item))
    )
    if not may_see:
        return _("You cannot see this item.")
    owner = owner_of(item)
    if _speaks_for_owner(author, item):
        return ""
    policy = owner.effective_comment_policy()
    allowed = policy == CommentPolicy.EVERYONE
    if policy in (CommentPolicy.FOLLOWING, CommentPolicy.MEMBERS):
        allowed = (
            _follows(owner, author)
            or counsellors.chosen_counsellors(owner).filter(pk=author.pk).exists()
            or (policy == CommentPolicy.MEMBERS and author.is_local)
        )
    if not allowed:
        return _("%(name)s does not take comments from you.") % {"name": owner.display_name}
    return ""


def _speaks_for_owner(author: Profile, item: Item) -> bool:
    if author.pk == owner_of(item).pk:
        return True
    return (
        isinstance(item, Offer) and author.user_id is not None and is_item_owner(author.user, item)
    )


def over_limit(author: Profile, item: Item, now: datetime.datetime | None = None) -> str:
    """Why one more comment now would cost too much ("" when it would not)."""
    since = (now or timezone.now()) - WINDOW
    recent = Comment.objects.filter(created_at__gte=since)
    per_item = per_author_item_hour()
    if per_item and recent.filter(author=author, **_item_filter(item)).count() >= per_item:
        return _("You have written enough comments on this item for now; try again later.")
    per_host = per_host_hour()
    if (
        not author.is_local
        and per_host
        and recent.filter(author__domain=author.domain).count() >= per_host
    ):
        return _("Too many comments from this server for now; try again later.")
    return ""


def may_comment(author: Profile | None, item: Item) -> bool:
    return author is not None and not refusal(author, item)


# --- writing ----------------------------------------------------------------------------


def text_to_html(text: str) -> str:
    """A person's words as the HTML a comment carries: escaped once, paragraphs kept."""
    return linebreaks(text.strip(), autoescape=True)


@transaction.atomic
def post(
    author: Profile, item: Item, text: str, *, language: str = "", summary: str = ""
) -> Comment:
    """A person of this node comments; refused with a CommentRefused saying why."""
    text = text.strip()
    if not text:
        raise CommentRefused(_("Write something first."))
    if len(text) > MAX_COMMENT_TEXT:
        raise CommentRefused(
            _("A comment is at most %(count)d characters long.") % {"count": MAX_COMMENT_TEXT}
        )
    _check(author, item)
    comment = Comment.objects.create(
        **_item_filter(item),
        author=author,
        content=text_to_html(text),
        language=language[:8],
        summary=summary.strip()[:200],
        sensitive=bool(summary.strip()),
    )
    _notify_owner(comment, item)
    events.comment_posted.send(Comment, comment=comment)
    return comment


@transaction.atomic
def receive(
    author: Profile,
    item: Item,
    *,
    ap_id: str,
    html: str,
    language: str = "",
    summary: str = "",
    sensitive: bool = False,
    url: str = "",
    published: datetime.datetime | None = None,
    parent: Comment | None = None,
) -> Comment:
    """A comment from a person of another node, its HTML already made safe by the caller.

    Refused (CommentRefused, nothing stored) when the owner's policy or the cost bounds
    say no; received again with the same id, it is updated instead.
    """
    existing = Comment.objects.filter(ap_id=ap_id).first()
    if existing is not None:
        if existing.author_id != author.pk:
            raise CommentRefused("the comment belongs to someone else")
        return update(existing, html=html, language=language, summary=summary, sensitive=sensitive)
    _check(author, item)
    if not html.strip():
        raise CommentRefused("an empty comment")
    comment = Comment.objects.create(
        **_item_filter(item),
        author=author,
        parent=parent,
        ap_id=ap_id,
        url=url,
        content=html[:MAX_COMMENT_HTML],
        language=language[:8],
        summary=summary[:200],
        sensitive=sensitive or bool(summary),
        published=min(published or timezone.now(), timezone.now()),
    )
    _notify_owner(comment, item)
    return comment


def update(
    comment: Comment, *, html: str, language: str = "", summary: str = "", sensitive: bool = False
) -> Comment:
    """Its author changed a remote comment (its hidden mark stays as the owner set it)."""
    if not html.strip():
        raise CommentRefused("an empty comment")
    comment.content = html[:MAX_COMMENT_HTML]
    comment.language = language[:8] or comment.language
    comment.summary = summary[:200]
    comment.sensitive = sensitive or bool(summary)
    comment.updated_at = timezone.now()
    comment.save(update_fields=["content", "language", "summary", "sensitive", "updated_at"])
    return comment


@transaction.atomic
def set_hidden(comment: Comment, hidden: bool) -> Comment:
    """The item's owner hides a comment (seen by them only, marked) or shows it again."""
    Comment.objects.filter(pk=comment.pk).update(hidden=hidden)
    comment.hidden = hidden
    return comment


@transaction.atomic
def delete(comment: Comment) -> None:
    """The comment is gone: removed here, and (federation listening) from every node that
    got it, or never accepted again when it came from elsewhere."""
    comment_id, ap_id, author = comment.pk, comment.ap_id, comment.author
    comment.delete()
    events.comment_deleted.send(Comment, comment_id=comment_id, ap_id=ap_id, author=author)


def _notify_owner(comment: Comment, item: Item) -> None:
    """The owner is told; comments on one item are grouped while the notification is
    unread ("5 new comments"), so a flood is one line per item, not one per comment."""
    owner = owner_of(item)
    if owner.kind == "organisation":
        recipients = local_people(organisation_members(owner.pk))
    else:
        recipients = local_people(Profile.objects.filter(pk=owner.pk))
    url = f"{item.get_absolute_url()}#comments"
    title = str(item)[:200]
    language = item.language or ""
    alone = []
    for pk in recipients.exclude(pk=comment.author_id).values_list("pk", flat=True):
        group = (
            Notification.objects.filter(
                recipient_id=pk,
                kind=NotificationKind.COMMENT,
                url=url,
                read_at__isnull=True,
                emailed_at__isnull=True,
            )
            .values_list("pk", flat=True)
            .first()
        )
        if group is None:
            alone.append(pk)
        else:
            Notification.objects.filter(pk=group).update(
                count=F("count") + 1, created_at=timezone.now()
            )
    notify(alone, NotificationKind.COMMENT, title, language, url)
