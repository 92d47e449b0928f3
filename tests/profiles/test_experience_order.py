"""A person's experiences read newest first by their dates, the same on every page and
every node: what they still do, then by end date, then by start date; undated drafts last."""

from __future__ import annotations

from django.urls import reverse

from profiles import publishing
from profiles.models import Experience, Profile
from profiles.visibility import Visibility
from tests.conftest import STORY, client_for, make_experience

# (title, start, end) in the order they must be shown, created here in another order.
EXPECTED = [
    ("Still coaching", (2021, 9), None),
    ("Still babysitting", (2019, 1), None),
    ("Summer 2023, late", (2023, 7), (2023, 9)),
    ("Summer 2023, short", (2023, 8), (2023, 8)),
    ("Summer 2023, early", (2023, 6), (2023, 8)),
    ("Market 2022", (2022, 3), (2022, 4)),
]


def dated(owner: Profile, visibility: int | None = Visibility.PUBLIC) -> None:
    for index in (3, 5, 0, 4, 2, 1):  # neither in date order nor its reverse
        title, start, end = EXPECTED[index]
        make_experience(
            owner,
            visibility,
            title=title,
            start_year=start[0],
            start_month=start[1],
            end_year=end[0] if end else None,
            end_month=end[1] if end else None,
        )


def titles_in(page: str) -> list[str]:
    wanted = [title for title, _start, _end in EXPECTED] + ["Undated idea"]
    found = sorted((page.find(t), t) for t in wanted if t in page)
    return [title for _position, title in found]


def test_by_date_orders_ongoing_then_end_then_start(person, vocabulary):
    dated(person)
    order = [str(e) for e in Experience.objects.filter(owner=person).by_date()]
    assert order == [title for title, _start, _end in EXPECTED]


def test_the_profile_page_lists_experiences_by_date(person, vocabulary):
    dated(person)
    page = client_for(None).get(person.get_absolute_url()).content.decode()
    assert titles_in(page) == [title for title, _start, _end in EXPECTED]


def test_my_experiences_lists_drafts_by_their_own_dates_and_undated_ones_last(person, vocabulary):
    empty = {name: None for name in ("start_year", "start_month", "end_year", "end_month")}
    publishing.save_experience_draft(person, None, {**STORY, **empty, "title": "Undated idea"}, [])
    dated(person, visibility=None)
    page = client_for(person).get(reverse("profiles:my-experiences")).content.decode()
    assert titles_in(page) == [title for title, _start, _end in EXPECTED] + ["Undated idea"]


def test_a_draft_with_new_dates_moves_in_my_experiences(person, vocabulary):
    dated(person)
    market = Experience.objects.get(published__title="Market 2022")
    publishing.save_experience_draft(
        person, market, {**STORY, "title": "Market 2022", "end_year": 2024, "end_month": 1}, []
    )
    order = [
        e.draft.title if e.draft else e.published.title
        for e in Experience.objects.filter(owner=person).by_date("current")
    ]
    assert order[2] == "Market 2022"
    # Others still see the published dates until it is published again.
    assert [str(e) for e in Experience.objects.filter(owner=person).by_date()][-1] == (
        "Market 2022"
    )


def test_another_nodes_person_is_shown_in_the_same_order(member, vocabulary):
    remote = Profile.objects.create(
        handle="rosa",
        domain="other.example",
        url="https://other.example/@rosa",
        visibility=Visibility.PUBLIC,
    )
    publishing.save_profile_draft(
        remote,
        {
            "display_name": "Rosa",
            "headline": "",
            "about": "",
            "territory": "",
            "languages_spoken": [],
            "language": "en",
        },
    )
    publishing.publish_profile(remote, Visibility.PUBLIC)
    dated(remote)
    page = client_for(member).get(remote.get_absolute_url()).content.decode()
    assert titles_in(page) == [title for title, _start, _end in EXPECTED]
