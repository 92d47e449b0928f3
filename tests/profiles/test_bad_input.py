"""Bad input gets a clear message and changes nothing; hostile HTML is shown as text."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from profiles.models import Experience, ExperienceRevision, ExperienceTag
from profiles.visibility import Visibility
from tests.conftest import STORY, client_for, make_experience

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def form_data(**changes):
    data = {**STORY, "tags": "cooking", **changes}
    return {k: ("" if v is None else v) for k, v in data.items()}


@pytest.mark.parametrize("button", ["save", "publish"])
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "x" * 121}, "title"),
        ({"kind": "astronaut"}, "kind"),
        ({"start_month": 13}, "start_month"),
        ({"start_year": "abc"}, "start_year"),
        ({"end_year": 2020}, "end_year"),
        ({"start_year": 2099}, "start_year"),
        ({"what_i_did": "x" * 3001}, "what_i_did"),
        ({"language": "klingon"}, "language"),
        ({"tags": "t" * 61}, "tags"),
        ({"tags": ",".join(f"tag{i}" for i in range(16))}, "tags"),
        ({"title": "null\x00byte"}, "title"),
    ],
)
def test_an_invalid_experience_is_refused_with_a_message_and_nothing_is_saved(
    person, vocabulary, changes, field, button
):
    client = client_for(person)
    response = client.post(
        reverse("profiles:experience-new"), {**form_data(**changes), button: "1"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert b'class="errorlist' in response.content
    assert b'class="error-summary"' in response.content
    assert Experience.objects.count() == 0
    assert ExperienceRevision.objects.count() == 0
    assert ExperienceTag.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"kind": ""}, "kind"),
        ({"start_month": ""}, "start_month"),
        ({"start_year": ""}, "start_year"),
        ({"end_year": "", "end_month": ""}, "end_year"),
        ({"what_i_did": ""}, "what_i_did"),
    ],
)
def test_what_publishing_needs_is_asked_only_to_publish(person, vocabulary, changes, field):
    client = client_for(person)
    data = {**form_data(**changes), "visibility": Visibility.PUBLIC}
    if field != "what_i_did":
        data["motivation"] = ""  # the story is there, in what_i_did
    else:
        data["title"] = "Kitchen helper"
    response = client.post(reverse("profiles:experience-new"), {**data, "publish": "1"})
    assert response.status_code == 200
    assert response.context["form"].errors.get(field), response.context["form"].errors
    summary = response.content.decode().split('class="error-summary"')[1].split("</div>")[0]
    assert f'href="#id_{field}"' in summary
    experience = Experience.objects.get()
    assert experience.published is None and experience.draft is not None
    # The same words, saved as a draft: no question asked.
    response = client.post(
        reverse("profiles:experience-edit", args=[experience.pk]), {**data, "save": "1"}
    )
    assert response.status_code == 302
    assert Experience.objects.count() == 1


def test_a_failed_edit_leaves_the_draft_as_it_was(person, vocabulary):
    experience = make_experience(person, visibility=None, title="Kept title")
    client_for(person).post(
        reverse("profiles:experience-edit", args=[experience.pk]),
        form_data(start_month=13, tags="new tag"),
    )
    experience.refresh_from_db()
    assert experience.draft.title == "Kept title"
    assert [t.text for t in experience.draft.tags.all()] == ["cooking"]


def test_hostile_html_in_every_text_field_is_shown_as_text(person, vocabulary):
    fields = [
        "title",
        "organisation",
        "place",
        "what_i_did",
        "responsibilities",
        "motivation",
        "learned",
    ]
    experience = make_experience(
        person, Visibility.PUBLIC, tags=[HOSTILE[:60]], **{name: HOSTILE[:120] for name in fields}
    )
    for url in [
        experience.get_absolute_url(),
        person.get_absolute_url(),
        reverse("profiles:browse"),
        "/",
    ]:
        body = client_for(None).get(url).content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body, url
        assert "&lt;script&gt;" in body, url


def test_hostile_html_in_the_profile_is_shown_as_text(person, member):
    client = client_for(person)
    client.post(
        reverse("profiles:my-profile"),
        {
            "display_name": HOSTILE[:80],
            "headline": HOSTILE,
            "about": HOSTILE,
            "territory": HOSTILE[:100],
            "language": "en",
        },
    )
    client.post(reverse("profiles:my-profile-publish"), {"visibility": Visibility.PUBLIC})
    body = client_for(member).get(person.get_absolute_url()).content.decode()
    assert "<script>alert" not in body and "&lt;script&gt;" in body


def image_bytes(fmt: str, size=(64, 64)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, fmt)
    return buffer.getvalue()


def test_a_real_photo_is_accepted(person):
    upload = SimpleUploadedFile("me.png", image_bytes("PNG"), content_type="image/png")
    client_for(person).post(reverse("profiles:my-avatar"), {"avatar": upload})
    person.refresh_from_db()
    assert person.avatar.name.startswith("avatars/")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("me.png", b"<?php echo 'not an image'; ?>"),
        ("me.jpg", b"GIF89a" + b"\x00" * 10),
        ("me.tiff", image_bytes("TIFF")),
        ("big.png", image_bytes("PNG", size=(6001, 10))),
    ],
)
def test_a_file_that_is_not_an_acceptable_photo_is_refused(person, name, content):
    upload = SimpleUploadedFile(name, content, content_type="image/png")
    response = client_for(person).post(
        reverse("profiles:my-avatar"), {"avatar": upload}, follow=True
    )
    person.refresh_from_db()
    assert not person.avatar
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_browse_and_api_filters_refuse_nonsense_cleanly(client, db):
    assert client.get(reverse("profiles:api-experiences"), {"kind": "<script>"}).status_code == 400
    assert client.get(reverse("profiles:browse"), {"kind": "nope", "page": "-4"}).status_code == 200
    assert client.get(reverse("profiles:browse"), {"q": "a" * 5000}).status_code == 200
    assert client.get(reverse("profiles:tag", kwargs={"slug": "no-such-tag"})).status_code == 404
