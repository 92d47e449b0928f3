"""Two real nodes: following someone brings their earlier items; territories are territories.

Node processes, databases and workers are real (deploy/local_federation.py); this test
drives them through their pages, as a member would, and their shell to set things up.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.integration.helpers import (
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

RENAME = """
from node.accounts.models import NodeSettings
node = NodeSettings.current()
node.name = "{name}"
node.save()
result = node.name
"""

REMOTE_NAME = """
from profiles.models import Profile
profile = Profile.objects.filter(domain="{domain}", kind="node").first()
result = profile.display_name if profile else None
"""


@pytest.fixture(scope="module")
def nodes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Node]]:
    with running_nodes(Path(tmp_path_factory.mktemp("backfill")), 2) as started:
        started[0].python(PERSON.format(handle="lea", name="Léa"))
        started[1].python(PERSON.format(handle="bob", name="Bob"))
        yield started


def test_following_someone_elsewhere_brings_their_earlier_experiences(nodes):
    a, b = nodes
    b.python(PUBLISH.format(handle="bob", title="Market stall", count=3))
    assert titles_on(a, b, "bob") == []
    lea = logged_in(a, "lea")
    # Lea looks Bob up from the People page, then follows him from his page.
    found = lea.get(f"{a.base}/people/", params={"q": f"@bob@{b.domain}"}, timeout=20)
    assert found.url.rstrip("/").endswith(f"/@bob@{b.domain}")
    post_form(lea, f"{a.base}/@bob@{b.domain}/follow/", {}, found.url)
    wait_for(
        lambda: sorted(titles_on(a, b, "bob")) == [f"Market stall {n}" for n in range(3)],
        what="Bob's three earlier experiences on A",
    )
    page = lea.get(f"{a.base}/@bob@{b.domain}/", timeout=10).text
    assert all(f"Market stall {n}" in page for n in range(3))


def test_a_node_actor_is_a_territory_found_in_the_directory_and_renamed_with_its_settings(nodes):
    a, b = nodes
    actor = requests.get(
        f"{b.base}/actor/", headers={"Accept": "application/activity+json"}, timeout=5
    ).json()
    assert actor["type"] == "Service" and actor["isTerritory"] is True
    b.python(RENAME.format(name="Pays de Bob"))
    lea = logged_in(a, "lea")
    found = lea.get(f"{a.base}/territories/", params={"address": b.domain}, timeout=20)
    assert "Territory" in found.text and "Pays de Bob" in found.text
    assert "Young person" not in found.text
    post_form(lea, found.url.split("?")[0] + "follow/", {}, found.url)
    follower = (
        "from federation.models import InstanceFollower\nresult = InstanceFollower.objects.count()"
    )
    wait_for(lambda: b.python(follower) == 1, what="B to count A's member as a follower")
    # A learns of the Accept when its worker has processed it (Celery: a moment later).
    wait_for(
        lambda: (
            "Pays de Bob" in (page := lea.get(f"{a.base}/territories/", timeout=10).text)
            and "Unfollow" in page
        ),
        what="A's directory to show B followed",
    )
    b.python(RENAME.format(name="Bob Valley"))
    wait_for(
        lambda: a.python(REMOTE_NAME.format(domain=b.domain)) == "Bob Valley",
        what="A to show B's new name",
    )
