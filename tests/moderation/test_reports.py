"""Reporting through the pages: the link, the form, one open report, the hourly limit."""

from __future__ import annotations

import pytest
from django.test import Client

from moderation.models import Report
from moderation.reports import REPORTS_PER_HOUR
from tests.conftest import client_for, make_experience, make_person
from tests.moderation.helpers import act, make_staff, report_through_page

pytestmark = pytest.mark.django_db


def test_a_member_reports_an_experience_and_the_team_sees_it_escaped(person, member):
    experience = make_experience(person, what_i_did="<script>alert('x')</script>Dishes")
    page = client_for(member).get(
        experience.owner.get_absolute_url() + f"experiences/{experience.pk}/"
    )
    assert f"/report/experience/{experience.pk}/" in page.content.decode()
    own = client_for(person).get(person.get_absolute_url() + f"experiences/{experience.pk}/")
    assert "/report/" not in own.content.decode()

    answer = report_through_page(
        client_for(member), "experience", experience.pk, "harassment", "<b>mean</b>"
    )
    assert "the node&#x27;s team will look at your report" in answer.content.decode()
    report = Report.objects.get()
    assert (report.reporter, report.category, report.target_profile) == (
        member,
        "harassment",
        person,
    )

    queue = client_for(make_staff()).get("/moderation/").content.decode()
    assert "&lt;script&gt;alert" in queue and "<script>alert" not in queue
    assert "&lt;b&gt;mean&lt;/b&gt;" in queue


def test_the_same_thing_cannot_be_reported_twice_while_open(person, member):
    client = client_for(member)
    report_through_page(client, "profile", person.pk)
    again = report_through_page(client, "profile", person.pk)
    assert "You already reported this" in again.content.decode()
    assert Report.objects.count() == 1
    act(make_staff(), Report.objects.get(), "dismiss")
    report_through_page(client, "profile", person.pk)
    assert Report.objects.count() == 2  # the first one is closed: a new report is welcome


def test_reports_are_limited_per_hour(member):
    client = client_for(member)
    people = [make_person(f"p{i}") for i in range(REPORTS_PER_HOUR + 1)]
    for profile in people[:-1]:
        report_through_page(client, "profile", profile.pk)
    refused = report_through_page(client, "profile", people[-1].pk)
    assert "reports in the last hour" in refused.content.decode()
    assert Report.objects.count() == REPORTS_PER_HOUR


def test_one_cannot_report_oneself_nor_what_one_cannot_see(person, member):
    answer = report_through_page(client_for(person), "profile", person.pk)
    assert "cannot report your own" in answer.content.decode()
    private = make_experience(person, visibility=0)
    assert client_for(member).get(f"/report/experience/{private.pk}/").status_code == 404
    assert client_for(member).get("/report/nonsense/1/").status_code == 404
    assert Client().get(f"/report/profile/{person.pk}/").status_code == 302  # log in first
    assert not Report.objects.exists()


def test_after_reporting_one_goes_back_to_the_page_never_to_another_site(person, member):
    client = client_for(member)
    answer = client.post(
        f"/report/profile/{person.pk}/", {"category": "spam", "next": "https://evil.example/"}
    )
    assert answer.status_code == 302 and answer["Location"] == "/"


def test_the_queue_and_the_log_are_for_the_team_only(member):
    for url in ("/moderation/", "/moderation/log/", "/moderation/suspended/"):
        assert client_for(member).get(url).status_code == 302
        assert Client().get(url).status_code == 302


def test_the_queue_shows_twenty_reports_a_page_with_a_link_to_the_older_ones(person):
    for n in range(25):
        Report.objects.create(
            reporter_node="peer.example",
            category="spam",
            target_kind="profile",
            target_id=person.pk,
            target_profile=person,
            target_label=f"Report number {n:02d}",
            flag_uri=f"https://peer.example/flags/{n}",
        )
    staff = client_for(make_staff())
    first = staff.get("/moderation/").content.decode()
    assert first.count('class="card report"') == 20 and "Report number 24" in first
    assert 'rel="next" href="?page=2"' in first
    second = staff.get("/moderation/?page=2").content.decode()
    assert second.count('class="card report"') == 5 and "Report number 00" in second
    assert 'rel="next"' not in second
