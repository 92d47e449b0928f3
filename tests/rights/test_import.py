"""Importing the export of another node: published experiences, tags, visibility, words."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from profiles.models import Experience
from profiles.visibility import Visibility
from rights.export import export_data
from tests.conftest import client_for, make_experience, make_person

pytestmark = pytest.mark.django_db


def upload(data: object) -> SimpleUploadedFile:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return SimpleUploadedFile("export.json", raw, content_type="application/json")


@pytest.fixture
def export(vocabulary):
    lea = make_person("lea")
    make_experience(lea, tags=["cooking", "teamwork"])
    make_experience(lea, title="Camp leader", kind="volunteering", visibility=Visibility.FOLLOWERS)
    make_experience(lea, visibility=None, title="A draft")
    data = export_data(lea)
    data["profile"]["published"]["headline"] = "Cook in training"
    return data


def test_import_brings_published_experiences_with_tags_and_visibility(export):
    newlea = make_person("newlea")
    response = client_for(newlea).post("/me/import/", {"export": upload(export)})
    assert response.status_code == 302
    mine = Experience.objects.filter(owner=newlea).select_related("published")
    assert sorted(e.published.title for e in mine) == ["Camp leader", "Kitchen helper"]
    kitchen = mine.get(published__title="Kitchen helper")
    assert [t.text for t in kitchen.published.tags.all()] == ["cooking", "teamwork"]
    assert kitchen.visibility == Visibility.PUBLIC
    assert mine.get(published__title="Camp leader").visibility == Visibility.FOLLOWERS
    newlea.refresh_from_db()
    assert newlea.published.headline == "Cook in training"
    page = client_for(None).get("/@newlea/").content.decode()
    assert "Kitchen helper" in page


@pytest.mark.parametrize(
    "bad, message",
    [
        (b"not json", "not a Tremplin export"),
        ({"format": "something else"}, "not a Tremplin export"),
        ("too-long-title", "Experience 1 of the file cannot be imported"),
    ],
)
def test_a_bad_file_is_refused_and_nothing_is_stored(export, bad, message):
    if bad == "too-long-title":
        export["experiences"][0]["published"]["title"] = "x" * 500
        bad = export
    newlea = make_person("newlea")
    response = client_for(newlea).post("/me/import/", {"export": upload(bad)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Experience.objects.filter(owner=newlea).exists()
