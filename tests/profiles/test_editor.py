"""The experience editor as a young person lives it: one form, drafts that save with
anything in them, publishing that asks for what is missing and never loses a word."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from profiles import story_examples
from profiles.models import Concept, Experience, ExperienceKind
from profiles.visibility import Visibility
from profiles.vocabulary.loader import sync_vocabulary
from tests.conftest import PASSWORD, STORY, client_for, make_experience, make_person

NEW = "profiles:experience-new"


def form_data(**changes):
    data = {**STORY, "tags": "", **changes}
    return {k: ("" if v is None else v) for k, v in data.items()}


def value_of(page: str, name: str) -> str:
    """The value a text input or textarea shows in the page."""
    found = re.search(rf'<textarea name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    if found:
        return unescape(found.group(1)).strip()
    found = re.search(rf'<input type="text" name="{name}" value="([^"]*)"', page)
    return unescape(found.group(1)) if found else ""


# --- drafts ---------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [{"title": "Babysitting"}, {"what_i_did": "I looked after my neighbour's kids."}],
)
def test_a_draft_saves_with_only_a_title_or_one_line_of_story(person, vocabulary, typed):
    empty = {name: "" for name in STORY} | {"language": "en"}
    response = client_for(person).post(reverse(NEW), {**empty, **typed, "save": "1"})
    assert response.status_code == 302
    draft = Experience.objects.get(owner=person).draft
    assert all(getattr(draft, name) == value for name, value in typed.items())
    assert draft.start_year is None and draft.kind == ""


def test_an_empty_form_is_refused_with_a_clear_message(person, vocabulary):
    empty = {name: "" for name in STORY} | {"language": "en", "save": "1"}
    response = client_for(person).post(reverse(NEW), empty)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in page
    assert "a title or one line of your story is enough" in page
    assert not Experience.objects.exists()


def test_a_draft_without_a_title_is_named_by_its_story_in_my_experiences(person, vocabulary):
    client = client_for(person)
    empty = {name: "" for name in STORY} | {"language": "en"}
    client.post(reverse(NEW), {**empty, "what_i_did": "I fed the neighbour's cats all summer"})
    page = client.get(reverse("profiles:my-experiences")).content.decode()
    assert "I fed the neighbour&#x27;s cats all summer" in page


# --- publishing from the one form ------------------------------------------


def test_the_edit_page_has_one_form_with_save_publish_and_who_can_see_it(person, vocabulary):
    experience = make_experience(person, visibility=None)
    page = client_for(person).get(reverse("profiles:experience-edit", args=[experience.pk]))
    text = page.content.decode()
    form = text.split('id="experience-form"')[1].split("</form>")[0]
    assert ">Save draft</button>" in form and ">Publish</button>" in form
    assert "<legend>Who can see it</legend>" in form
    radios = re.findall(r'type="radio" name="visibility" value="(-?\d)"', form)
    assert sorted(int(v) for v in radios) == sorted(Visibility.values)
    # The radios sit right before the Publish button, after "Save draft".
    assert form.index(">Save draft<") < form.index('name="visibility"') < form.index(">Publish<")
    assert "Everyone, including people not logged in and employers on other sites." in form
    assert "Only you and the counsellors you chose." in form
    # No second form publishing without the words on screen.
    assert reverse("profiles:experience-publish", args=[experience.pk]) not in text
    assert "Save and publish" not in text


def test_publish_with_an_error_keeps_every_word_and_saves_the_draft(person, vocabulary):
    typed = form_data(
        title="Camp leader",
        start_month="",  # missing: publishing needs it
        what_i_did="I led games for twenty children.",
        learned="I learned to speak in front of a group.",
        organisation="Centre aéré",
        visibility=Visibility.PUBLIC,
    )
    response = client_for(person).post(reverse(NEW), {**typed, "publish": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert 'href="#id_start_month"' in summary and "month it started" in summary
    assert value_of(page, "title") == "Camp leader"
    assert value_of(page, "organisation") == "Centre aéré"
    assert value_of(page, "what_i_did") == "I led games for twenty children."
    assert value_of(page, "learned") == "I learned to speak in front of a group."
    assert re.search(r'value="3"[^>]*checked', page), "the chosen visibility is not kept"
    experience = Experience.objects.get(owner=person)
    assert experience.published is None
    assert experience.draft.title == "Camp leader"
    assert experience.draft.learned == "I learned to speak in front of a group."
    assert experience.visibility == Visibility.PUBLIC
    # The form now posts to the saved draft: fixing and publishing makes no second one.
    action = reverse("profiles:experience-edit", args=[experience.pk])
    assert f'action="{action}"' in page
    response = client_for(person).post(action, {**typed, "start_month": 7, "publish": "1"})
    assert response.status_code == 302
    experience.refresh_from_db()
    assert Experience.objects.count() == 1
    assert experience.published.start_month == 7 and experience.visibility == Visibility.PUBLIC


def test_publish_saves_the_typed_text_and_publishes_it_for_the_people_chosen(
    person, member, vocabulary
):
    experience = make_experience(person, visibility=None, title="Old words")
    url = reverse("profiles:experience-edit", args=[experience.pk])
    data = form_data(title="New words", visibility=Visibility.MEMBERS, publish="1")
    response = client_for(person).post(url, data)
    assert response.status_code == 302 and response.url == experience.get_absolute_url()
    experience.refresh_from_db()
    assert experience.published.title == "New words"
    assert experience.visibility == Visibility.MEMBERS
    assert b"New words" in client_for(member).get(experience.get_absolute_url()).content
    assert client_for(None).get(experience.get_absolute_url()).status_code == 404


def test_publishing_without_choosing_who_sees_it_asks_and_keeps_the_draft(person, vocabulary):
    response = client_for(person).post(reverse(NEW), {**form_data(), "publish": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_visibility"' in page
    assert Experience.objects.get().draft.title == STORY["title"]


def test_save_draft_on_a_published_experience_does_not_change_who_sees_it(
    person, member, vocabulary
):
    experience = make_experience(person, Visibility.MEMBERS)
    url = reverse("profiles:experience-edit", args=[experience.pk])
    client_for(person).post(url, form_data(title="Changed", visibility=Visibility.PUBLIC, save="1"))
    experience.refresh_from_db()
    assert experience.visibility == Visibility.MEMBERS
    assert client_for(None).get(experience.get_absolute_url()).status_code == 404
    # The choice is remembered on the draft, for when it is published.
    page = client_for(person).get(url).content.decode()
    assert re.search(r'value="3"[^>]*checked', page)


def test_publishing_unchanged_words_only_changes_who_sees_them(person, vocabulary):
    experience = make_experience(person, Visibility.MEMBERS, tags=["cooking"])
    url = reverse("profiles:experience-edit", args=[experience.pk])
    data = form_data(tags="cooking", visibility=Visibility.PUBLIC, publish="1")
    client_for(person).post(url, data)
    experience.refresh_from_db()
    assert experience.visibility == Visibility.PUBLIC
    assert experience.revisions.count() == 1


# --- suggestions ---------------------------------------------------------


@pytest.fixture
def shipped_vocabulary(db):
    sync_vocabulary()


def test_an_error_never_shows_the_whole_vocabulary(person, shipped_vocabulary):
    assert Concept.objects.count() > 100
    story = (
        "Cooking, baking, dishwashing, sales, customer service, cash handling, shelf stocking, "
        "catering, pizza making, childcare, tutoring, fundraising, carpentry and plumbing."
    )
    data = form_data(what_i_did=story, start_month=13)
    response = client_for(person).post(reverse(NEW), data)
    assert response.status_code == 200
    choices = response.context["form"].fields["suggested"].choices
    assert len(choices) == 8
    assert response.content.decode().count('name="suggested"') == len(choices)


def test_suggestions_on_error_come_from_the_text_just_typed(person, vocabulary):
    data = form_data(what_i_did="I did babysitting for two kids.", start_month=13)
    response = client_for(person).post(reverse(NEW), data)
    slugs = [slug for slug, _label in response.context["form"].fields["suggested"].choices]
    assert slugs == ["childcare"]


def test_a_ticked_suggestion_is_kept_even_when_no_longer_suggested(person, vocabulary):
    # "childcare" was suggested for an earlier story; the story changed since.
    data = form_data(what_i_did="I washed dishes.", start_month=13, suggested=["childcare"])
    response = client_for(person).post(reverse(NEW), data)
    page = response.content.decode()
    assert re.search(r'name="suggested" value="childcare"[^>]*checked', page)
    response = client_for(person).post(reverse(NEW), {**data, "start_month": 7})
    assert response.status_code == 302
    tags = [tag.concept.slug for tag in Experience.objects.get().draft.tags.all()]
    assert tags == ["childcare"]


def test_a_suggestion_outside_the_vocabulary_is_refused(person, vocabulary):
    response = client_for(person).post(reverse(NEW), form_data(suggested=["not-a-concept"]))
    assert response.status_code == 200
    assert response.context["form"].errors.get("suggested")
    assert not Experience.objects.exists()


# --- a session that expired mid-story -----------------------------------------


def test_a_story_posted_after_the_session_expired_comes_back_after_logging_in(vocabulary):
    person = make_person("alice")
    client = Client(enforce_csrf_checks=True)
    client.force_login(person.user)
    page = client.get(reverse(NEW))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    Session.objects.all().delete()  # the session expires while the story is written

    story = "I trained the youngest players every Saturday."
    data = form_data(title="Assistant coach", what_i_did=story, kind="sport", publish="1")
    data["csrfmiddlewaretoken"] = token
    data["is_admin"] = "yes"  # not a field of the form: never kept
    response = client.post(reverse(NEW), data)
    assert response.status_code == 302, "an expired session must not fail the CSRF check"
    assert response.url == f"{reverse('login')}?next={reverse(NEW)}"
    assert not Experience.objects.exists()

    login_page = client.get(response.url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page)[1]
    response = client.post(
        response.url,
        {"username": "alice", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302 and response.url == reverse(NEW)
    page = client.get(reverse(NEW)).content.decode()
    assert "We kept what you wrote: check it and save." in page
    assert value_of(page, "title") == "Assistant coach"
    assert value_of(page, "what_i_did") == story
    assert '<option value="sport" selected>' in page
    assert not Experience.objects.filter(owner=person).exists()  # nothing saved unseen
    assert "is_admin" not in str(dict(client.session))
    # Given back once.
    assert "We kept what you wrote" not in client.get(reverse(NEW)).content.decode()


def test_kept_words_are_bounded(vocabulary):
    make_person("alice")
    client = Client()
    response = client.post(reverse(NEW), form_data(what_i_did="x" * 100_000))
    assert response.status_code == 302
    kept = client.session["kept_experience"]["data"]
    assert len(kept["what_i_did"]) == 3000


# --- examples matched to the kind ------------------------------------------


def test_every_kind_has_an_example_for_every_story_part():
    for kind in [*ExperienceKind.values, ""]:
        examples = story_examples.examples_for(kind)
        assert set(examples) == {"what_i_did", "responsibilities", "motivation", "learned"}
        assert all(text.startswith("For example: ") for text in examples.values())


def test_the_story_hints_are_the_examples_of_the_saved_kind(person, vocabulary):
    experience = make_experience(person, visibility=None, kind="sport")
    page = client_for(person).get(reverse("profiles:experience-edit", args=[experience.pk]))
    text = page.content.decode()
    sport = story_examples.examples_for("sport")["what_i_did"]
    assert sport in text
    assert re.search(
        r'<textarea name="what_i_did"[^>]*aria-describedby="id_what_i_did_helptext"', text
    )
    assert "data-examples=" in text and "story-examples.js" in text


def test_a_new_form_shows_the_general_examples_and_an_error_those_of_the_kind_posted(
    person, vocabulary
):
    page = client_for(person).get(reverse(NEW)).content.decode()
    assert story_examples.examples_for("")["learned"] in page
    response = client_for(person).post(reverse(NEW), form_data(kind="family", start_month=13))
    assert story_examples.examples_for("family")["learned"] in response.content.decode()


# --- who can see it, said plainly ------------------------------------------


def test_badges_say_who_can_see_it_never_published_when_only_counsellors_do(person, vocabulary):
    private = make_experience(person, Visibility.PRIVATE, title="Private one")
    make_experience(person, Visibility.PUBLIC, title="Public one")
    client = client_for(person)
    listing = client.get(reverse("profiles:my-experiences")).content.decode()
    assert "published" not in listing.lower().split("<main")[-1]
    assert "Who can see it: You and your counsellors" in listing
    assert "Who can see it: Everyone" in listing
    editor = client.get(reverse("profiles:experience-edit", args=[private.pk])).content.decode()
    assert "Who can see it: You and your counsellors" in editor


@pytest.mark.parametrize(
    ("visibility", "said"),
    [
        (Visibility.ONLY_ME, "Saved. Only you can see it."),
        (Visibility.PRIVATE, "Saved. Only you and your counsellors can see it."),
    ],
)
def test_publish_for_only_me_or_my_counsellors_never_says_published(
    person, vocabulary, visibility, said
):
    experience = make_experience(person, visibility=None, title="Bakery helper")
    url = reverse("profiles:experience-edit", args=[experience.pk])
    client = client_for(person)
    response = client.post(url, form_data(visibility=visibility, publish="1"), follow=True)
    page = response.content.decode()
    assert said in page
    assert "published" not in page.lower().split("<main")[-1]
    experience.refresh_from_db()
    assert experience.visibility == visibility
