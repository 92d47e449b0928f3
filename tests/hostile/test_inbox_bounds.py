"""Bounded work per activity: what is too big is refused at the door, quickly.

An activity of 10,000 hashtags fits in the 1 MiB body and cost about 1.4 s of CPU
(0.15 s at the inbox, 1.2 s in the worker); it is now refused with 413 before its
signer is even looked up, and nothing is stored.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from federation.mapping.parsing import experience_data
from federation.models import InboxItem
from federation.worker import run_single_cycle
from profiles.models import Experience
from tests.federation.helpers import followed_here
from tests.federation.test_inbox import (
    ACTOR,
    PEER,
    activity,
    remote_actor,  # noqa: F401  (fixture)
)
from tests.hostile.test_inbox_attacks import ARTICLE, deliver, refused, signed, snapshot

pytestmark = pytest.mark.django_db


def _hashtags(count: int) -> list[dict[str, str]]:
    return [
        {"type": "Hashtag", "name": f"#tag{i}", "href": f"{PEER}/tags/tag{i}"} for i in range(count)
    ]


def _create(**article: Any) -> bytes:
    body = activity(id=f"{PEER}/activities/big", type="Create", object={**ARTICLE, **article})
    return json.dumps(body).encode()


def test_ten_thousand_hashtags_are_refused_quickly_and_nothing_is_stored(
    client,
    vocabulary,
    remote_actor,  # noqa: F811
):
    data = _create(tag=_hashtags(10_000))
    headers = signed(data)
    before = snapshot()
    started = time.process_time()
    response = deliver(client, data, headers)
    run_single_cycle()
    spent = time.process_time() - started
    refused("10,000 hashtags", response, 413, "too many tags (10000, at most 100)", before)
    assert spent < 0.5, f"{spent:.2f} s of CPU"


BEYOND = {
    "101 tags": {"tag": _hashtags(101)},
    "101 recipients": {"to": [f"{PEER}/users/u{i}" for i in range(60)], "cc": [ACTOR] * 41},
    "21 attachments": {"attachment": [{"type": "Image", "url": f"{PEER}/i.png"}] * 21},
    "31 languages": {"contentMap": {f"l{i}": "x" for i in range(31)}},
    "a 70,000 character text": {"content": "x" * 70_000},
}


@pytest.mark.parametrize("name", list(BEYOND))
def test_an_object_beyond_a_bound_is_refused_at_the_inbox(client, vocabulary, remote_actor, name):  # noqa: F811
    data = _create(**BEYOND[name])
    before = snapshot()
    response = deliver(client, data, signed(data))
    run_single_cycle()
    refused(name, response, 413, "activity too large", before)


def test_bounds_apply_to_the_activity_itself_too(client, person, remote_actor):  # noqa: F811
    data = json.dumps(activity(cc=[f"{PEER}/users/u{i}" for i in range(101)])).encode()
    before = snapshot()
    refused(
        "Follow with 101 recipients", deliver(client, data, signed(data)), 413, "recipients", before
    )


def test_an_article_at_the_bounds_is_accepted_and_kept(client, vocabulary, remote_actor):  # noqa: F811
    followed_here(remote_actor)
    data = _create(
        tag=_hashtags(100),
        to=[f"{PEER}/users/u{i}" for i in range(99)]
        + ["https://www.w3.org/ns/activitystreams#Public"],
    )
    assert deliver(client, data, signed(data)).status_code == 202
    run_single_cycle()
    assert InboxItem.objects.get().state == "done"
    assert Experience.objects.count() == 1


def test_the_parser_reads_no_more_tags_than_the_inbox_lets_in():
    """A document fetched by another path (behind an Announce) is not judged at the door."""
    mentions = [{"type": "Mention", "href": f"{PEER}/users/u{i}"} for i in range(100)]
    document = {**ARTICLE, "tag": [*mentions, {"type": "Hashtag", "name": "#late"}]}
    _data, tags = experience_data(document)
    assert tags == []


def test_an_announced_object_beyond_the_bounds_is_refused_by_the_worker(
    client,
    person,
    vocabulary,
    remote_actor,  # noqa: F811
    monkeypatch,
):
    """Fetched behind an Announce, the object was never judged at the door."""
    from profiles.models import Follow

    Follow.objects.create(follower=person, followed=remote_actor.profile, state="accepted")
    big = {**ARTICLE, "id": f"{ACTOR}/articles/big", "tag": _hashtags(10_000)}
    monkeypatch.setattr(
        "federation.incoming.inbox_processing.fetch_json", lambda url, signer=None: dict(big)
    )
    data = json.dumps(activity(id=f"{PEER}/activities/boost", type="Announce", object=big["id"]))
    assert deliver(client, data.encode(), signed(data.encode())).status_code == 202
    run_single_cycle()
    item = InboxItem.objects.get()
    assert item.state == "refused" and "object too large: too many tags" in item.error
    assert not Experience.objects.exists()
