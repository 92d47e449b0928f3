# ruff: noqa: F811  (pytest fixtures imported from test_inbox)
"""Moving accounts: Move sent only when the new account names the old; followers move."""

from __future__ import annotations

import pytest

from federation.incoming import account_moves
from federation.models import OutboxActivity, RemoteActor
from federation.worker import run_single_cycle
from profiles.models import Follow, Profile
from tests.conftest import PASSWORD, client_for
from tests.federation.helpers import tremplin_experience
from tests.federation.test_inbox import (  # noqa: F401
    ACTOR,
    PEER,
    PUBLIC_PEM,
    activity,
    post,
    remote_actor,
)

pytestmark = pytest.mark.django_db
NEW = "https://new.example/users/rosa"
ME = "http://127.0.0.1:8000/@alice/"


def new_actor() -> RemoteActor:
    profile = Profile.objects.create(handle="rosa", domain="new.example", url=NEW, visibility=3)
    return RemoteActor.objects.create(
        uri=NEW,
        profile=profile,
        actor_type="Person",
        username="rosa",
        domain="new.example",
        inbox=f"{NEW}/inbox",
        key_id=f"{NEW}#main-key",
        public_key_pem=PUBLIC_PEM,
    )


@pytest.fixture
def new_account(monkeypatch):
    """The new account on another node, whose document names `aliases`."""
    actor = new_actor()
    aliases: list[str] = []
    outbox = {"orderedItems": []}

    def fetch_json(uri, **kw):
        if uri == f"{NEW}/outbox":
            return outbox
        return {"id": uri, "alsoKnownAs": list(aliases), "outbox": f"{NEW}/outbox"}

    monkeypatch.setattr(account_moves, "fetch_json", fetch_json)
    monkeypatch.setattr(account_moves, "fetch_actor", lambda uri: actor)
    monkeypatch.setattr(
        account_moves,
        "resolve_remote",
        lambda handle: actor.profile if "new.example" in handle else None,
    )
    return actor, aliases, outbox


def test_a_move_received_moves_local_followers(
    client,
    person,
    remote_actor,
    new_account,
    django_capture_on_commit_callbacks,  # noqa: F811
):
    actor, aliases, outbox = new_account
    Follow.objects.create(follower=person, followed=remote_actor.profile, state="accepted")
    aliases.append(ACTOR)
    outbox["orderedItems"] = [
        {
            "type": "Create",
            "object": tremplin_experience(
                {
                    "id": f"{NEW}/articles/1",
                    "type": "Article",
                    "attributedTo": NEW,
                    "name": "Imported kitchen helper",
                    "content": "<p>I helped the cook.</p>",
                    "published": "2025-06-01T10:00:00Z",
                    "to": ["https://www.w3.org/ns/activitystreams#Public"],
                }
            ),
        },
        {"type": "Create", "object": {"id": "https://elsewhere.example/x", "type": "Article"}},
    ]
    move = activity(id=f"{PEER}/activities/m1", type="Move", object=ACTOR, target=NEW)
    assert post(client, move) == 202
    with django_capture_on_commit_callbacks(execute=True):
        run_single_cycle()
    assert Follow.objects.filter(follower=person, followed=actor.profile).exists()
    assert not Follow.objects.filter(follower=person, followed=remote_actor.profile).exists()
    # Her public experiences on the new node are here now (not another host's object).
    titles = [e.published.title for e in actor.profile.experiences.all()]
    assert titles == ["Imported kitchen helper"]
    # Our Follow goes to the new account's node.
    assert OutboxActivity.objects.filter(activity_type="Follow", object_uri=NEW).exists()


def test_a_move_to_an_account_that_does_not_name_the_mover_is_refused(
    client,
    person,
    remote_actor,
    new_account,  # noqa: F811
):
    actor, _aliases, _outbox = new_account
    Follow.objects.create(follower=person, followed=remote_actor.profile, state="accepted")
    move = activity(id=f"{PEER}/activities/m1", type="Move", object=ACTOR, target=NEW)
    post(client, move)
    run_single_cycle()
    assert Follow.objects.filter(follower=person, followed=remote_actor.profile).exists()
    assert not Follow.objects.filter(follower=person, followed=actor.profile).exists()


def test_moving_sends_move_to_followers_once_the_new_account_names_me(
    person,
    member,
    remote_actor,
    new_account,  # noqa: F811
):
    actor, aliases, _outbox = new_account
    Follow.objects.create(follower=remote_actor.profile, followed=person, state="accepted")
    Follow.objects.create(follower=member, followed=person, state="accepted")
    client = client_for(person)
    response = client.post("/me/move/", {"handle": "rosa@new.example", "password": PASSWORD})
    assert response.status_code == 400
    assert "does not name this one" in response.content.decode()
    assert not OutboxActivity.objects.filter(activity_type="Move").exists()

    aliases.append(ME)
    response = client.post("/me/move/", {"handle": "rosa@new.example", "password": PASSWORD})
    assert response.status_code == 302
    move = OutboxActivity.objects.get(activity_type="Move")
    assert move.body["object"] == ME and move.body["target"] == NEW
    assert list(move.deliveries.values_list("inbox", flat=True)) == [f"{PEER}/inbox"]
    document = client_for(None).get("/@alice/", HTTP_ACCEPT="application/activity+json").json()
    assert document["movedTo"] == NEW
    # A follower on this node follows the new account too.
    assert Follow.objects.filter(follower=member, followed=actor.profile).exists()
    assert not Follow.objects.filter(follower=member, followed=person).exists()


def test_the_alias_form_names_my_old_account_in_my_actor(person, new_account):
    response = client_for(person).post("/me/aliases/", {"handle": "rosa@new.example"})
    assert response.status_code == 302
    document = client_for(None).get("/@alice/", HTTP_ACCEPT="application/activity+json").json()
    assert document["alsoKnownAs"] == [NEW]
    response = client_for(person).post("/me/aliases/", {"handle": "nobody@nowhere.example"})
    assert response.status_code == 400
    assert "cannot be found" in response.content.decode()
