"""Posts of accounts of other nodes that people here follow, and mentions of our people.

The federation app decides what is a post (and that someone here asked for it) and
hands over plain values; this module keeps them, bounded (the last `MAX_PER_AUTHOR`
posts of each account), and says who may see them: a public post anyone who sees its
author, a followers-only post only the author's followers here.

A mention of a person here is a notification holding its text, never content shown on
a page; each sender notifies at most `mentions_per_hour()` times an hour, all
recipients together. A person under the age of digital consent is told only of
mentions by accounts they follow (decision 0011: strangers do not reach minors).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from contact.messaging import under_consent_age
from network.models import Notification, NotificationKind, Post
from network.notify import local_people, organisation_members
from profiles.models import Follow, FollowState, Profile, ProfileKind
from profiles.permissions import viewer_profile
from profiles.visibility import Visibility

MAX_PER_AUTHOR = 200
SHOWN_ON_PAGE = 20
POST_FIELDS = (
    "url",
    "object_type",
    "name",
    "content",
    "language",
    "summary",
    "sensitive",
    "attachments",
    "visibility",
    "in_reply_to",
    "published_at",
    "updated_at",
)


def mentions_per_hour() -> int:
    return settings.TREMPLIN_MENTIONS_PER_SENDER_HOUR


@transaction.atomic
def save_post(author: Profile, source_url: str, fields: dict[str, Any]) -> Post:
    """Keep (or replace) a post; the author's oldest beyond `MAX_PER_AUTHOR` go."""
    values = {name: fields[name] for name in POST_FIELDS if name in fields}
    post, _created = Post.objects.update_or_create(
        source_url=source_url, author=author, defaults=values
    )
    beyond = Post.objects.filter(author=author).order_by("-published_at", "-pk")[MAX_PER_AUTHOR:]
    old = list(beyond.values_list("pk", flat=True))
    if old:
        Post.objects.filter(pk__in=old).delete()
    return post


def delete_post(source_url: str, author: Profile) -> bool:
    """Remove a post its author withdrew; True when there was one."""
    deleted, _rows = Post.objects.filter(source_url=source_url, author=author).delete()
    return deleted > 0


def _follows(viewer: Profile | None) -> QuerySet[Follow]:
    if viewer is None:
        return Follow.objects.none()
    return Follow.objects.filter(follower=viewer, state=FollowState.ACCEPTED)


def posts_visible_to(viewer: Profile | None, posts: QuerySet[Post] | None = None) -> QuerySet[Post]:
    """Public posts (of authors not suspended) for anyone; followers-only posts for the
    author's followers here (an organisation's page is read by its members)."""
    posts = Post.objects.all() if posts is None else posts
    followed = _follows(viewer).values("followed")
    return posts.filter(author__suspended_at__isnull=True).filter(
        Q(visibility__gte=Visibility.PUBLIC)
        | Q(visibility=Visibility.FOLLOWERS, author__in=followed)
    )


def posts_of(author: Profile, viewer: Profile | None) -> QuerySet[Post]:
    return posts_visible_to(viewer, Post.objects.filter(author=author)).select_related("author")


def feed_posts(viewer: Profile) -> QuerySet[Post]:
    """Posts of the accounts and territories the viewer follows."""
    followed = _follows(viewer)
    people = followed.values("followed")
    domains = followed.filter(followed__kind=ProfileKind.NODE).values("followed__domain")
    return posts_visible_to(
        viewer, Post.objects.filter(Q(author__in=people) | Q(author__domain__in=domains))
    )


def notify_mention(
    sender: Profile, recipients: Iterable[Profile], text: str, language: str
) -> list[Notification]:
    """Tell the people here that `sender` mentioned them, with the words said; at most
    `mentions_per_hour()` notifications per sender and hour, all recipients together."""
    url = sender.get_absolute_url()
    since = timezone.now() - datetime.timedelta(hours=1)
    recent = Notification.objects.filter(
        kind=NotificationKind.MENTION, url=url, created_at__gte=since
    ).count()
    room = max(0, mentions_per_hour() - recent)
    people: list[Profile] = []
    for named in dict.fromkeys(recipients):
        if named.domain or named.pk == sender.pk:
            continue
        if named.kind == ProfileKind.ORGANISATION:
            readers = list(local_people(organisation_members(named.pk)))
        elif under_consent_age(named) and not follows(named, sender):
            readers = []  # a minor hears only from accounts they chose to follow
        else:
            readers = [named]
        people.extend(p for p in readers if p not in people and p.pk != sender.pk)
    return Notification.objects.bulk_create(
        Notification(
            recipient=person,
            kind=NotificationKind.MENTION,
            title=sender.display_name[:200],
            title_language="",
            text=text[:3000],
            text_language=language,
            url=url,
        )
        for person in people[:room]
    )


def follows(follower: Profile, followed: Profile) -> bool:
    return _follows(follower).filter(followed=followed).exists()


def profile_section(request: HttpRequest, profile: Profile) -> str:
    """The posts of an account of another node, for its page (profiles.views.public)."""
    if profile.is_local:
        return ""
    viewer = viewer_profile(request.user)
    shown = posts_of(profile, viewer).select_related("author__published")[:SHOWN_ON_PAGE]
    return render_to_string("network/_posts_section.html", {"posts": shown}, request=request)
