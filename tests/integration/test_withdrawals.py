"""Three real nodes: what a person or an organisation withdraws disappears everywhere.

Node B follows node A (its instance actor announces A's public items to B); on node C,
Carla follows Léa and the organisation Acme, both of A, directly. Every edit, narrowing,
unpublication and deletion made on A must reach both, whichever way they got the item:
the old words leave B's and C's pages and databases.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.helpers import (
    FOLLOW,
    OFFER,
    ORGANISATION,
    PERSON,
    PUBLISH,
    running_nodes,
    titles_on,
    wait_for,
)
from tests.integration.nodes import Node

pytestmark = [pytest.mark.integration, pytest.mark.django_db(databases=[])]

EXPERIENCE = """
from profiles.models import Experience
mine = Experience.objects.filter(owner__domain="", revisions__title="{title}")
experience = mine.distinct().get()
"""

EDIT = (
    EXPERIENCE
    + """
from profiles import publishing
data = {{f: getattr(experience.published, f) for f in publishing.EXPERIENCE_FIELDS}}
data.update(title="{new_title}", what_i_did="{new_story}")
publishing.save_experience_draft(experience.owner, experience, data, ["cooking"])
publishing.publish_experience(experience, experience.visibility)
result = 1
"""
)

SHOW_TO = (
    EXPERIENCE
    + """
from profiles import publishing
from profiles.visibility import Visibility
publishing.publish_experience(experience, Visibility.{visibility})
result = 1
"""
)

UNPUBLISH = (
    EXPERIENCE
    + """
from profiles import publishing
publishing.unpublish_experience(experience)
result = 1
"""
)

DELETE = (
    EXPERIENCE
    + """
from profiles import publishing
publishing.delete_experience(experience)
result = 1
"""
)

WORDS_KEPT = """
from jobs.models import Offer
from profiles.models import ExperienceRevision
result = (ExperienceRevision.objects.filter(title__contains="{words}").count()
    + ExperienceRevision.objects.filter(what_i_did__contains="{words}").count()
    + Offer.objects.filter(title__contains="{words}").count()
    + Offer.objects.filter(description__contains="{words}").count())
"""

OFFERS_FROM = """
from jobs.models import Offer
result = sorted(Offer.objects.filter(organisation__profile__domain="{domain}")
    .values_list("title", flat=True))
