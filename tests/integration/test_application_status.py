"""Two real nodes: Léa on A applies to an offer of B through A's pages; B's recruiter
opens it (seen) and shortlists it, and Léa sees it on A; Léa withdraws, and B sees it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.helpers import (
    OFFER,
    ORGANISATION,
    PERSON,
    logged_in,
    post_form,
    running_nodes,
    wait_for,
)
from tests.integration.nodes import Node

pytestmark = [pytest.mark.integration, pytest.mark.django_db(databases=[])]

OPEN_OFFER = """
from jobs.offers import open_offers
result = list(open_offers().filter(organisation__profile__domain="{domain}")
    .values_list("pk", flat=True))
"""

APPLICATIONS = """
from contact.models import Application
result = [[a.pk, a.person.handle, a.message, a.status] for a in Application.objects.all()]
"""


@pytest.fixture(scope="module")
def nodes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Node]]:
    with running_nodes(Path(tmp_path_factory.mktemp("application-status")), 2) as started:
        started[0].python(PERSON.format(handle="lea", name="Léa"))
        started[1].python(ORGANISATION.format(handle="acme", name="Acme Bakery", member="rita"))
        yield started


def test_status_and_withdrawal_cross_between_the_two_parties(nodes):
    a, b = nodes
    a.manage("follow_node", b.domain)
    follow = "from federation.models import NodeFollow\nresult = NodeFollow.objects.get().state"
    wait_for(lambda: a.python(follow) == "accepted", what="B to accept node A")
    b.python(OFFER.format(handle="acme", title="Baker's apprentice"))
    wait_for(lambda: a.python(OPEN_OFFER.format(domain=b.domain)), what="the offer open on A")
    [offer_on_a] = a.python(OPEN_OFFER.format(domain=b.domain))

    # Léa applies on A: the form, the review, "Send my application".
    lea = logged_in(a, "lea")
    apply_url = f"{a.base}/offers/{offer_on_a}/apply/"
    assert "Review my application" in lea.get(apply_url, timeout=10).text
    post_form(lea, apply_url, {"message": "I bake at home.", "language": "en"}, apply_url)
    review_url = f"{apply_url}review/"
    sent = post_form(lea, review_url, {}, review_url)
    assert "Application sent" in sent.text, sent.text[:800]
    wait_for(lambda: b.python(APPLICATIONS), what="the application on B")
    [[on_b, handle, message, status]] = b.python(APPLICATIONS)
    assert (handle, message, status) == ("lea", "I bake at home.", "sent")

    # Rita opens it on B (seen), then shortlists it: Léa sees it on A.
    rita = logged_in(b, "rita")
    page = rita.get(f"{b.base}/organisations/applications/{on_b}/", timeout=10)
    assert "I bake at home." in page.text
    status_url = f"{b.base}/organisations/applications/{on_b}/status/"
    post_form(rita, status_url, {"status": "shortlisted"}, f"{b.base}/organisations/applications/")
    wait_for(lambda: a.python(APPLICATIONS)[0][3] == "shortlisted", what="the shortlisting on A")
    assert "Shortlisted" in lea.get(f"{a.base}/me/applications/", timeout=10).text

    # Léa withdraws on A: B sees it withdrawn, and its status cannot change any more.
    [[on_a, *_rest]] = a.python(APPLICATIONS)
    withdraw_url = f"{a.base}/me/applications/{on_a}/withdraw/"
    post_form(lea, withdraw_url, {}, withdraw_url)
    wait_for(lambda: b.python(APPLICATIONS)[0][3] == "withdrawn", what="the withdrawal on B")
    listing = rita.get(f"{b.base}/organisations/applications/", timeout=10).text
    assert "card withdrawn" in listing and "Save status" not in listing
