"""Our offers as documents (read by PyLD and by our own parser) and as activities sent."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from federation.mapping.offer_documents import offer_object
from federation.mapping.offer_parsing import offer_data
from federation.models import InstanceFollower, OutboxActivity, RemoteActor
from jobs import offers
from jobs.models import Offer, Organisation
from profiles.models import Follow, Profile
from tests.federation.test_independent import BASE, fetch, undefined_terms
from tests.federation.test_independent import expand as ld_expand
from tests.federation.test_organisations import make_organisation

pytestmark = pytest.mark.django_db
SDO = "http://schema.org/"
TREMPLIN = "https://tremplin.social/ns#"
AS = "https://www.w3.org/ns/activitystreams#"


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


DATA = {
    "title": "Baker's apprentice",
    "description": "Learn to bake <bread> at dawn.",
    "language": "en",
    "contract_type": "apprenticeship",
    "place": "Lyon",
    "remote_option": "on_site",
    "start_date": None,
    "hours": "35 h a week",
    "pay": "900 € a month",
    "languages_required": ["fr", "en"],
    "no_diploma_required": True,
    "experience_instead_of_education": True,
    "how_to_apply": "Come by the shop.",
}


def make_offer(publish: bool = True, **changes: object) -> Offer:
    organisation = make_organisation()
    data = {**DATA, "valid_through": in_days(30), **changes}
    offer = offers.save_offer(organisation, None, data, ["cooking"])
    if publish:
        offers.publish(offer)
    offer.refresh_from_db()
    return offer


def test_an_offer_reads_as_an_article_mastodon_can_show(vocabulary):
    offer = make_offer()
    document = offer_object(offer)
    assert document["type"] == "Article"
    assert document["id"] == document["url"] == f"{BASE}/offers/{offer.pk}/"
    assert document["attributedTo"] == f"{BASE}/@acme/"
    assert document["summary"] == "Acme Bakery · Apprenticeship · Lyon"
    content = document["content"]
    assert "Learn to bake &lt;bread&gt; at dawn." in content
    assert "No diploma required." in content and "Come by the shop." in content
    assert "900 € a month" in content and "French, English" in content
    assert document["contentMap"] == {"en": content}
    assert document["to"] == ["https://www.w3.org/ns/activitystreams#Public"]
    assert document["cc"] == [f"{BASE}/@acme/followers/"]
    assert document["tag"][0]["href"] == f"{BASE}/tags/cooking/"


def test_an_offer_carries_the_jobposting_properties(vocabulary):
    offer = make_offer(remote_option="remote", start_date=in_days(40), language="fr")
    document = offer_object(offer)
    assert document["title"] == "Baker's apprentice"
    assert document["validThrough"] == in_days(30).isoformat()
    assert document["employmentType"] == "OTHER"
    assert document["contractType"] == "apprenticeship"
    assert document["hiringOrganization"] == {
        "type": "Organization",
        "name": "Acme Bakery",
        "sameAs": f"{BASE}/@acme/",
    }
    assert document["jobLocation"]["address"]["addressLocality"] == "Lyon"
    assert document["jobLocationType"] == "TELECOMMUTE"
    assert document["jobStartDate"] == in_days(40).isoformat()
    assert document["educationRequirements"] == "no requirements"
    assert document["experienceInPlaceOfEducation"] is True
    assert document["skills"] == ["cuisine"]  # the concept, in the offer's language
    assert document["offerStatus"] == "open"


def test_pyld_reads_schema_org_iris_and_every_term_is_defined(client, vocabulary):
    offer = make_offer()
    path = f"/offers/{offer.pk}/"
    node = ld_expand(fetch(client, path), BASE + path)
    assert node["@type"] == [f"{AS}Article"]
    assert node[f"{SDO}validThrough"] == [{"@value": in_days(30).isoformat()}]
    assert node[f"{SDO}employmentType"] == [{"@value": "OTHER"}]
    [organisation] = node[f"{SDO}hiringOrganization"]
    assert organisation[f"{SDO}sameAs"] == [{"@id": f"{BASE}/@acme/"}]
    assert node[f"{TREMPLIN}contractType"] == [{"@value": "apprenticeship"}]
    assert undefined_terms(node) == set()


def test_our_parser_reads_back_what_we_serve(vocabulary):
    offer = make_offer(start_date=in_days(40))
    parsed = offer_data(offer_object(offer), f"{BASE}/@acme/")
    for name, value in DATA.items():
        expected = in_days(40) if name == "start_date" else value
        if name == "description":
            continue  # plain text: the angle brackets are stripped as markup would be
        assert parsed.data[name] == expected, name
    assert parsed.data["valid_through"] == in_days(30)
    assert parsed.tags == ["cooking"] and parsed.status == "open"


def test_drafts_are_not_served_and_the_page_url_still_serves_html(client, vocabulary):
    offer = make_offer(publish=False)
    response = client.get(f"/offers/{offer.pk}/", HTTP_ACCEPT="application/activity+json")
    assert response.status_code == 404


def test_a_closed_offer_is_served_with_its_status(client, vocabulary):
    offer = make_offer()
    offers.close(offer)
    assert fetch(client, f"/offers/{offer.pk}/")["offerStatus"] == "closed"


@pytest.fixture
def audience(db: None) -> tuple[RemoteActor, RemoteActor]:
    """A node following ours, and a person elsewhere who will follow the organisation."""

    def actor(name: str, host: str, kind: str) -> RemoteActor:
        profile = Profile.objects.create(handle=name, domain=host)
        return RemoteActor.objects.create(
            uri=f"https://{host}/{name}",
            profile=profile,
            actor_type=kind,
            username=name,
            domain=host,
            inbox=f"https://{host}/{name}/inbox",
            shared_inbox=f"https://{host}/inbox",
            key_id=f"https://{host}/{name}#main-key",
            public_key_pem="x",
        )

    node = actor("actor", "node.example", "Application")
    InstanceFollower.objects.create(actor=node, follow_uri="https://node.example/follows/1")
    return node, actor("rosa", "peer.example", "Person")


def activities() -> list[tuple[str, str, list[str]]]:
    return [
        (
            a.activity_type,
            a.body["actor"],
            sorted(a.deliveries.values_list("inbox", flat=True)),
        )
        for a in OutboxActivity.objects.order_by("pk")
        if a.activity_type in ("Create", "Update", "Announce", "Delete")
    ]


def test_publish_close_repost_delete_go_to_followers_and_the_territory(
    audience, vocabulary, django_capture_on_commit_callbacks
):
    _node, rosa = audience
    offer = make_offer(publish=False)
    Follow.objects.create(
        follower=rosa.profile, followed=offer.organisation.profile, state="accepted"
    )
    org, node_actor = f"{BASE}/@acme/", f"{BASE}/actor/"
    peer, territory = ["https://peer.example/inbox"], ["https://node.example/inbox"]
    with django_capture_on_commit_callbacks(execute=True):
        offers.publish(offer)
    assert activities() == [("Create", org, peer), ("Announce", node_actor, territory)]
    create = OutboxActivity.objects.get(activity_type="Create")
    assert create.body["object"]["offerStatus"] == "open" and create.public

    with django_capture_on_commit_callbacks(execute=True):
        offers.close(offer)
    updates = OutboxActivity.objects.filter(activity_type="Update").order_by("pk")
    # One Update, to its followers and to every node that holds a copy through the boost.
    assert [sorted(u.deliveries.values_list("inbox", flat=True)) for u in updates] == [
        sorted(peer + territory)
    ]
    assert {u.body["object"]["offerStatus"] for u in updates} == {"closed"}

    with django_capture_on_commit_callbacks(execute=True):
        offers.repost(Offer.objects.get(pk=offer.pk), in_days(60))
    last = OutboxActivity.objects.filter(activity_type="Update").latest("pk")
    assert last.body["object"]["offerStatus"] == "open"
    assert last.body["object"]["validThrough"] == in_days(60).isoformat()
    assert not OutboxActivity.objects.filter(activity_type="Create").exclude(pk=create.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        offers.delete(Offer.objects.get(pk=offer.pk))
    delete = OutboxActivity.objects.get(activity_type="Delete")
    assert delete.body["object"] == {"id": f"{BASE}/offers/{offer.pk}/", "type": "Tombstone"}
    assert sorted(delete.deliveries.values_list("inbox", flat=True)) == sorted(peer + territory)


def test_a_draft_deleted_sends_nothing(audience, vocabulary, django_capture_on_commit_callbacks):
    offer = make_offer(publish=False)
    with django_capture_on_commit_callbacks(execute=True):
        offers.delete(offer)
    assert activities() == []


def test_an_organisation_change_updates_its_actor_for_followers(audience):
    from jobs import events

    organisation = make_organisation()
    with transaction.atomic():
        events.organisation_changed.send(Organisation, organisation=organisation)
    update = OutboxActivity.objects.get(activity_type="Update")
    assert update.body["object"]["type"] == "Organization"
    assert update.body["object"]["verified"] == "2025-03-04"
    assert list(update.deliveries.values_list("inbox", flat=True)) == ["https://node.example/inbox"]


def test_editing_the_showcase_sends_one_actor_update(audience, django_capture_on_commit_callbacks):
    """The profile publication carries the organisation's new fields: one Update, not two."""
    from jobs import organisations

    _node, rosa = audience
    organisation = make_organisation()
    Follow.objects.create(follower=rosa.profile, followed=organisation.profile, state="accepted")
    changed = {**organisations.showcase_initial(organisation), "sector": "Organic bakery"}
    with django_capture_on_commit_callbacks(execute=True):
        organisations.update_showcase(organisation, changed)
    update = OutboxActivity.objects.get(activity_type="Update")
    assert update.body["object"]["type"] == "Organization"
    assert "Organic bakery" in str(update.body["object"]["attachment"])


def test_a_closed_offer_says_so_in_its_name_and_summary_and_keeps_its_title(vocabulary):
    offer = make_offer()
    assert not offer_object(offer)["name"].startswith("[Closed]")
    offers.close(offer)
    document = offer_object(Offer.objects.get(pk=offer.pk))
    assert document["name"] == "[Closed] Baker's apprentice"
    assert document["nameMap"] == {"en": "[Closed] Baker's apprentice"}
    assert document["summary"].startswith("[Closed] Acme Bakery")
    assert document["title"] == "Baker's apprentice"
    assert offer_data(document, f"{BASE}/@acme/").data["title"] == "Baker's apprentice"


def test_closing_an_offer_sends_an_update_named_closed(
    audience, vocabulary, django_capture_on_commit_callbacks
):
    offer = make_offer()
    with django_capture_on_commit_callbacks(execute=True):
        offers.close(offer)
    update = OutboxActivity.objects.get(activity_type="Update")
    assert update.body["object"]["name"] == "[Closed] Baker's apprentice"
    assert list(update.deliveries.values_list("inbox", flat=True)) == ["https://node.example/inbox"]
