"""An organisation's saved searches for candidates: saving, counting, opening, alerts."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from jobs.models import Membership, Organisation
from network import candidates
from network.models import CandidateSearch, Notification, NotificationKind
from profiles.models import Experience, ExperienceConcept, Follow, FollowState, Profile
from profiles.visibility import Visibility
from tests.conftest import client_for, make_experience, make_person
from tests.network.helpers import make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def recruiter(db: None) -> Profile:
    return make_person("rita", role="organisation", birth=None)


@pytest.fixture
def organisation(recruiter: Profile) -> Organisation:
    return make_organisation("bistro", member=recruiter)


def saved(organisation: Organisation, name: str = "Cooks", **filters: str) -> CandidateSearch:
    filters = filters or {"tag": "cooking"}
    return candidates.save_search(organisation, name, filters, "en")


def later(search: CandidateSearch, days: float = 0) -> None:
    """Pretend the search was last opened a while ago (experiences made now are new)."""
    when = timezone.now() - datetime.timedelta(days=days, seconds=1)
    CandidateSearch.objects.filter(pk=search.pk).update(seen_at=when)


def published_long_ago(experience: Experience) -> None:
    when = timezone.now() - datetime.timedelta(days=2)
    Experience.objects.filter(pk=experience.pk).update(published_at=when)
    ExperienceConcept.objects.filter(experience=experience).update(published_at=when)
    experience.refresh_from_db()


def candidate_notes(profile: Profile) -> list[Notification]:
    return list(
        Notification.objects.filter(recipient=profile, kind=NotificationKind.CANDIDATE_MATCH)
    )


# --- saving ------------------------------------------------------------------


def test_explore_offers_to_save_a_search_only_to_members_with_filters(
    vocabulary: None, recruiter: Profile, organisation: Organisation, person: Profile
) -> None:
    member_page = client_for(recruiter).get("/explore/?tag=cooking&place=Lyon").content.decode()
    assert "Save this search for my organisation" in member_page
    assert "/me/organisation/searches/new/?tag=cooking&amp;place=Lyon" in member_page

    empty = client_for(recruiter).get("/explore/").content.decode()
    assert "Save this search for my organisation" not in empty
    one_person = client_for(recruiter).get("/explore/?person=alice").content.decode()
    assert "Save this search for my organisation" not in one_person
    young = client_for(person).get("/explore/?tag=cooking").content.decode()
    assert "Save this search for my organisation" not in young
    visitor = client_for(None).get("/explore/?tag=cooking").content.decode()
    assert "Save this search for my organisation" not in visitor


def test_a_member_saves_the_search_and_sees_it_under_my_organisation(
    vocabulary: None, recruiter: Profile, organisation: Organisation
) -> None:
    client = client_for(recruiter)
    form = client.get("/me/organisation/searches/new/?tag=cooking&place=Lyon&kind=summer_job")
    html = form.content.decode()
    assert form.status_code == 200
    assert "Name of this search" in html and "Lyon" in html and "Summer job" in html
    assert 'name="place" value="Lyon"' in html

    response = client.post(
        "/me/organisation/searches/new/",
        {
            "name": "Cuisiniers à Lyon",
            "organisation": organisation.pk,
            "tag": "cooking",
            "place": "Lyon",
            "kind": "summer_job",
        },
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 302
    assert response["Location"] == f"/me/organisation/#organisation-{organisation.pk}"
    search = CandidateSearch.objects.get(organisation=organisation)
    assert search.filters() == {"tag": "cooking", "kind": "summer_job", "place": "Lyon"}
    assert search.name == "Cuisiniers à Lyon" and search.name_language == "fr"

    mine = client.get("/me/organisation/").content.decode()
    assert "Saved searches for candidates" in mine
    assert 'lang="fr">Cuisiniers à Lyon</a>' in mine
    assert "nothing new" in mine


def test_a_search_needs_a_name_and_a_filter(
    vocabulary: None, recruiter: Profile, organisation: Organisation
) -> None:
    client = client_for(recruiter)
    response = client.post(
        "/me/organisation/searches/new/",
        {"name": "  ", "organisation": organisation.pk, "tag": "cooking"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and "Give this search a name." in html
    assert 'href="#id_name"' in html

    nothing = client.post(
        "/me/organisation/searches/new/", {"name": "All", "organisation": organisation.pk}
    )
    assert nothing.status_code == 302 and nothing["Location"] == "/explore/"
    assert not CandidateSearch.objects.exists()


def test_nobody_saves_a_search_for_an_organisation_they_do_not_act_for(
    vocabulary: None, recruiter: Profile, organisation: Organisation, person: Profile
) -> None:
    other_recruiter = make_person("otto", role="organisation", birth=None)
    make_organisation("garage", member=other_recruiter)
    data = {"name": "Spy", "organisation": organisation.pk, "tag": "cooking"}

    assert client_for(person).post("/me/organisation/searches/new/", data).status_code == 404
    assert (
        client_for(other_recruiter).post("/me/organisation/searches/new/", data).status_code == 404
    )
    anonymous = client_for(None).post("/me/organisation/searches/new/", data)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert not CandidateSearch.objects.exists()


# --- what members see, and what others cannot touch ---------------------------


def test_new_matches_are_counted_until_a_member_opens_the_search(
    vocabulary: None, recruiter: Profile, organisation: Organisation, person: Profile
) -> None:
    search = saved(organisation, "Cooks", tag="cooking")
    old = make_experience(person, Visibility.PUBLIC, tags=["cooking"], title="Old kitchen job")
    published_long_ago(old)
    later(search, days=1)
    make_experience(person, Visibility.PUBLIC, tags=["cooking"], title="Pizza maker")
    make_experience(person, Visibility.MEMBERS, tags=["cooking"], title="Canteen help")
    make_experience(person, Visibility.PUBLIC, tags=["childcare"], title="Babysitting")

    colleague = make_person("cleo", role="organisation", birth=None)
    Membership.objects.create(organisation=organisation, user=colleague.user, role="recruiter")
    client = client_for(recruiter)
    assert "2 new" in client.get("/me/organisation/").content.decode()

    opened = client.get(f"/me/organisation/searches/{search.pk}/").content.decode()
    assert "2 new experiences since your organisation last looked" in opened
    assert "Pizza maker" in opened and "Canteen help" in opened and "Old kitchen job" in opened
    assert "Babysitting" not in opened

    assert "nothing new" in client.get("/me/organisation/").content.decode()
    # The organisation looked: its other members see nothing new either.
    assert "nothing new" in client_for(colleague).get("/me/organisation/").content.decode()


def test_counts_and_results_keep_to_what_the_member_may_see(
    vocabulary: None, recruiter: Profile, organisation: Organisation
) -> None:
    search = saved(organisation, "Cooks", tag="cooking")
    later(search)
    minor = make_person("mina", birth=(timezone.localdate().year - 14, 1))
    assert minor.needs_guardian_consent()
    make_experience(minor, Visibility.PRIVATE, tags=["cooking"], title="Cooking with grandma")
    # A person of another node shows an experience to their followers only; the
    # organisation follows them, its member does not.
    remote = Profile.objects.create(handle="zoe", domain="b.example")
    Follow.objects.create(
        follower=organisation.profile, followed=remote, state=FollowState.ACCEPTED
    )
    make_experience(remote, Visibility.FOLLOWERS, tags=["cooking"], title="Followers only")
    # Another node's public experience nobody here asked for stays off listings.
    stranger = Profile.objects.create(handle="yan", domain="c.example")
    make_experience(stranger, Visibility.PUBLIC, tags=["cooking"], title="Unasked for")

    client = client_for(recruiter)
    assert "nothing new" in client.get("/me/organisation/").content.decode()
    opened = client.get(f"/me/organisation/searches/{search.pk}/").content.decode()
    for hidden in ("Cooking with grandma", "Followers only", "Unasked for"):
        assert hidden not in opened
    assert "No experience matches this search for now." in opened
    assert candidate_notes(recruiter) == []


def test_words_and_place_filter_like_the_explore_page(
    vocabulary: None, recruiter: Profile, organisation: Organisation, person: Profile
) -> None:
    search = saved(organisation, "Lyon cooks", q="pizza", place="lyon")
    later(search)
    make_experience(person, Visibility.PUBLIC, title="Pizza maker", place="Lyon")
    make_experience(person, Visibility.PUBLIC, title="Pizza maker", place="Paris")
    make_experience(person, Visibility.PUBLIC, title="Dish washer", place="Lyon")
    assert candidates.new_count(recruiter.user, search) == 1
    explore = client_for(recruiter).get("/explore/?q=pizza&place=Lyon").content.decode()
    assert explore.count("Pizza maker") == 1


def test_a_non_member_cannot_open_rename_or_delete_a_search(
    vocabulary: None, recruiter: Profile, organisation: Organisation, person: Profile
) -> None:
    search = saved(organisation, "Cooks")
    later(search, days=2)
    seen_at = CandidateSearch.objects.get(pk=search.pk).seen_at
    other_recruiter = make_person("otto", role="organisation", birth=None)
    make_organisation("garage", member=other_recruiter)
    for outsider in (person, other_recruiter):
        client = client_for(outsider)
        assert client.get(f"/me/organisation/searches/{search.pk}/").status_code == 404
        assert client.get(f"/me/organisation/searches/{search.pk}/rename/").status_code == 404
        renamed = client.post(f"/me/organisation/searches/{search.pk}/rename/", {"name": "Mine"})
        assert renamed.status_code == 404
        deleted = client.post(f"/me/organisation/searches/{search.pk}/delete/")
        assert deleted.status_code == 404
        assert "Cooks" not in client.get("/me/organisation/").content.decode()
    search.refresh_from_db()
    assert search.name == "Cooks" and search.seen_at == seen_at


def test_a_member_renames_then_deletes_a_search(
    vocabulary: None, recruiter: Profile, organisation: Organisation
) -> None:
    search = saved(organisation, "Cooks")
    client = client_for(recruiter)
    page = client.get(f"/me/organisation/searches/{search.pk}/rename/").content.decode()
    assert 'value="Cooks"' in page and "Delete the search" in page

    empty = client.post(f"/me/organisation/searches/{search.pk}/rename/", {"name": ""})
    assert "Give this search a name." in empty.content.decode()
    response = client.post(
        f"/me/organisation/searches/{search.pk}/rename/", {"name": "Bakers"}, follow=True
    )
    assert "Search renamed." in response.content.decode()
    assert ">Bakers</a>" in response.content.decode()

    assert client.get(f"/me/organisation/searches/{search.pk}/delete/").status_code == 405
    response = client.post(f"/me/organisation/searches/{search.pk}/delete/", follow=True)
    html = response.content.decode()
    assert "Search “Bakers” deleted." in html and "No saved search yet." in html
    assert not CandidateSearch.objects.exists()


# --- notifications -------------------------------------------------------------


def test_members_are_told_once_a_day_per_search(
    vocabulary: None, recruiter: Profile, organisation: Organisation, person: Profile
) -> None:
    colleague = make_person("cleo", role="organisation", birth=None)
    Membership.objects.create(organisation=organisation, user=colleague.user, role="recruiter")
    search = saved(organisation, "Cooks", tag="cooking")
    later(search)

    make_experience(person, Visibility.PUBLIC, tags=["cooking"], title="Pizza maker")
    make_experience(person, Visibility.PUBLIC, tags=["cooking"], title="Canteen help")
    make_experience(person, Visibility.PUBLIC, tags=["childcare"], title="Babysitting")
    for member in (recruiter, colleague):
        notes = candidate_notes(member)
        assert len(notes) == 1
        assert notes[0].title == "Cooks" and notes[0].title_language == "en"
        assert notes[0].url == f"/me/organisation/searches/{search.pk}/"
    assert candidate_notes(person) == []

    page = client_for(recruiter).get("/me/notifications/").content.decode()
    assert "New experiences for a saved search" in page and "Cooks" in page

    # Read today: still nothing more today.
    Notification.objects.update(read_at=timezone.now())
    make_experience(person, Visibility.PUBLIC, tags=["cooking"], title="Baker")
    assert len(candidate_notes(recruiter)) == 1

    # A day later, a new match is told again.
    Notification.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))
    make_experience(person, Visibility.PUBLIC, tags=["cooking"], title="Grill cook")
    assert len(candidate_notes(recruiter)) == 2


def test_an_unread_notification_holds_back_the_next_one(
    vocabulary: None, recruiter: Profile, organisation: Organisation, person: Profile
) -> None:
    search = saved(organisation, "Cooks", tag="cooking")
    later(search)
    make_experience(person, Visibility.PUBLIC, tags=["cooking"], title="Pizza maker")
    Notification.objects.update(created_at=timezone.now() - datetime.timedelta(days=3))
    make_experience(person, Visibility.PUBLIC, tags=["cooking"], title="Grill cook")
    assert len(candidate_notes(recruiter)) == 1


def test_opening_the_search_reads_its_notification(
    vocabulary: None, recruiter: Profile, organisation: Organisation, person: Profile
) -> None:
    search = saved(organisation, "Cooks", tag="cooking")
    later(search)
    make_experience(person, Visibility.PUBLIC, tags=["cooking"], title="Pizza maker")
    assert candidate_notes(recruiter)[0].read_at is None
    client_for(recruiter).get(f"/me/organisation/searches/{search.pk}/")
    assert candidate_notes(recruiter)[0].read_at is not None


def test_no_notification_for_what_the_member_may_not_see_or_already_saw(
    vocabulary: None, recruiter: Profile, organisation: Organisation, person: Profile
) -> None:
    search = saved(organisation, "Cooks", tag="cooking")
    later(search)
    minor = make_person("mina", birth=(timezone.localdate().year - 14, 1))
    make_experience(minor, Visibility.PRIVATE, tags=["cooking"], title="Cooking with grandma")
    make_experience(person, Visibility.ONLY_ME, tags=["cooking"], title="Secret")
    remote = Profile.objects.create(handle="zoe", domain="b.example")
    Follow.objects.create(
        follower=organisation.profile, followed=remote, state=FollowState.ACCEPTED
    )
    make_experience(remote, Visibility.FOLLOWERS, tags=["cooking"], title="Followers only")
    assert candidate_notes(recruiter) == []

    # Published before the organisation last looked: not new, no notification.
    old = make_experience(person, Visibility.PUBLIC, tags=["cooking"], title="Old job")
    Notification.objects.all().delete()
    published_long_ago(old)
    candidates.notify_new_experience(old)
    assert candidate_notes(recruiter) == []


def test_a_member_is_not_told_of_their_own_experience(
    vocabulary: None, recruiter: Profile, organisation: Organisation
) -> None:
    search = saved(organisation, "Cooks", tag="cooking")
    later(search)
    make_experience(recruiter, Visibility.PUBLIC, tags=["cooking"], title="My own job")
    assert candidate_notes(recruiter) == []


def test_a_member_of_two_organisations_chooses_which_one(
    vocabulary: None, recruiter: Profile, organisation: Organisation
) -> None:
    garage = make_organisation("garage", member=recruiter)
    client = client_for(recruiter)
    form = client.get("/me/organisation/searches/new/?q=mechanic").content.decode()
    assert "For which organisation" in form and "Bistro" in form and "Garage" in form
    client.post(
        "/me/organisation/searches/new/",
        {"name": "Mechanics", "organisation": garage.pk, "q": "mechanic"},
    )
    search = CandidateSearch.objects.get()
    assert search.organisation == garage and search.filters() == {"q": "mechanic"}
    mine = client.get("/me/organisation/").content.decode()
    garage_part = mine[mine.index(f'id="organisation-{garage.pk}"') :]
    bistro_part = mine[
        mine.index(f'id="organisation-{organisation.pk}"') : mine.index(
            f'id="organisation-{garage.pk}"'
        )
    ]
    assert "Mechanics" in garage_part and "Mechanics" not in bistro_part
