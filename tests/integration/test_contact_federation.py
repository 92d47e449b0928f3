"""A recruiter on node B writes to a young person on node A, who answers: real nodes.

The message travels as a direct Note from B's organisation actor; A keeps it under
its own rules, the person answers from A's pages, and the answer lands in the same
conversation on B.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.helpers import PERSON, logged_in, post_form, running_nodes, wait_for
from tests.integration.nodes import Node

pytestmark = [pytest.mark.integration, pytest.mark.django_db(databases=[])]

ORGANISATION = """
import datetime
from django.utils import timezone
from jobs import offers
from jobs.models import Membership, Organisation
from node.accounts.signup import create_account
from profiles import publishing
from profiles.models import Profile
from profiles.visibility import Visibility
profile = Profile.objects.create(handle="bakery", kind="organisation", role="organisation")
publishing.save_profile_draft(profile, {"display_name": "Dawn Bakery", "headline": "",
    "about": "Bread since 1950.", "territory": "", "languages_spoken": [], "language": "en"})
publishing.publish_profile(profile, Visibility.PUBLIC)
organisation = Organisation.objects.create(profile=profile, place="Lyon")
user = create_account({"username": "rita", "email": "rita@example.org", "role": "organisation",
    "birth_year": None, "birth_month": None, "display_name": "Rita"}, "a-long-password-1")
Membership.objects.create(organisation=organisation, user=user)
offer = offers.save_offer(organisation, None, {"title": "Baker's helper",
    "description": "Bake bread at dawn.", "language": "en", "contract_type": "summer_job",
    "place": "Lyon", "valid_through": timezone.localdate() + datetime.timedelta(days=30)},
    ["cooking"])
offers.publish(offer)
result = [profile.pk, offer.pk]
"""

CONVERSATIONS = """
from contact.models import Conversation
result = [
    {"pk": c.pk, "organisation": c.organisation.handle, "person": c.person.handle,
     "subject": c.subject, "bodies": [m.body for m in c.messages.all()]}
    for c in Conversation.objects.all()
]
"""


@pytest.fixture(scope="module")
def nodes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Node]]:
    with running_nodes(Path(tmp_path_factory.mktemp("contact")), 2) as started:
        started[0].python(PERSON.format(handle="lea", name="Léa"))
        yield started


def test_a_recruiter_on_b_writes_and_the_person_on_a_answers(nodes):
    a, b = nodes
    organisation_pk, offer_pk = b.python(ORGANISATION)
    rita = logged_in(b, "rita")
    page_url = f"{b.base}/contact/@lea@{a.domain}/"
    page = rita.get(page_url, timeout=30)
    assert page.status_code == 200 and "Baker" in page.text, page.text[:500]
    sent = post_form(
        rita,
        page_url,
        {
            "organisation": organisation_pk,
            "offer": offer_pk,
            "subject": "Summer job at the bakery",
            "body": "Hello Léa, would you bake with us this summer?",
            "language": "en",
        },
        referer=page_url,
    )
    assert sent.status_code == 200 and "Your message is sent." in sent.text

    def on_a() -> list:
        return a.python(CONVERSATIONS)

    wait_for(lambda: len(on_a()) == 1, what="the message on A")
    [received] = on_a()
    assert received["organisation"] == "bakery" and received["person"] == "lea"
    assert received["subject"] == "Summer job at the bakery"
    assert received["bodies"] == ["Hello Léa, would you bake with us this summer?"]

    lea = logged_in(a, "lea")
    thread_url = f"{a.base}/me/messages/{received['pk']}/"
    thread = lea.get(thread_url, timeout=10)
    assert "would you bake with us" in thread.text
    post_form(lea, thread_url, {"body": "Yes, I would love to!", "language": "en"}, thread_url)

    def on_b() -> list:
        return b.python(CONVERSATIONS)

    wait_for(lambda: len(on_b()[0]["bodies"]) == 2, what="the answer on B")
    [conversation] = on_b()
    assert conversation["bodies"][-1] == "Yes, I would love to!"
    seen = rita.get(f"{b.base}/me/messages/{conversation['pk']}/", timeout=10)
    assert "Yes, I would love to!" in seen.text
