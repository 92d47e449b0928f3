"""Moving an account between two real nodes: followers follow, experiences come along.

Léa has an account on A, followed by Carla on C. She opens an account on B, names
her old account there, imports A's export, then moves from A's pages. Carla now
follows lea on B, no longer lea on A, and sees lea@B's experiences on C.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.helpers import (
    FOLLOW,
    PERSON,
    PUBLISH,
    logged_in,
    post_form,
    running_nodes,
    titles_on,
    wait_for,
)
from tests.integration.nodes import Node

pytestmark = [pytest.mark.integration, pytest.mark.django_db(databases=[])]

FOLLOWED = """
from profiles.models import Follow
result = sorted(Follow.objects.filter(follower__handle="carla", follower__domain="")
    .values_list("followed__domain", "state"))
"""


@pytest.fixture(scope="module")
def nodes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Node]]:
    with running_nodes(Path(tmp_path_factory.mktemp("move")), 3) as started:
        yield started


def test_a_person_moves_with_followers_and_experiences(nodes):
    a, b, c = nodes
    a.python(PERSON.format(handle="lea", name="Léa"))
    a.python(PUBLISH.format(handle="lea", title="Kitchen helper", count=1))
    c.python(PERSON.format(handle="carla", name="Carla"))
    assert c.python(FOLLOW.format(target=f"lea@{a.domain}", handle="carla")) == "pending"
    wait_for(lambda: c.python(FOLLOWED) == [[a.domain, "accepted"]], what="C follows lea@A")

    # On B: a new account names the old one, then imports the old node's export.
    b.python(PERSON.format(handle="lea", name="Léa"))
    on_a, on_b = logged_in(a, "lea"), logged_in(b, "lea")
    export = on_a.get(a.base + "/me/export/", timeout=20)
    assert export.status_code == 200 and "Kitchen helper" in export.text
    answer = post_form(
        on_b, b.base + "/me/aliases/", {"handle": f"lea@{a.domain}"}, b.base + "/me/aliases/"
    )
    assert answer.status_code == 200 and f"{a.base}/@lea/" in answer.text, answer.text[-800:]
    on_b.get(b.base + "/me/import/", timeout=10)
    imported = on_b.post(
        b.base + "/me/import/",
        data={"csrfmiddlewaretoken": on_b.cookies["csrftoken"]},
        files={"export": ("export.json", export.content, "application/json")},
        headers={"Referer": b.base + "/me/import/"},
        timeout=30,
    )
    assert imported.status_code == 200 and "Kitchen helper" in imported.text

    # On A: the move, checked against B's actor.
    moved = post_form(
        on_a,
        a.base + "/me/move/",
        {"handle": f"lea@{b.domain}", "password": "a-long-password-1"},
        a.base + "/me/move/",
    )
    assert moved.status_code == 200 and b.base in moved.text, moved.text[-800:]
    actor = a.get("/@lea/", headers={"Accept": "application/activity+json"}).json()
    assert actor["movedTo"] == f"{b.base}/@lea/"

    wait_for(
        lambda: c.python(FOLLOWED) == [[b.domain, "accepted"]],
        seconds=90,
        what="C to follow lea@B instead of lea@A",
    )
    wait_for(
        lambda: titles_on(c, b) == ["Kitchen helper"],
        seconds=60,
        what="lea@B's experiences on C",
    )