"""

EDIT_OFFER = """
from jobs import offers
from jobs.models import Offer
offer = Offer.objects.get(organisation__profile__domain="", title="{title}")
data = offers.initial(offer)
data.update(title="{new_title}", description="{new_description}")
offers.save_offer(offer.organisation, offer, data, ["cooking"])
result = 1
"""

DELETE_OFFER = """
from jobs import offers
from jobs.models import Offer
offers.delete(Offer.objects.get(organisation__profile__domain="", title="{title}"))
result = 1
"""


@pytest.fixture(scope="module")
def nodes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Node]]:
    with running_nodes(Path(tmp_path_factory.mktemp("withdrawals")), 3) as started:
        a, b, c = started
        a.python(PERSON.format(handle="lea", name="Léa"))
        a.python(ORGANISATION.format(handle="acme", name="Acme Bakery", member="rita"))
        c.python(PERSON.format(handle="carla", name="Carla"))
        b.manage("follow_node", a.domain)
        node_follow = (
            "from federation.models import NodeFollow\nresult = NodeFollow.objects.get().state"
        )
        wait_for(lambda: b.python(node_follow) == "accepted", what="A to accept node B")
        for target in ("lea", "acme"):
            c.python(FOLLOW.format(target=f"{target}@{a.domain}", handle="carla"))
        accepted = (
            "from profiles.models import Follow\n"
            "result = sorted(Follow.objects.values_list('state', flat=True))"
        )
        wait_for(lambda: c.python(accepted) == ["accepted"] * 2, what="Carla's follows")
        yield started


def gone_everywhere(nodes: list[Node], words: str, pages: list[str]) -> None:
    """`words` left the databases and the pages of B and C (anonymous pages are cached
    for a few seconds: waited for, not slept)."""
    a, *receivers = nodes
    for node in receivers:
        wait_for(
            lambda node=node: node.python(WORDS_KEPT.format(words=words)) == 0,
            what=f"{words!r} gone from node {node.index}'s database",
        )
        for page in pages:
            wait_for(
                lambda node=node, page=page: words not in node.get(page.format(a=a)).text,
                what=f"{words!r} gone from {page} on node {node.index}",
            )


def test_an_edit_replaces_the_old_words_on_every_node(nodes):
    a, b, c = nodes
    a.python(PUBLISH.format(handle="lea", title="Kitchen helper", count=1))
    for node in (b, c):
        wait_for(lambda node=node: titles_on(node, a) == ["Kitchen helper"], what="the item")
    assert "Kitchen helper" in b.get(f"/@lea@{a.domain}/").text
    a.python(
        EDIT.format(title="Kitchen helper", new_title="Head of the kitchen", new_story="I ran it.")
    )
    for node in (b, c):
        wait_for(lambda node=node: titles_on(node, a) == ["Head of the kitchen"], what="the edit")
    gone_everywhere(nodes, "Kitchen helper", ["/@lea@{a.domain}/", "/tags/cooking/"])
    gone_everywhere(nodes, "I helped the cook every day.", ["/@lea@{a.domain}/"])
    assert "Head of the kitchen" in b.get(f"/@lea@{a.domain}/").text


def test_narrowing_to_followers_withdraws_it_from_the_node_that_does_not_follow(nodes):
    a, b, c = nodes
    a.python(SHOW_TO.format(title="Head of the kitchen", visibility="FOLLOWERS"))
    wait_for(lambda: titles_on(b, a) == [], what="the item gone from B")
    assert b.python(WORDS_KEPT.format(words="Head of the kitchen")) == 0
    # Carla follows Léa: she still sees it, but her node no longer shows it to everyone.
    visibility = (
        "from profiles.models import Experience\n"
        f"result = list(Experience.objects.filter(owner__domain='{a.domain}')"
        ".values_list('visibility', flat=True))"
    )
    wait_for(lambda: c.python(visibility) == [2], what="the item for followers only on C")
    wait_for(
        lambda: "Head of the kitchen" not in c.get(f"/@lea@{a.domain}/").text,
        what="the item off C's public page",
    )


def test_unpublishing_withdraws_it_from_every_node(nodes):
    a, b, c = nodes
    a.python(UNPUBLISH.format(title="Head of the kitchen"))
    wait_for(lambda: titles_on(c, a) == [], what="the item gone from C")
    gone_everywhere(nodes, "Head of the kitchen", ["/@lea@{a.domain}/"])


def test_narrowing_to_members_withdraws_it_from_every_node(nodes):
    a, b, c = nodes
    a.python(PUBLISH.format(handle="lea", title="Grape picker", count=1))
    for node in (b, c):
        wait_for(lambda node=node: titles_on(node, a) == ["Grape picker"], what="the item")
    a.python(SHOW_TO.format(title="Grape picker", visibility="MEMBERS"))
    gone_everywhere(nodes, "Grape picker", ["/@lea@{a.domain}/", "/tags/cooking/"])


def test_deleting_withdraws_it_from_every_node(nodes):
    a, b, c = nodes
    a.python(PUBLISH.format(handle="lea", title="Lifeguard", count=1))
    for node in (b, c):
        wait_for(lambda node=node: titles_on(node, a) == ["Lifeguard"], what="the item")
    a.python(DELETE.format(title="Lifeguard"))
    gone_everywhere(nodes, "Lifeguard", ["/@lea@{a.domain}/", "/tags/cooking/"])


def test_an_offer_edited_then_deleted_changes_on_every_node(nodes):
    a, b, c = nodes
    a.python(OFFER.format(handle="acme", title="Baker's apprentice"))
    for node in (b, c):
        wait_for(
            lambda node=node: (
                node.python(OFFERS_FROM.format(domain=a.domain)) == ["Baker's apprentice"]
            ),
            what=f"the offer on node {node.index}",
        )
    a.python(
        EDIT_OFFER.format(
            title="Baker's apprentice", new_title="Pastry apprentice", new_description="Cakes."
        )
    )
    for node in (b, c):
        wait_for(
            lambda node=node: (
                node.python(OFFERS_FROM.format(domain=a.domain)) == ["Pastry apprentice"]
            ),
            what=f"the edited offer on node {node.index}",
        )
    gone_everywhere(nodes, "Bake bread at dawn.", ["/offers/"])
    a.python(DELETE_OFFER.format(title="Pastry apprentice"))
    for node in (b, c):
        wait_for(
            lambda node=node: node.python(OFFERS_FROM.format(domain=a.domain)) == [],
            what=f"the offer gone from node {node.index}",
        )
    gone_everywhere(nodes, "Pastry apprentice", ["/offers/"])
