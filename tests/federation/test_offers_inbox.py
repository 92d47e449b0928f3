"""Offers received through the real inbox view and worker: kept, shown, closed, refused."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from federation.models import InboxItem, RemoteActor, RemoteOffer
from federation.worker import run_single_cycle
from jobs.models import Offer, OfferState, Organisation
from jobs.offers import open_offers
from profiles.models import Follow, Profile, ProfileKind
from tests.federation.helpers import followed_here
from tests.federation.test_inbox import (
    ACTOR,
    PEER,
    PUBLIC_PEM,
    post,
    remote_actor,  # noqa: F401 (a fixture)
)

pytestmark = pytest.mark.django_db
ORG = f"{PEER}/users/acme"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
_counter = iter(range(1, 10_000))


def later(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


@pytest.fixture
def org_actor(db: None) -> RemoteActor:
    """A peer's organisation actor, already known (signing with the test key)."""
    profile = Profile.objects.create(
        handle="acme", domain="peer.example", url=ORG, kind=ProfileKind.ORGANISATION
    )
    actor = RemoteActor.objects.create(
        uri=ORG,
        profile=profile,
        actor_type="Organization",
        username="acme",
        domain="peer.example",
        inbox=f"{ORG}/inbox",
        shared_inbox=f"{PEER}/inbox",
        followers=f"{ORG}/followers",
        key_id=f"{ORG}#main-key",
        public_key_pem=PUBLIC_PEM,
    )
    return followed_here(actor)  # unsolicited offers are not stored


def offer_document(**changes: object) -> dict:
    document = {
        "id": f"{PEER}/offers/12/",
        "type": "Article",
        "attributedTo": ORG,
        "name": "Baker's apprentice",
        "content": "<p>Learn to bake <script>alert(1)</script>bread.</p>",
        "contentMap": {"fr": "<p>Learn to bake bread.</p>"},
        "url": f"{PEER}/offers/12/",
        "published": "2025-06-01T10:00:00Z",
        "to": [PUBLIC],
        "cc": [f"{ORG}/followers"],
        "tag": [{"type": "Hashtag", "name": "#cooking"}],
        "title": "Baker's apprentice",
        "description": "Learn to bake bread. <b>Early</b> mornings.",
        "validThrough": later(30),
        "employmentType": "OTHER",
        "contractType": "apprenticeship",
        "hiringOrganization": {"type": "Organization", "name": "Acme", "sameAs": ORG},
        "jobLocation": {
            "type": "Place",
            "name": "Lyon",
            "address": {"type": "PostalAddress", "addressLocality": "Lyon"},
        },
        "jobStartDate": later(40),
        "workHours": "35 h a week",
        "pay": "900 € a month",
        "languagesRequired": ["fr"],
        "noDiplomaRequired": True,
        "experienceInPlaceOfEducation": True,
        "howToApply": "Come by the shop.",
        "offerStatus": "open",
    }
    document.update(changes)
    return {k: v for k, v in document.items() if v is not None}


def send(client, activity_type: str, obj: object, actor: str = ORG) -> int:
    body = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": f"{PEER}/activities/{next(_counter)}",
        "type": activity_type,
        "actor": actor,
        "object": obj,
    }
    status = post(client, body, key_id=f"{actor}#main-key")
    run_single_cycle()
    return status


def test_a_created_offer_is_stored_and_shown_as_open(client, org_actor, vocabulary):
    assert send(client, "Create", offer_document()) == 202
    offer = open_offers().get()
    assert offer.title == "Baker's apprentice"
    assert offer.description == "Learn to bake bread. Early mornings."
    assert offer.language == "fr" and offer.contract_type == "apprenticeship"
    assert offer.place == "Lyon" and offer.hours == "35 h a week"
    assert offer.no_diploma_required and offer.experience_instead_of_education
    assert offer.languages_required == ["fr"]
    assert offer.url == f"{PEER}/offers/12/"
    assert offer.organisation.profile == org_actor.profile
    assert offer.tags.get().concept.slug == "cooking"
    assert RemoteOffer.objects.get().uri == f"{PEER}/offers/12/"
    assert InboxItem.objects.get().state == "done"


def test_a_home_page_on_another_host_is_not_linked(client, org_actor, vocabulary):
    """A peer cannot make our page link its offer to a third site."""
    assert send(client, "Create", offer_document(url="https://phishing.example/apply")) == 202
    assert open_offers().get().url == f"{PEER}/offers/12/"


