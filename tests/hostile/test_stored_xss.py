"""Stored XSS: hostile HTML in every rendered field, from a person or a remote node.

Each test stores the payload, renders the pages where it shows, and asserts that it
appears only escaped (or stripped, for sanitised rich text): never a live tag or attribute.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from federation.models import RemoteActor
from federation.peers.actors import sync_profile
from federation.protocol.context import DOCUMENT_CONTEXT
from federation.worker import run_single_cycle
from profiles import publishing
from profiles.visibility import Visibility
from tests.conftest import client_for, make_experience, make_person
from tests.contact.conftest import make_offer, make_organisation
from tests.federation.helpers import actor_document, followed_here
from tests.federation.test_inbox import ACTOR, PEER, activity, post, remote_actor  # noqa: F401
from tests.hostile import figures

pytestmark = pytest.mark.django_db
PAYLOAD = '<script>alert(1)</script><img src=x onerror="alert(2)">'
LIVE = ("<script>alert(1)", "<img src=x onerror", 'onerror="alert')


def assert_safe(name: str, html: str, must_show: bool = True) -> None:
    live = [marker for marker in LIVE if marker in html]
    shown = "&lt;script&gt;" in html or "alert(1)" in html
    figures.attack("xss", name, accepted=bool(live))
    assert not live, (name, live)
    if must_show:
        assert shown, f"{name}: the stored value is not on the page at all"


PROFILE_FIELDS = ["display_name", "headline", "about", "territory"]


@pytest.mark.parametrize("field", PROFILE_FIELDS)
def test_profile_fields_are_escaped(field, db):
    person = make_person("alice")
    data = {
        "display_name": "Alice",
        "headline": "",
        "about": "",
        "territory": "",
        "languages_spoken": [],
        "language": "en",
        field: PAYLOAD,
    }
    publishing.save_profile_draft(person, data)
    publishing.publish_profile(person, Visibility.PUBLIC)
    make_experience(person)
    assert_safe(f"profile {field} (profile page)", Client().get("/@alice/").content.decode())
    assert_safe(f"profile {field} (editor)", client_for(person).get("/me/").content.decode())


EXPERIENCE_FIELDS = [
    "title",
    "organisation",
    "place",
    "what_i_did",
    "responsibilities",
    "motivation",
    "learned",
]


@pytest.mark.parametrize("field", EXPERIENCE_FIELDS)
def test_experience_fields_are_escaped(field, db, vocabulary):
    person = make_person("alice")
    experience = make_experience(person, **{field: PAYLOAD})
    page = Client().get(f"/@alice/experiences/{experience.pk}/").content.decode()
    assert_safe(f"experience {field} (page)", page)
    assert_safe(
        f"experience {field} (profile)", Client().get("/@alice/").content.decode(), must_show=False
    )
    assert_safe(
        f"experience {field} (explore)", Client().get("/explore/").content.decode(), must_show=False
    )
    assert_safe(
        f"experience {field} (editor)",
        client_for(person).get(f"/me/experiences/{experience.pk}/").content.decode(),
    )


def test_a_hostile_tag_is_refused_or_escaped(db, vocabulary):
    person = make_person("alice")
    experience = make_experience(person, tags=["cooking", PAYLOAD])
    page = Client().get(f"/@alice/experiences/{experience.pk}/").content.decode()
    assert_safe("experience tag", page, must_show=False)


ORGANISATION_FIELDS = {"name": "display_name", "about": "about"}


def test_organisation_and_offer_fields_are_escaped(db, vocabulary):
    organisation = make_organisation(name=PAYLOAD)
    offer = make_offer(organisation, title=PAYLOAD)
    assert_safe(
        "organisation name (offer page)", Client().get(f"/offers/{offer.pk}/").content.decode()
    )
    assert_safe("offer title (offer page)", Client().get(f"/offers/{offer.pk}/").content.decode())
    assert_safe("offer title (offers list)", Client().get("/offers/").content.decode())
    assert_safe(
        "organisation name (organisations)",
        Client().get("/organisations/").content.decode(),
        must_show=False,
    )
    assert_safe(
        "organisation name (page)", Client().get(f"/@{organisation.handle}/").content.decode()
    )


def test_a_message_is_escaped(db):
    organisation = make_organisation()
    from jobs.models import Membership

    recruiter = make_person("rita", role="organisation", birth=None)
    Membership.objects.create(organisation=organisation.organisation, user=recruiter.user)
    person = make_person("alice")
    response = client_for(recruiter).post(
        "/contact/@alice/",
        {"organisation": organisation.pk, "subject": PAYLOAD, "body": PAYLOAD, "language": "en"},
    )
    assert response.status_code == 302
    alice = client_for(person)
    assert_safe("message subject (list)", alice.get("/me/messages/").content.decode())
    assert_safe("message body (thread)", alice.get(response.url).content.decode())


def test_remote_actor_and_remote_experience_are_safe(client, vocabulary, remote_actor):  # noqa: F811
    profile = remote_actor.profile
    publishing.save_profile_draft(
        profile,
        {
            "display_name": PAYLOAD,
            "headline": PAYLOAD,
            "about": PAYLOAD,
            "territory": "",
            "languages_spoken": [],
            "language": "en",
        },
    )
    publishing.publish_profile(profile, Visibility.PUBLIC)
    followed_here(remote_actor)
    article = {
        "@context": DOCUMENT_CONTEXT,  # an experience, as a Tremplin peer sends it
        "experienceKind": "other",
        "id": f"{ACTOR}/articles/x",
        "type": "Article",
        "attributedTo": ACTOR,
        # Script text is dropped by the sanitiser, so real words keep the
        # experience acceptable and the markup is what is under test.
        "name": f"{PAYLOAD} Stage en boulangerie",
        "content": f"<p>{PAYLOAD} J'ai appris le pain.</p>",
        "summary": PAYLOAD,
        "published": "2025-06-01T10:00:00Z",
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
    }
    assert post(client, activity(id=f"{PEER}/a/x", type="Create", object=article)) == 202
    run_single_cycle()
    assert RemoteActor.objects.count() == 1
    assert_safe(
        "remote actor (profile page)", Client().get("/@rosa@peer.example/").content.decode()
    )
    assert_safe(
        "remote experience (explore)", Client().get("/explore/").content.decode(), must_show=False
    )
    from profiles.models import Experience

    experience = Experience.objects.get()
    page = Client().get(f"/@rosa@peer.example/experiences/{experience.pk}/").content.decode()
    assert_safe("remote experience (page)", page, must_show=False)
    assert json.dumps(PAYLOAD) not in page


def test_a_remote_post_is_safe_on_the_accounts_page_and_in_the_feed(
    client,
    person,
    remote_actor,  # noqa: F811
):
    followed_here(remote_actor, person.handle)
    sync_profile(remote_actor, actor_document())  # her page, as fetched from her node
    status = {
        "id": f"{ACTOR}/statuses/x",
        "type": "Note",
        "attributedTo": ACTOR,
        "content": f'<p>{PAYLOAD} <a href="javascript:alert(3)">lien</a> Bonjour</p>',
        "summary": PAYLOAD,
        "sensitive": True,
        "attachment": [{"type": "Image", "url": "javascript:alert(4)", "name": PAYLOAD}],
        "published": "2025-06-01T10:00:00Z",
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
    }
    assert post(client, activity(id=f"{PEER}/a/p", type="Create", object=status)) == 202
    run_single_cycle()
    for name, page in (
        ("remote post (account page)", Client().get("/@rosa@peer.example/")),
        ("remote post (feed)", client_for(person).get("/feed/")),
    ):
        html = page.content.decode()
        assert "Bonjour" in html, name
        assert_safe(name, html, must_show=False)  # script and tags are dropped whole
        assert "javascript:" not in html, name
