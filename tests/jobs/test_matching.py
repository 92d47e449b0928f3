"""Matching offers and experiences: concepts across languages, ranking, visibility, pages."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from jobs import offers
from jobs.matching import experiences_matching, offers_for
from jobs.models import Offer, OfferState
from profiles import publishing
from profiles.models import Experience
from profiles.visibility import Visibility
from tests.conftest import client_for, make_experience, make_person
from tests.jobs.matching_helpers import make_offer, make_organisation

pytestmark = pytest.mark.django_db


def titles(matches) -> list[str]:
    return [match.experience.published.title for match in matches]


@pytest.fixture
def recruiter(vocabulary):
    return make_person("rita")


@pytest.fixture
def company(recruiter):
    return make_organisation("chezpaul", recruiter)


def test_a_french_offer_finds_an_english_experience_through_the_concept(company, recruiter):
    alice = make_person("alice")
    make_experience(alice, tags=["cooking"], title="Kitchen helper", language="en")
    make_experience(alice, tags=["childcare"], title="Babysitter", language="en")
    offer = make_offer(company, ["cuisine"], language="fr")

    matches = experiences_matching(offer, recruiter.user)

    assert titles(matches) == ["Kitchen helper"]
    assert [concept.slug for concept in matches[0].concepts] == ["cooking"]


def test_more_shared_concepts_first_then_kind_and_place_then_the_newest(company, recruiter):
    alice = make_person("alice")
    common = {"kind": "school", "place": "Paris"}
    make_experience(alice, tags=["cooking"], title="Only the skill, older", **common)
    make_experience(alice, tags=["cooking"], title="Only the skill, newer", **common)
    make_experience(alice, tags=["cooking"], title="Skill and kind", kind="odd_job", place="Nice")
    make_experience(alice, tags=["cooking"], title="Skill, kind, place", place="Lyon")
    make_experience(alice, tags=["cooking"], title="Skill and place", kind="school", place="lyon")
    make_experience(alice, tags=["cooking", "teamwork"], title="Two skills", **common)
    make_experience(alice, tags=["childcare"], title="Nothing shared", place="Lyon")
    offer = make_offer(company, ["cuisine", "travail en équipe"], contract_type="summer_job")

    matches = experiences_matching(offer, recruiter.user)

    assert titles(matches) == [
        "Two skills",
        "Skill, kind, place",
        "Skill and kind",
        "Skill and place",
        "Only the skill, newer",
        "Only the skill, older",
    ]
    best, both = matches[0], matches[1]
    assert {c.slug for c in best.concepts} == {"cooking", "teamwork"}
    assert (both.kind_fits, both.same_place) == (True, True)
    assert (matches[2].kind_fits, matches[2].same_place) == (True, False)
    assert (matches[3].kind_fits, matches[3].same_place) == (False, True)
    # Pages cut the same ranking.
    assert titles(experiences_matching(offer, recruiter.user, limit=2, offset=2)) == titles(
        matches[2:4]
    )


def test_a_fully_remote_offer_ignores_the_place(company, recruiter):
    alice = make_person("alice")
    make_experience(alice, tags=["cooking"], title="In Lyon", kind="school", place="Lyon")
    offer = make_offer(company, ["cuisine"], remote_option="remote")

    [match] = experiences_matching(offer, recruiter.user)

    assert not match.same_place
    assert match.score == 10


def test_an_offer_without_concepts_falls_back_to_kind_and_place(company, recruiter):
    alice = make_person("alice")
    make_experience(alice, tags=["cooking"], title="Right kind here", kind="odd_job")
    make_experience(alice, tags=["cooking"], title="Right kind elsewhere", place="Nice")
    make_experience(alice, tags=["cooking"], title="Only the place", kind="school")
    make_experience(alice, tags=["cooking"], title="Neither", kind="school", place="Nice")
    offer = make_offer(company, ["plonge et bonne humeur"])

    matches = experiences_matching(offer, recruiter.user)

    assert titles(matches) == ["Right kind here", "Right kind elsewhere", "Only the place"]
    assert matches[0].concepts == []


def test_what_a_viewer_may_not_see_is_never_matched(company, recruiter):
    alice = make_person("alice")
    make_experience(alice, Visibility.PUBLIC, tags=["cooking"], title="Public")
    make_experience(alice, Visibility.MEMBERS, tags=["cooking"], title="Members")
    make_experience(alice, Visibility.PRIVATE, tags=["cooking"], title="Private")
    teen_birth = (timezone.localdate().year - 13, timezone.localdate().month)
    teen = make_person("tom", birth=teen_birth)
    assert teen.needs_guardian_consent()
    hidden = make_experience(teen, Visibility.PRIVATE, tags=["cooking"], title="Teen")
    # Forced into the row (as an old import would): the consent rule still hides it.
    Experience.objects.filter(pk=hidden.pk).update(visibility=Visibility.PUBLIC)
    offer = make_offer(company, ["cuisine"])
    recruiter.user.is_staff = True
    recruiter.user.save()

    assert sorted(titles(experiences_matching(offer, recruiter.user))) == ["Members", "Public"]
    assert titles(experiences_matching(offer, AnonymousUser())) == ["Public"]
    assert titles(experiences_matching(offer, None)) == ["Public"]


def test_offers_for_a_person_rank_by_shared_concepts_with_reasons(recruiter, company):
    alice = make_person("alice")
    make_experience(alice, tags=["cooking", "teamwork"], kind="summer_job", place="Lyon")
    both = make_offer(company, ["cuisine", "travail en équipe"], title="Both skills", place="Nice")
    one = make_offer(company, ["cuisine"], title="One skill here")
    only_kind = make_offer(company, ["garde d'enfants"], title="Kind only", place="Nice")
    make_offer(
        company, ["garde d'enfants"], title="Nothing", contract_type="internship", place="Nice"
    )

    matches = offers_for(alice)

    assert [m.offer.title for m in matches] == ["Both skills", "One skill here", "Kind only"]
    assert [m.offer for m in matches] == [both, one, only_kind]
    assert {c.slug for c in matches[0].concepts} == {"cooking", "teamwork"}
    assert (matches[1].kind_fits, matches[1].same_place) == (True, True)
    assert (matches[2].concepts, matches[2].kind_fits, matches[2].same_place) == ([], True, False)


def test_the_profile_territory_counts_as_a_place(recruiter, company):
    alice = make_person("alice")
    data = publishing.profile_draft_initial(alice)
    publishing.save_profile_draft(alice, {**data, "territory": "Saint-Étienne"})
    publishing.publish_profile(alice, Visibility.PUBLIC)
    alice.refresh_from_db()
    make_experience(alice, tags=["cooking"], kind="school", place="")
    make_offer(company, ["cuisine"], title="Elsewhere", place="Nice")
    make_offer(company, ["cuisine"], title="Near home", place="saint etienne")

    matches = offers_for(alice)

    assert [m.offer.title for m in matches] == ["Near home", "Elsewhere"]
    assert matches[0].same_place and not matches[1].same_place


def test_closed_expired_and_draft_offers_are_never_suggested(recruiter, company):
    alice = make_person("alice")
    make_experience(alice, tags=["cooking"])
    make_offer(company, ["cuisine"], title="Open")
    offers.close(make_offer(company, ["cuisine"], title="Closed"))
    offers.close(make_offer(company, ["cuisine"], title="Expired"), state=OfferState.EXPIRED)
    make_offer(company, ["cuisine"], title="Draft", publish=False)
    past_date = make_offer(company, ["cuisine"], title="Date passed, not yet marked")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Offer.objects.filter(pk=past_date.pk).update(valid_through=yesterday)

    assert [m.offer.title for m in offers_for(alice)] == ["Open"]


def test_nothing_to_go_on_means_no_suggestion(recruiter, company):
    alice = make_person("alice")
    make_offer(company, ["cuisine"])
    assert offers_for(alice) == []


def test_the_matches_page_is_for_the_organisations_members_only(company, recruiter):
    alice = make_person("alice")
    make_experience(alice, tags=["cooking"], title="Kitchen helper")
    offer = make_offer(company, ["cuisine"])
    url = f"/offers/{offer.pk}/matches/"

    assert client_for(make_person("mallory")).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 404
    assert client_for(alice).get(url).status_code == 404
    assert client_for(recruiter).get(f"/offers/{offer.pk + 99}/matches/").status_code == 404

    page = client_for(recruiter).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kitchen helper" in html
    assert "Shared skills:" in html and ">cooking</a>" in html
    assert "Summer job: fits a Summer job" in html
    assert "In the same place: Lyon" in html


def test_staff_may_see_the_matches_of_any_offer(company):
    alice = make_person("alice")
    make_experience(alice, tags=["cooking"], title="Kitchen helper")
    offer = make_offer(company, ["cuisine"])
    staff = make_person("sam")
    staff.user.is_staff = True
    staff.user.save()

    page = client_for(staff).get(f"/offers/{offer.pk}/matches/")
    assert "Kitchen helper" in page.content.decode()


def test_the_offers_for_you_page_explains_each_suggestion(company):
    alice = make_person("alice")
    make_experience(alice, tags=["cooking"], kind="summer_job", place="Lyon")
    make_offer(company, ["cuisine"], title="Commis de cuisine")

    html = client_for(alice).get("/me/offers-for-you/").content.decode()

    assert "Commis de cuisine" in html
    assert "Skills from your experiences:" in html and ">cooking</a>" in html
    assert "You have done this kind of work before: Summer job" in html
    assert "Near you: Lyon" in html


def test_the_offers_for_you_page_says_how_to_get_suggestions(company, vocabulary):
    bob = make_person("bob")
    make_offer(company, ["cuisine"])

    html = client_for(bob).get("/me/offers-for-you/").content.decode()

    assert "Publish your experiences" in html
    assert client_for(None).get("/me/offers-for-you/").status_code == 302


def test_hidden_experiences_sharing_several_concepts_leave_no_gap(company, recruiter):
    alice = make_person("alice")
    make_experience(alice, tags=["cooking", "teamwork"], title="Both, public")
    make_experience(alice, Visibility.PRIVATE, tags=["cooking", "teamwork"], title="Both, private")
    make_experience(alice, tags=["teamwork"], title="One, public")
    offer = make_offer(company, ["cuisine", "travail en équipe"])

    assert titles(experiences_matching(offer, None)) == ["Both, public", "One, public"]
    assert titles(experiences_matching(offer, None, limit=1, offset=1)) == ["One, public"]
