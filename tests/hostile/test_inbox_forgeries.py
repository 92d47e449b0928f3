"""Forged Creates, Updates and Deletes the inbox can judge from the body: a 4xx at the door.

Each forgery is signed by a real, known actor (rosa of peer.example), so the signature
holds: only the origin of the object it changes is wrong. Each is refused with 403 and
a reason, and nothing is stored; the legitimate cases beside them still get 202.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client

from federation.models import InboxItem
from tests.federation.test_inbox import (
    ACTOR,
    PEER,
    activity,
    remote_actor,  # noqa: F401  (fixture)
)
from tests.hostile.test_inbox_attacks import ARTICLE, deliver, refused, signed, snapshot

pytestmark = pytest.mark.django_db
OURS = "http://127.0.0.1:8000"


def _send(client: Client, body: dict[str, Any]) -> HttpResponse:
    data = json.dumps(body).encode()
    return deliver(client, data, signed(data))


def _change(kind: str, obj: Any, n: int = 1) -> dict[str, Any]:
    return activity(id=f"{PEER}/activities/{kind.lower()}-{n}", type=kind, object=obj)


FORGERIES: dict[str, tuple[dict[str, Any], str]] = {
    "Update embedding an object on another host": (
        _change("Update", {**ARTICLE, "id": "https://victim.example/articles/1"}),
        "not on its actor's host",
    ),
    "Delete embedding a Tombstone on another host": (
        _change("Delete", {"id": "https://victim.example/articles/1", "type": "Tombstone"}),
        "not on its actor's host",
    ),
    "Delete of a person on another host": (
        _change("Delete", "https://victim.example/users/ana"),
        "not on its actor's host",
    ),
    "Update of one of our experiences": (
        _change("Update", {**ARTICLE, "id": f"{OURS}/@alice/experiences/1/"}),
        "only this node changes its own objects",
    ),
    "Delete of one of our experiences": (
        _change("Delete", f"{OURS}/@alice/experiences/1/"),
        "only this node changes its own objects",
    ),
    "Delete of one of our people": (
        _change("Delete", f"{OURS}/@alice/"),
        "only this node changes its own objects",
    ),
    "Update of one of our people, embedded": (
        _change("Update", {"id": f"{OURS}/@alice/", "type": "Person", "name": "Mallory"}),
        "only this node changes its own objects",
    ),
    "Delete of one of our offers, as a Tombstone": (
        _change("Delete", {"id": f"{OURS}/offers/1/", "type": "Tombstone"}),
        "only this node changes its own objects",
    ),
}


@pytest.mark.parametrize("name", list(FORGERIES))
def test_a_forged_change_gets_403_and_nothing_is_stored(client, person, remote_actor, name):  # noqa: F811
    body, reason = FORGERIES[name]
    before = snapshot()
    refused(name, _send(client, body), 403, reason, before)


LEGITIMATE: dict[str, dict[str, Any]] = {
    "Create of its own article": _change("Create", ARTICLE),
    "Update of its own article": _change("Update", ARTICLE),
    "Update of the actor by itself": _change(
        "Update", {"id": ACTOR, "type": "Person", "name": "Rosa"}
    ),
    "Delete of the actor by itself": _change("Delete", ACTOR),
    "Delete naming only an id on its host": _change("Delete", f"{ACTOR}/articles/9"),
    "Delete of its own object as a Tombstone": _change(
        "Delete", {"id": f"{ACTOR}/articles/9", "type": "Tombstone"}
    ),
    "Announce of an object on another host": _change(
        "Announce", "https://elsewhere.example/articles/1"
    ),
    "Announce of one of our experiences": _change("Announce", f"{OURS}/@alice/experiences/1/"),
    "Like of one of our experiences": _change("Like", f"{OURS}/@alice/experiences/1/"),
}


@pytest.mark.parametrize("name", list(LEGITIMATE))
def test_a_legitimate_activity_is_still_accepted(client, person, remote_actor, name):  # noqa: F811
    response = _send(client, LEGITIMATE[name])
    assert response.status_code == 202, (name, response.content)
    assert InboxItem.objects.filter(uri=LEGITIMATE[name]["id"]).exists()