MALFORMED = {  # fault: (changes, the reason logged)
    "no title": ({"name": None, "title": None}, "needs a title"),
    "no description": (
        {"content": None, "description": None, "contentMap": None},
        "needs a description",
    ),
    "bad closing date": ({"validThrough": "next summer"}, "validThrough is not a date"),
    "no closing date": ({"validThrough": None}, "validThrough is not a date"),
    "unknown contract type": ({"contractType": "slavery"}, "unknown contractType"),
    "someone else's organisation": (
        {"hiringOrganization": {"type": "Organization", "sameAs": f"{PEER}/users/other"}},
        "hiring organisation is not the sender",
    ),
    "attributed to someone else": (
        {"attributedTo": f"{PEER}/users/other"},
        "attributed to someone else",
    ),
    "a number for the hours": ({"workHours": 35}, "workHours is not text"),
    "a string for a yes/no": ({"noDiplomaRequired": "yes"}, "noDiplomaRequired"),
    "not public": ({"to": [f"{ORG}/followers"], "cc": []}, "must be public"),
    "unknown status": ({"offerStatus": "maybe"}, "unknown offerStatus"),
}


@pytest.mark.parametrize("fault", list(MALFORMED))
def test_a_malformed_offer_is_refused_and_nothing_is_stored(client, org_actor, vocabulary, fault):
    changes, reason = MALFORMED[fault]
    assert send(client, "Create", offer_document(**changes)) == 202
    item = InboxItem.objects.get()
    assert item.state == "refused", fault
    assert reason in item.error
    assert not Offer.objects.exists()
    assert not RemoteOffer.objects.exists()
    assert not Organisation.objects.exists()


def test_an_offer_on_another_host_is_refused_at_the_inbox(client, org_actor, vocabulary):
    assert send(client, "Create", offer_document(id="https://elsewhere.example/offers/1/")) == 403
    assert not InboxItem.objects.exists()
    assert not Offer.objects.exists()


def test_a_person_cannot_publish_an_offer(client, org_actor, vocabulary):
    org_actor.profile.kind = ProfileKind.PERSON
    org_actor.profile.save()
    send(client, "Create", offer_document())
    assert InboxItem.objects.get().state == "refused"
    assert not Offer.objects.exists()


def test_an_offer_already_past_its_date_is_not_shown(client, org_actor, vocabulary):
    send(client, "Create", offer_document(validThrough=later(-1)))
    assert not open_offers().exists()
    assert not Offer.objects.exists()


def test_an_offer_closed_on_arrival_is_not_shown(client, org_actor, vocabulary):
    send(client, "Create", offer_document(offerStatus="closed"))
    assert not open_offers().exists()


def test_an_update_closing_the_offer_hides_it(client, org_actor, vocabulary):
    send(client, "Create", offer_document())
    assert open_offers().count() == 1
    send(client, "Update", offer_document(offerStatus="closed", validThrough=later(0)))
    offer = Offer.objects.get()
    assert offer.state == OfferState.CLOSED
    assert not open_offers().exists()


def test_an_update_with_a_past_date_expires_it_and_a_repost_opens_it(client, org_actor, vocabulary):
    send(client, "Create", offer_document())
    send(client, "Update", offer_document(offerStatus="expired", validThrough=later(-1)))
    assert Offer.objects.get().state == OfferState.EXPIRED
    send(client, "Update", offer_document(offerStatus="open", validThrough=later(20), pay="1000"))
    offer = open_offers().get()
    assert offer.pay == "1000" and offer.valid_through.isoformat() == later(20)


def test_a_malformed_update_changes_nothing(client, org_actor, vocabulary):
    send(client, "Create", offer_document())
    send(client, "Update", offer_document(name="New title", title=None, contractType="nope"))
    assert open_offers().get().title == "Baker's apprentice"


def test_a_delete_removes_the_offer_and_it_never_comes_back(client, org_actor, vocabulary):
    send(client, "Create", offer_document())
    send(client, "Delete", f"{PEER}/offers/12/")
    assert not Offer.objects.exists() and not RemoteOffer.objects.exists()
    send(client, "Create", offer_document())
    assert not Offer.objects.exists()


@pytest.mark.usefixtures("remote_actor")
def test_a_delete_by_another_actor_of_the_same_node_is_refused(client, org_actor, vocabulary):
    send(client, "Create", offer_document())
    send(client, "Delete", f"{PEER}/offers/12/", actor=ACTOR)
    assert InboxItem.objects.latest("received_at").state == "refused"
    assert open_offers().count() == 1


@pytest.mark.usefixtures("remote_actor")
def test_an_update_by_another_actor_is_refused(client, org_actor, vocabulary):
    send(client, "Create", offer_document())
    hijack = offer_document(
        attributedTo=ACTOR,
        hiringOrganization={"type": "Organization", "sameAs": ACTOR},
        offerStatus="closed",
    )
    send(client, "Update", hijack, actor=ACTOR)
    assert InboxItem.objects.latest("received_at").state == "refused"
    assert open_offers().count() == 1


def test_an_offer_from_an_organisation_nobody_here_follows_is_not_stored(
    client, org_actor, vocabulary
):
    Follow.objects.filter(followed=org_actor.profile).delete()
    send(client, "Create", offer_document())
    assert InboxItem.objects.get().state == "done"
    assert not Offer.objects.exists() and not RemoteOffer.objects.exists()
