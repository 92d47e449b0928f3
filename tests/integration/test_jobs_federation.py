"""Two real nodes: organisations following a territory, offers crossing between nodes.

Node A is a territory with young people; node B has an organisation. The organisation
follows A (its instance actor) and sees A's public experiences; node A follows node B
and B's offers arrive on A as open offers, and stop being open when B closes them.
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
    logged_in,
    running_nodes,
    titles_on,
    wait_for,
)
from tests.integration.nodes import Node

pytestmark = [pytest.mark.integration, pytest.mark.django_db(databases=[])]

OPEN_OFFERS = """
from jobs.offers import open_offers
result = sorted(open_offers().filter(organisation__profile__domain="{domain}")
    .values_list("title", "url"))
"""

ALL_OFFERS = """
from jobs.models import Offer
result = sorted(Offer.objects.filter(organisation__profile__domain="{domain}")
    .values_list("title", "state"))
"""


@pytest.fixture(scope="module")
def nodes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Node]]:
    with running_nodes(Path(tmp_path_factory.mktemp("jobs-federation")), 2) as started:
        started[0].python(PERSON.format(handle="lea", name="Léa"))
        started[1].python(ORGANISATION.format(handle="acme", name="Acme Bakery", member="rita"))
        yield started


def test_an_organisation_following_a_territory_sees_its_public_experiences(nodes):
    a, b = nodes
    territory = f"{a.host}@{a.domain}"
    assert b.python(FOLLOW.format(target=territory, handle="acme")) == "pending"
    state = (
        "from profiles.models import Follow\n"
        "result = Follow.objects.get(follower__handle='acme', follower__domain='').state"
    )
    wait_for(lambda: b.python(state) == "accepted", what="A to accept the organisation")
    # A knows the follower as an organisation, with its verified mark from B.
    known = (
        "from jobs.models import Organisation\n"
        f"o = Organisation.objects.get(profile__handle='acme', profile__domain='{b.domain}')\n"
        "result = [o.profile.kind, o.sector, o.verified_at is not None]"
    )
    assert a.python(known) == ["organisation", "Food", True]
    a.python(PUBLISH.format(handle="lea", title="Kitchen helper", count=1))
    wait_for(lambda: titles_on(b, a) == ["Kitchen helper"], what="the experience on B")
    assert "Kitchen helper" in b.get(f"/@lea@{a.domain}/").text
    # The organisation's member reads it in the organisation's feed on B.
    feed = logged_in(b, "rita").get(f"{b.base}/feed/", params={"as": "acme"}, timeout=10)
    assert "Feed of Acme Bakery" in feed.text and "Kitchen helper" in feed.text


def test_a_node_following_a_node_gets_its_offers_open_then_closed(nodes):
    a, b = nodes
    out = a.manage("follow_node", b.domain)
    assert f"{b.base}/actor/" in out
    follow = "from federation.models import NodeFollow\nresult = NodeFollow.objects.get().state"
    wait_for(lambda: a.python(follow) == "accepted", what="B to accept node A")
    pk = b.python(OFFER.format(handle="acme", title="Baker's apprentice"))
    url = f"{b.base}/offers/{pk}/"
    wait_for(
        lambda: a.python(OPEN_OFFERS.format(domain=b.domain)) == [["Baker's apprentice", url]],
        what="the offer open on A",
    )
    # Léa on A published a "cooking" experience: the offer is among her offers for her.
    lea = logged_in(a, "lea")
    suggested = lea.get(f"{a.base}/me/offers-for-you/", timeout=10).text
    assert "Baker&#x27;s apprentice" in suggested or "Baker's apprentice" in suggested
    assert "Acme Bakery" in suggested
    b.python(
        "from jobs import offers\nfrom jobs.models import Offer\n"
        f"offers.close(Offer.objects.get(pk={pk}))\nresult = 1"
    )
    wait_for(
        lambda: a.python(OPEN_OFFERS.format(domain=b.domain)) == [], what="the offer closed on A"
    )
    assert a.python(ALL_OFFERS.format(domain=b.domain)) == [["Baker's apprentice", "closed"]]
    assert "apprentice" not in lea.get(f"{a.base}/me/offers-for-you/", timeout=10).text
