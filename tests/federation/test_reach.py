"""Sending side: an edit, a narrowing, an unpublication or a deletion goes to every inbox
that holds a copy, whether the author's Create or the node's Announce brought it, and
whether or not that inbox still follows."""

from __future__ import annotations

import pytest

from federation.incoming.account_deletion import federate_deletion
from federation.models import InstanceFollower, OutboxActivity
from profiles import publishing
from profiles.models import Follow
from profiles.visibility import Visibility
from tests.conftest import make_experience
from tests.federation.helpers import make_remote_actor

pytestmark = pytest.mark.django_db
NODE, PEER, OLD = (
    f"https://{host}/inbox" for host in ("node.example", "peer.example", "old.example")
)


@pytest.fixture
def audience(person):
    """A node following this one, Rosa following Alice, and Sam who will stop following."""
    node = make_remote_actor("actor", "node.example", actor_type="Application")
    InstanceFollower.objects.create(actor=node, follow_uri="https://node.example/follows/1")
    for handle, domain in (("rosa", "peer.example"), ("sam", "old.example")):
        follower = make_remote_actor(handle, domain).profile
        Follow.objects.create(follower=follower, followed=person, state="accepted")


class Outbox:
    """The activities sent since the last look: (type, actor, inboxes)."""

    def __init__(self) -> None:
        self.seen = 0

    def new(self) -> list[tuple[str, str, list[str]]]:
        rows = list(OutboxActivity.objects.filter(pk__gt=self.seen).order_by("pk"))
        self.seen = max([self.seen, *(a.pk for a in rows)])
        return [(a.activity_type, a.body["actor"].rsplit("/", 2)[-2], inboxes(a)) for a in rows]


def inboxes(activity: OutboxActivity) -> list[str]:
    return sorted(activity.deliveries.values_list("inbox", flat=True))


@pytest.fixture
def outbox() -> Outbox:
    return Outbox()


def test_every_change_reaches_every_holder(
    person, audience, outbox, vocabulary, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        experience = make_experience(person)
    assert outbox.new() == [("Create", "@alice", [OLD, PEER]), ("Announce", "actor", [NODE])]

    Follow.objects.filter(follower__handle="sam").delete()
    with django_capture_on_commit_callbacks(execute=True):
        words = {f: getattr(experience.published, f) for f in publishing.EXPERIENCE_FIELDS}
        publishing.save_experience_draft(person, experience, {**words, "title": "Cook"}, [])
        publishing.publish_experience(experience, Visibility.PUBLIC)
    assert outbox.new() == [("Update", "@alice", [NODE, OLD, PEER])]

    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish_experience(experience, Visibility.FOLLOWERS)
    # Those who may no longer see it are told it is gone; the follower gets the new audience.
    assert outbox.new() == [("Delete", "@alice", [NODE, OLD]), ("Update", "@alice", [PEER])]

    with django_capture_on_commit_callbacks(execute=True):
        publishing.unpublish_experience(experience)
    assert outbox.new() == [("Delete", "@alice", [PEER])]

    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish_experience(experience, Visibility.PUBLIC)
    assert outbox.new() == [("Create", "@alice", [PEER]), ("Announce", "actor", [NODE])]
    with django_capture_on_commit_callbacks(execute=True):
        publishing.delete_experience(experience)
    assert outbox.new() == [("Delete", "@alice", [NODE, PEER])]


def test_members_only_is_a_delete_for_every_holder(
    person, audience, outbox, vocabulary, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        experience = make_experience(person)
    outbox.new()
    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish_experience(experience, Visibility.MEMBERS)
    assert outbox.new() == [("Delete", "@alice", [NODE, OLD, PEER])]


def test_a_deleted_account_reaches_the_nodes_that_got_its_items_by_announce(
    person, audience, outbox, vocabulary, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_experience(person)
    Follow.objects.filter(followed=person).delete()
    outbox.new()
    federate_deletion(person)
    assert outbox.new() == [("Delete", "@alice", [NODE, OLD, PEER])]


def test_the_upgrade_finds_the_holders_of_live_objects_in_past_deliveries(
    person, audience, outbox, vocabulary, django_capture_on_commit_callbacks
):
    import importlib

    from django.apps import apps

    from federation.models import ObjectReach
    from federation.outgoing import reach
    from federation.protocol.ids import experience_uri

    with django_capture_on_commit_callbacks(execute=True):
        live, gone = make_experience(person), make_experience(person, title="Gone")
    with django_capture_on_commit_callbacks(execute=True):
        publishing.delete_experience(gone)
    ObjectReach.objects.all().delete()  # as before the upgrade
    migration = importlib.import_module("federation.migrations.0006_object_reach")
    migration.record_past_reach(apps, None)
    assert sorted(reach.holders(experience_uri(live))) == [NODE, OLD, PEER]
    assert ObjectReach.objects.exclude(object_uri=experience_uri(live)).count() == 0
