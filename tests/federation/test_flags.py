"""Reports between nodes: a `Flag` sent when asked, a `Flag` received becomes a report."""

from __future__ import annotations

import pytest

from federation.models import Delivery, InboxItem, OutboxActivity, RemoteObject
from federation.protocol import ids
from federation.worker import run_single_cycle
from moderation.models import Report
from tests.conftest import client_for, make_experience
from tests.federation.test_inbox import ACTOR, PEER, activity, post, remote_actor  # noqa: F401
from tests.moderation.helpers import report_through_page

pytestmark = pytest.mark.django_db


def test_a_report_about_a_remote_experience_is_forwarded_as_a_flag_when_asked(
    member,
    remote_actor,  # noqa: F811
):
    experience = make_experience(remote_actor.profile, title="Spammy")
    RemoteObject.objects.create(
        uri=f"{ACTOR}/articles/5", experience=experience, actor=remote_actor
    )
    client = client_for(member)
    form = client.get(f"/report/experience/{experience.pk}/").content.decode()
    assert "Also tell peer.example" in form
    report_through_page(
        client, "experience", experience.pk, "spam", "Buy now <b>!</b>", forward="on"
    )
    assert Report.objects.get().forwarded_to == "peer.example"
    flag = OutboxActivity.objects.get(activity_type="Flag")
    assert flag.body["actor"] == ids.actor_uri(None)  # the node, not the reporter
    assert flag.body["object"] == [ACTOR, f"{ACTOR}/articles/5"]
    assert flag.body["content"] == "Buy now <b>!</b>"
    assert flag.body["reportCategory"] == "spam"
    assert member.handle not in str(flag.body)
    assert Delivery.objects.get(activity=flag).inbox == f"{PEER}/inbox"


def test_without_the_box_ticked_nothing_leaves_the_node(member, remote_actor):  # noqa: F811
    experience = make_experience(remote_actor.profile)
    report_through_page(client_for(member), "experience", experience.pk)
    assert Report.objects.get().forwarded_to == ""
    assert not OutboxActivity.objects.exists()


def test_a_flag_received_becomes_a_report_attributed_to_its_node(
    client,
    person,
    remote_actor,  # noqa: F811
):
    experience = make_experience(person)
    flag = activity(
        id=f"{PEER}/flags/1",
        type="Flag",
        object=[ids.actor_uri(person), ids.experience_uri(experience), f"{PEER}/notes/1"],
        content="<script>x</script>Fake experience",
    )
    assert post(client, flag) == 202
    assert post(client, flag) == 202
    run_single_cycle()
    report = Report.objects.get()
    assert (report.reporter, report.reporter_node) == (None, "peer.example")
    assert (report.target_kind, report.target_id, report.target_profile) == (
        "experience",
        experience.pk,
        person,
    )
    assert "<script>" not in report.comment and "Fake experience" in report.comment
    assert report.category == "other"  # Mastodon's Flag says no reason


@pytest.mark.parametrize(("sent", "filed"), [("harassment", "harassment"), ("<b>", "other")])
def test_a_flag_from_a_tremplin_peer_keeps_its_reason(
    client,
    person,
    remote_actor,  # noqa: F811
    sent,
    filed,
):
    flag = activity(
        id=f"{PEER}/flags/3",
        type="Flag",
        object=[ids.actor_uri(person)],
        content="Insults",
        reportCategory=sent,
    )
    assert post(client, flag) == 202
    run_single_cycle()
    assert Report.objects.get().category == filed


def test_a_flag_of_nothing_on_this_node_is_refused(client, remote_actor):  # noqa: F811
    flag = activity(id=f"{PEER}/flags/2", type="Flag", object=[f"{PEER}/users/other"])
    assert post(client, flag) == 202
    run_single_cycle()
    assert InboxItem.objects.get().state == "refused"
    assert not Report.objects.exists()
