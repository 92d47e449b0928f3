"""Offer pages as people see them: the editor's checks, the offer page, browsing."""

from __future__ import annotations

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.models import Offer
from tests.conftest import client_for, make_person
from tests.jobs.conftest import make_offer, offer_data

pytestmark = pytest.mark.django_db


def seen(response) -> str:
    return html.unescape(response.content.decode())


def form_post(**changes):
    """What the offer editor's form sends."""
    data = offer_data(**changes)
    data["start_date"] = data["start_date"] and data["start_date"].isoformat()
    data["valid_through"] = data["valid_through"] and data["valid_through"].isoformat()
    data.setdefault("tags", "cuisine, travail en équipe")
    for name in ("no_diploma_required", "experience_instead_of_education"):
        if not data[name]:
            del data[name]
    return data


def test_a_member_writes_and_publishes_an_offer(organisation, owner, vocabulary):
    client = client_for(owner)
    url = reverse("jobs:offer-new", args=[organisation.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {**form_post(), "publish": "1"})
    offer = Offer.objects.get()
    assert response["Location"] == reverse("jobs:offer", args=[offer.pk])
    assert offer.state == "published"
    assert [(t.text, t.concept.slug) for t in offer.tags.all()] == [
        ("cuisine", "cooking"),
        ("travail en équipe", "teamwork"),
    ]
    page = seen(client_for(None).get(response["Location"]))
    assert "Commis de cuisine" in page


def test_saving_a_draft_keeps_it_from_visitors(organisation, owner):
    client = client_for(owner)
    client.post(reverse("jobs:offer-new", args=[organisation.pk]), form_post())
    offer = Offer.objects.get()
    assert offer.state == "draft"
    assert client_for(None).get(reverse("jobs:offer", args=[offer.pk])).status_code == 404
    page = seen(client.get(reverse("jobs:offer", args=[offer.pk])))
    assert "Draft: only the organisation's members see it." in page


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"title": ""}, "Give the job a title."),
        ({"description": ""}, "Describe the job"),
        ({"contract_type": ""}, "Choose a contract type."),
        ({"valid_through": None}, "Until when can people apply?"),
        ({"valid_through": "30/02/2025"}, "Enter a date"),
        ({"valid_through": datetime.date(2000, 1, 1)}, "This date is past"),
        ({"valid_through": timezone.localdate() + datetime.timedelta(days=400)}, "one year"),
        ({"start_date": datetime.date(2001, 1, 1)}, "long past"),
        ({"start_date": timezone.localdate() + datetime.timedelta(days=1000)}, "too far ahead"),
        ({"languages_required": ["xx"]}, "Select a valid choice"),
        ({"language": ""}, "This field is required."),
        ({"tags": ", ".join(f"tag{i}" for i in range(16))}, "At most 15 tags."),
        ({"tags": "a" * 61}, "too long: 60 characters at most"),
    ],
)
def test_an_invalid_offer_shows_errors_and_saves_nothing(organisation, owner, changes, error):
    data = form_post()
    for name, value in changes.items():
        data[name] = value.isoformat() if isinstance(value, datetime.date) else value
        if value is None:
            data[name] = ""
    response = client_for(owner).post(
        reverse("jobs:offer-new", args=[organisation.pk]), {**data, "publish": "1"}
    )
    assert response.status_code == 200
    page = seen(response)
    assert error in page
    assert "Some answers need a change" in page
    assert not Offer.objects.exists()


def test_editing_keeps_changes_to_the_offer_and_its_tags(organisation, owner, vocabulary):
    offer = make_offer(organisation, tags=["cuisine"])
    client = client_for(owner)
    url = reverse("jobs:offer-edit", args=[offer.pk])
    assert "cuisine" in seen(client.get(url))
    client.post(url, form_post(title="Aide-boulanger", tags="garde d'enfants"))
    offer.refresh_from_db()
    assert offer.title == "Aide-boulanger"
    assert offer.state == "published"
    assert [t.concept.slug for t in offer.tags.all()] == ["childcare"]


def test_only_members_may_edit_an_organisations_offers(organisation, person):
    offer = make_offer(organisation)
    client = client_for(person)
    assert client.get(reverse("jobs:offer-new", args=[organisation.pk])).status_code == 404
    assert client.get(reverse("jobs:offer-edit", args=[offer.pk])).status_code == 404
    response = client.post(reverse("jobs:offer-edit", args=[offer.pk]), form_post(title="Pirate"))
    assert response.status_code == 404
    for name in ("offer-publish", "offer-close", "offer-delete"):
        assert client.post(reverse(f"jobs:{name}", args=[offer.pk])).status_code == 404
    offer.refresh_from_db()
    assert (offer.title, offer.state) == ("Commis de cuisine", "published")
    assert "Edit" not in seen(client.get(reverse("jobs:offer", args=[offer.pk])))
    anonymous = client_for(None).get(reverse("jobs:offer-edit", args=[offer.pk]))
    assert "/accounts/login/" in anonymous["Location"]


