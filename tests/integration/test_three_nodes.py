"""Three real nodes on loopback federating over HTTP: the issue's acceptance journey.

Node processes, databases and workers are real (see nodes.py); only this test
process drives them, through their shell and their HTTP pages.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.integration.helpers import (
    FOLLOW,
    PERSON,
    PUBLISH,
    logged_in,
    running_nodes,
    titles_on,
    wait_for,
)
from tests.integration.nodes import Node

pytestmark = [pytest.mark.integration, pytest.mark.django_db(databases=[])]


@pytest.fixture(scope="module")
def nodes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Node]]:
    with running_nodes(Path(tmp_path_factory.mktemp("federation")), 3) as started:
        started[0].python(PERSON.format(handle="lea", name="Léa"))
        started[1].python(PERSON.format(handle="bob", name="Bob"))
        started[2].python(PERSON.format(handle="carla", name="Carla"))
        yield started


def test_webfinger_finds_a_person_of_another_node(nodes):
    a, b, _c = nodes
    answer = b.get(f"/.well-known/webfinger?resource=acct:bob@{b.domain}").json()
    assert answer["links"][0]["href"] == f"{b.base}/@bob/"
    actor = requests.get(
        f"{a.base}/@lea/", headers={"Accept": "application/activity+json"}, timeout=5
    )
    assert actor.json()["type"] == "Person" and actor.json()["name"] == "Léa"


def test_following_across_nodes_is_accepted(nodes):
    a, b, c = nodes
    assert b.python(FOLLOW.format(target=f"lea@{a.domain}", handle="bob")) == "pending"
    assert c.python(FOLLOW.format(target=f"lea@{a.domain}", handle="carla")) == "pending"
    state = (
        "from profiles.models import Follow\n"
        "result = list(Follow.objects.values_list('state', flat=True))"
    )
    wait_for(lambda: b.python(state) == ["accepted"], what="B's follow to be accepted")
    wait_for(lambda: c.python(state) == ["accepted"], what="C's follow to be accepted")
    assert sorted(a.python(state)) == ["accepted", "accepted"]


def test_a_person_finds_and_follows_someone_of_another_node_from_the_pages(nodes):
    a, _b, c = nodes
    a.python(PERSON.format(handle="dora", name="Dora"))
    session = logged_in(c, "carla")
    found = session.get(c.base + "/people/", params={"q": f"@dora@{a.domain}"}, timeout=20)
    assert found.url == f"{c.base}/@dora@{a.domain}/", found.url
    assert "Dora" in found.text
    token = session.cookies["csrftoken"]
    session.post(
        f"{c.base}/@dora@{a.domain}/follow/",
        data={"csrfmiddlewaretoken": token},
        headers={"Referer": found.url},
        timeout=10,
    )
    followers = (
        "from profiles.models import Follow\n"
        "result = Follow.objects.filter(followed__handle='dora', state='accepted').count()"
    )
    wait_for(lambda: a.python(followers) == 1, what="Dora's new follower on A")


def test_an_experience_published_on_a_appears_on_b_and_c(nodes):
    a, b, c = nodes
    a.python(PUBLISH.format(handle="lea", title="Kitchen helper", count=1))
    for node in (b, c):
        wait_for(
            lambda node=node: titles_on(node, a) == ["Kitchen helper"], what=f"node {node.index}"
        )
        tag_page = node.get("/tags/cooking/").text
        assert "Kitchen helper" in tag_page
        assert "Kitchen helper" in node.get(f"/@lea@{a.domain}/").text


def test_following_a_node_brings_its_peoples_public_experiences(nodes):
    a, _b, c = nodes
    c.python(PERSON.format(handle="eve", name="Eve"))
    territory = f"{a.host}@{a.domain}"
    assert c.python(FOLLOW.format(target=territory, handle="eve")) == "pending"
    state = (
        "from profiles.models import Follow\n"
        "result = Follow.objects.get(follower__handle='eve').state"
    )
    wait_for(lambda: c.python(state) == "accepted", what="the territory follow")
    a.python(PERSON.format(handle="fab", name="Fab"))
    a.python(PUBLISH.format(handle="fab", title="Grape picker", count=1))
    wait_for(lambda: titles_on(c, a, handle="fab") == ["Grape picker"], what="the announced item")
    assert "Grape picker" in c.get("/tags/cooking/").text


def test_update_and_delete_propagate(nodes):
    a, b, c = nodes
    a.python(
        "from profiles import publishing\nfrom profiles.models import Experience\n"
        "e = Experience.objects.get(published__title='Kitchen helper')\n"
        "data = {f: getattr(e.published, f) for f in publishing.EXPERIENCE_FIELDS}\n"
        "data['title'] = 'Head of the kitchen'\n"
        "publishing.save_experience_draft(e.owner, e, data, ['cooking'])\n"
        "publishing.publish_experience(e, 3)\nresult = e.pk"
    )
    for node in (b, c):
        wait_for(lambda node=node: titles_on(node, a) == ["Head of the kitchen"], what="the update")
    a.python(
        "from profiles import publishing\nfrom profiles.models import Experience\n"
        "e = Experience.objects.get(published__title='Head of the kitchen')\n"
        "publishing.delete_experience(e)\n"
        "result = 1"
    )
    for node in (b, c):
        wait_for(lambda node=node: titles_on(node, a) == [], what="the delete")


def test_a_node_down_during_fifty_publications_gets_all_exactly_once(nodes):
    a, b, _c = nodes
    b.stop()
    a.python(PUBLISH.format(handle="lea", title="Shift", count=50))
    time.sleep(2)  # A tries, fails, schedules retries
    b.start()
    wait_for(lambda: len(titles_on(b, a)) >= 50, seconds=180, what="50 experiences on B")
    time.sleep(3)
    titles = titles_on(b, a)
    assert sorted(titles) == sorted(f"Shift {n}" for n in range(50))


def test_unsigned_or_forged_posts_change_nothing(nodes):
    a, b, _c = nodes
    count = "from federation.models import InboxItem\nresult = InboxItem.objects.count()"
    before = b.python(count)
    activity = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": f"{a.base}/activities/forged/",
        "type": "Delete",
        "actor": f"{a.base}/@lea/",
        "object": f"{a.base}/@lea/",
    }
    headers = {"Content-Type": "application/activity+json"}
    unsigned = requests.post(f"{b.base}/inbox/", json=activity, headers=headers, timeout=5)
    assert unsigned.status_code == 401
    import json as _json

    from federation.protocol.signatures import generate_keypair, load_private_key, sign_request

    private_pem, _public = generate_keypair()
    body = _json.dumps(activity).encode()
    forged_headers = sign_request(
        "POST",
        f"{b.base}/inbox/",
        headers,
        body,
        key_id=f"{a.base}/@lea/#main-key",
        private_key=load_private_key(private_pem),
    )
    forged = requests.post(f"{b.base}/inbox/", data=body, headers=forged_headers, timeout=5)
    assert forged.status_code == 401
    assert b.python(count) == before
    assert len(titles_on(b, a)) == 50
