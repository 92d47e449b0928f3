"""Comments under experiences and offers: who may write, who sees, what the owner can do."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone

from network import comments
from network.models import Comment, Notification, NotificationKind
from profiles import following
from profiles.models import CommentPolicy, CounsellorLink
from profiles.visibility import Visibility
from tests.conftest import client_for, make_experience, make_person
from tests.network.helpers import make_offer, make_organisation

pytestmark = pytest.mark.django_db


def minor(handle: str = "mia"):
    """A person of 17: a minor, past the age of digital consent (may publish publicly)."""
    today = timezone.localdate()
    return make_person(handle, birth=(today.year - 17, today.month))


def comment_texts(page: str) -> list[str]:
    section = page.split('<section id="comments"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<article class="comment[^"]*"[^>]*>(.*?)</article>', section, re.S)


def write(author, experience, text: str = "Bravo !", **extra):
    return client_for(author).post(
        f"/experiences/{experience.pk}/comments/", {"text": text, **extra}, follow=True
    )


def test_a_member_comments_under_an_experience_and_everyone_who_sees_it_reads_it(person, member):
    experience = make_experience(person)
    response = write(member, experience, "J'ai aimé ton R&D <script>alert(1)</script>")
    assert response.status_code == 200
    page = client_for(None).get(experience.get_absolute_url()).content.decode()
    [shown] = comment_texts(page)
    assert "J&#x27;ai aimé ton R&amp;D &lt;script&gt;" in shown  # escaped once, as text
    assert "&amp;#x27;" not in shown and "&amp;amp;" not in shown and "<script>" not in shown
    assert "Bob" in shown


def test_comments_are_not_shown_to_those_who_cannot_see_the_item(person, member):
    experience = make_experience(person, Visibility.MEMBERS)
    comments.post(member, experience, "Nice")
    assert client_for(None).get(experience.get_absolute_url()).status_code == 404
    assert list(comments.comments_for(None, experience)) == []
    assert comments.comments_for(member.user, experience).count() == 1


def test_a_minor_takes_comments_from_people_they_follow_and_their_counsellors_by_default(
    member, other_counsellor
):
    young = minor()
    experience = make_experience(young)
    assert young.effective_comment_policy() == CommentPolicy.FOLLOWING
    response = write(member, experience)
    assert "does not take comments from you" in response.content.decode()
    assert not Comment.objects.exists()
    following.follow(young, member)
    write(member, experience)
    assert Comment.objects.filter(author=member).count() == 1
    CounsellorLink.objects.create(person=young, counsellor=other_counsellor)
    write(other_counsellor, experience)
    assert Comment.objects.filter(author=other_counsellor).count() == 1


def test_an_adult_takes_comments_from_everyone_by_default_and_can_close_them(person, member):
    experience = make_experience(person)
    assert person.effective_comment_policy() == CommentPolicy.EVERYONE
    write(member, experience)
    assert Comment.objects.count() == 1
    response = client_for(person).post(
        "/me/settings/",
        {
            "default_visibility": Visibility.PUBLIC,
            "accepts_contact": "on",
            "comment_policy": CommentPolicy.NOBODY,
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.comment_policy == CommentPolicy.NOBODY
    page = write(member, experience, "Again").content.decode()
    assert "does not take comments from you" in page
    assert 'class="comment-form"' not in page
    assert Comment.objects.count() == 1


def test_node_members_policy_lets_members_in(person, member):
    person.comment_policy = CommentPolicy.MEMBERS
    person.save()
    experience = make_experience(person)
    write(member, experience)
    assert Comment.objects.count() == 1


def test_the_owner_hides_shows_and_deletes_and_no_one_else_can(person, member):
    experience = make_experience(person)
    comment = comments.post(member, experience, "Spam spam")
    third = make_person("zoe")
    for action in ("hide", "show", "delete"):
        assert client_for(third).post(f"/comments/{comment.pk}/{action}/").status_code == 403
    client_for(person).post(f"/comments/{comment.pk}/hide/")
    assert (
        comment_texts(client_for(third).get(experience.get_absolute_url()).content.decode()) == []
    )
    [own_view] = comment_texts(
        client_for(person).get(experience.get_absolute_url()).content.decode()
    )
    assert "Hidden: only you see it" in own_view
    client_for(person).post(f"/comments/{comment.pk}/show/")
    assert (
        len(comment_texts(client_for(third).get(experience.get_absolute_url()).content.decode()))
        == 1
    )
    client_for(person).post(f"/comments/{comment.pk}/delete/")
    assert not Comment.objects.exists()


def test_hiding_needs_a_post_with_the_csrf_token(person, member):
    experience = make_experience(person)
    comment = comments.post(member, experience, "Hello")
    assert client_for(person).get(f"/comments/{comment.pk}/hide/").status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(person.user)
    assert strict.post(f"/comments/{comment.pk}/hide/").status_code == 403
    comment.refresh_from_db()
    assert not comment.hidden


def test_the_owner_is_notified_once_per_item_while_unread(person, member):
    experience = make_experience(person)
    for text in ("one", "two", "three"):
        comments.post(member, experience, text)
    notification = Notification.objects.get(recipient=person, kind=NotificationKind.COMMENT)
    assert notification.count == 3
    assert notification.headline == "3 new comments"
    assert notification.url.endswith("#comments")


def test_comments_per_author_and_item_are_bounded(person, member, settings):
    settings.TREMPLIN_COMMENTS_PER_AUTHOR_ITEM_HOUR = 2
    experience = make_experience(person)
    comments.post(member, experience, "one")
    comments.post(member, experience, "two")
    with pytest.raises(comments.CommentRefused):
        comments.post(member, experience, "three")
    assert Comment.objects.count() == 2


def test_a_comment_has_a_bounded_length(person, member):
    experience = make_experience(person)
    page = write(member, experience, "x" * 3000).content.decode()
    assert not Comment.objects.exists()
    assert "at most" in page


def test_a_content_warning_folds_the_comment(person, member):
    experience = make_experience(person)
    write(member, experience, "The story", summary="Spoilers")
    [shown] = comment_texts(client_for(None).get(experience.get_absolute_url()).content.decode())
    # The warning is the commenter's words: it carries the comment's language.
    assert (
        '<details class="content-warning">'
        '<summary data-show="Show" data-hide="Hide"><span lang="en">Spoilers</span></summary>'
        in shown
    )


def test_an_organisation_chooses_who_comments_on_its_offers(member):
    organisation = make_organisation("acme")
    offer = make_offer(organisation)
    recruiter = organisation.memberships.get().user.profile
    response = client_for(member).post(f"/offers/{offer.pk}/comments/", {"text": "Interested!"})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.offer == offer
    page = client_for(None).get(f"/offers/{offer.pk}/").content.decode()
    assert len(comment_texts(page)) == 1
    assert Notification.objects.filter(recipient=recruiter).exists()
    assert client_for(recruiter).post(f"/comments/{comment.pk}/hide/").status_code == 302
    assert client_for(member).post(f"/comments/{comment.pk}/hide/").status_code == 403
    profile = organisation.profile
    profile.comment_policy = CommentPolicy.NOBODY
    profile.save()
    client_for(member).post(f"/offers/{offer.pk}/comments/", {"text": "Again"})
    assert Comment.objects.count() == 1