def test_the_offer_page_shows_what_a_young_person_needs(organisation, vocabulary):
    offer = make_offer(
        organisation,
        tags=["cuisine", "pâtisserie maison"],
        remote_option="hybrid",
        experience_instead_of_education=True,
        languages_required=["fr", "es"],
        pay="1 800 € par mois",
    )
    page = seen(client_for(None).get(reverse("jobs:offer", args=[offer.pk])))
    for text in [
        "Commis de cuisine",
        "Boulangerie du Coin",
        "Seasonal job",
        "Lyon",
        "Partly remote",
        "35 h par semaine",
        "1 800 € par mois",
        "French, Spanish",
        "No diploma required",
        "Experience accepted in place of education",
        "Passez à la boutique",
        'lang="fr"',
    ]:
        assert text in page, text
    # A tag linked to a concept leads to its tag page; a free tag is shown as such.
    assert f'href="{reverse("profiles:tag", args=["cooking"])}"' in page
    assert '<span class="own" title="Free tag">pâtisserie maison</span>' in page
    assert "Verified by" not in page


def test_a_remote_offer_says_where_it_was_published(remote_organisation):
    offer = make_offer(remote_organisation, place="Girona")
    Offer.objects.filter(pk=offer.pk).update(url="https://other.example/offers/7/")
    page = seen(client_for(None).get(reverse("jobs:offer", args=[offer.pk])))
    assert 'Published on <a href="https://other.example/offers/7/"' in page
    assert "Acme Travaux" in page


def test_browse_finds_a_french_offer_by_an_english_concept(organisation, vocabulary):
    make_offer(organisation, title="Commis", tags=["cuisine"])
    make_offer(organisation, title="Baby-sitter", tags=["garde d'enfants"])
    client = client_for(None)
    page = seen(client.get(reverse("jobs:offers"), {"tag": "cooking"}))
    assert "Commis" in page
    assert "Baby-sitter" not in page
    assert "Offers: cooking" in page
    # Any label in any language names the concept.
    page = seen(client.get(reverse("jobs:offers"), {"tag": "Cocina"}))
    assert "Commis" in page and "Baby-sitter" not in page
    page = seen(client.get(reverse("jobs:offers"), {"tag": "babysitting"}))
    assert "Baby-sitter" in page and "Commis" not in page


def test_browse_by_free_tag_place_contract_and_language(organisation, remote_organisation):
    make_offer(organisation, title="Vendeur", tags=["vente en boutique"], place="Saint-Étienne")
    make_offer(
        remote_organisation,
        title="Peó de construcció",
        tags=["obra"],
        place="Girona",
        language="ca",
        contract_type="fixed_term",
    )
    client = client_for(None)
    url = reverse("jobs:offers")
    both = seen(client.get(url))
    assert "Vendeur" in both and "Peó de construcció" in both
    assert "Published on other.example" in both
    page = seen(client.get(url, {"tag": "Vente en Boutique"}))
    assert "Vendeur" in page and "Peó" not in page
    page = seen(client.get(url, {"place": "saint etienne"}))
    assert "Vendeur" in page and "Peó" not in page
    page = seen(client.get(url, {"contract": "fixed_term"}))
    assert "Peó" in page and "Vendeur" not in page
    page = seen(client.get(url, {"lang": "ca"}))
    assert "Peó" in page and "Vendeur" not in page
    page = seen(client.get(url, {"tag": "nothing like this"}))
    assert "No open offer found" in page
    # A nonsense filter is ignored rather than an error.
    assert client.get(url, {"contract": "<script>", "page": "x"}).status_code == 200


def test_browse_pages_through_many_offers(organisation):
    for number in range(21):
        make_offer(organisation, title=f"Offre numéro {number}")
    client = client_for(None)
    response = client.get(reverse("jobs:offers"), {"lang": "fr"})
    first = seen(response)
    assert "Offre numéro 20" in first
    assert "Offre numéro 0<" not in first
    assert 'href="?lang=fr&amp;page=2"' in response.content.decode()
    second = seen(client.get(reverse("jobs:offers"), {"lang": "fr", "page": 2}))
    assert "Offre numéro 0<" in second


def test_the_offers_link_is_in_the_nav_for_everyone(organisation, owner, person):
    assert reverse("jobs:offers") in seen(client_for(None).get("/"))
    assert reverse("jobs:mine") not in seen(client_for(person).get("/"))
    assert reverse("jobs:mine") in seen(client_for(owner).get("/"))


def test_a_remote_link_that_is_not_a_web_address_is_not_a_link(remote_organisation):
    offer = make_offer(remote_organisation)
    Offer.objects.filter(pk=offer.pk).update(url="javascript:alert(1)")
    remote_organisation.website = "javascript:alert(2)"
    remote_organisation.save()
    page = seen(client_for(None).get(reverse("jobs:offer", args=[offer.pk])))
    assert "Published on other.example" in page
    assert "javascript:" not in page
    showcase = seen(client_for(None).get("/@acme@other.example/"))
    assert "Acme Travaux" in showcase
    assert "javascript:" not in showcase


def test_the_members_page_lists_offers_in_every_state_and_members(organisation, owner, person):
    from jobs import offers, organisations

    organisations.add_member(organisation, owner.user, "alice", "recruiter")
    make_offer(organisation, title="Brouillon", publish=False)
    offers.close(make_offer(organisation, title="Fermée"))
    make_offer(organisation, title="Ouverte")
    owner_page = seen(client_for(owner).get(reverse("jobs:mine")))
    for text in ["Brouillon", "Draft", "Fermée", "Closed", "Ouverte", "Published", "Alice"]:
        assert text in owner_page, text
    assert "Add a member" in owner_page
    recruiter_page = seen(client_for(person).get(reverse("jobs:mine")))
    assert "Brouillon" in recruiter_page
    assert "Add a member" not in recruiter_page
    assert "Change role" not in recruiter_page
    stranger = client_for(make_person("sam"))
    assert "You do not act for any organisation yet." in seen(stranger.get(reverse("jobs:mine")))
