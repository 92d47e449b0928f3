"""Avatars (and organisation logos, which are the same field): made safe on upload and
served only to those who may see the profile.

Every test goes through the real pages (upload form, the /media/ view, the actor
document); the images are made with Pillow, with the metadata a phone puts in them.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from profiles import publishing
from profiles.models import Profile
from profiles.visibility import Visibility
from tests.conftest import client_for, make_person
from tests.profiles.image_helpers import (
    GPS_IFD,
    STORED_NAME,
    assert_no_metadata,
    body,
    files_under,
    photo_with_gps,
    png_with_text_and_icc,
)

pytestmark = pytest.mark.django_db


def upload(profile: Profile, name: str, content: bytes, follow: bool = False):
    file = SimpleUploadedFile(name, content, content_type="image/jpeg")
    return client_for(profile).post(reverse("profiles:my-avatar"), {"avatar": file}, follow=follow)


def served(client: Client, profile: Profile):
    profile.refresh_from_db()
    return client.get(profile.avatar.url)


# --- on upload -----------------------------------------------------------------


def test_an_uploaded_photo_loses_its_metadata_and_its_name(person, settings):
    original = photo_with_gps()
    with Image.open(io.BytesIO(original)) as image:
        assert image.getexif().get_ifd(GPS_IFD)[1] == "N"  # the position is there
    upload(person, "holiday_at_grandma.jpg", original)
    person.refresh_from_db()
    assert STORED_NAME.match(person.avatar.name), person.avatar.name
    assert "holiday" not in person.avatar.name
    response = served(client_for(None), person)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    data = body(response)
    assert_no_metadata(data)
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (1024, 768)
    # Only the clean file is kept: the original never reaches the disk.
    assert [p.name for p in files_under(Path(settings.MEDIA_ROOT))] == [
        Path(person.avatar.name).name
    ]


def test_the_photo_is_turned_the_way_the_camera_said_then_the_tag_is_dropped(person):
    upload(person, "me.jpg", photo_with_gps(size=(40, 20), orientation=6))
    with Image.open(io.BytesIO(body(served(client_for(None), person)))) as image:
        assert image.size == (20, 40)
        assert len(image.getexif()) == 0


def test_png_text_chunks_and_colour_profiles_are_dropped_transparency_kept(person):
    upload(person, "logo.png", png_with_text_and_icc())
    data = body(served(client_for(None), person))
    assert_no_metadata(data)
    with Image.open(io.BytesIO(data)) as image:
        assert image.mode == "RGBA"


def test_a_text_file_named_jpg_is_refused_and_nothing_is_stored(person, settings):
    response = upload(person, "me.jpg", b"GPS 45.76N 4.84E, not a photo at all", follow=True)
    person.refresh_from_db()
    assert not person.avatar
    errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
    assert errors and "image" in errors[0]
    assert files_under(Path(settings.MEDIA_ROOT)) == []


def test_a_decompression_bomb_is_refused_before_its_pixels_are_decoded(person):
    """A few hundred bytes claiming 30000 x 30000 pixels (3.6 GB once decoded)."""
    buffer = io.BytesIO()
    Image.new("L", (8, 8)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    data[16:24] = struct.pack(">II", 30000, 30000)  # IHDR width and height
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    response = upload(person, "small.png", bytes(data), follow=True)
    person.refresh_from_db()
    assert not person.avatar
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_a_new_photo_replaces_the_old_file(person, settings, django_capture_on_commit_callbacks):
    upload(person, "one.jpg", photo_with_gps(size=(50, 50)))
    with django_capture_on_commit_callbacks(execute=True):
        upload(person, "two.jpg", photo_with_gps(size=(60, 60)))
    person.refresh_from_db()
    assert [p.name for p in files_under(Path(settings.MEDIA_ROOT))] == [
        Path(person.avatar.name).name
    ]


# --- who is served the file ----------------------------------------------------


def with_photo(profile: Profile, visibility: int) -> Profile:
    upload(profile, "me.jpg", photo_with_gps(size=(32, 32)))
    publishing.publish_profile(profile, visibility)
    profile.refresh_from_db()
    return profile


def test_a_members_only_profiles_photo_is_for_members_only(person, member):
    with_photo(person, Visibility.MEMBERS)
    anonymous = served(client_for(None), person)
    assert anonymous.status_code == 404
    seen = served(client_for(member), person)
    assert seen.status_code == 200
    assert "private" in seen["Cache-Control"] and "public" not in seen["Cache-Control"]
    assert body(seen)[:4] == b"RIFF"


def test_a_private_profiles_photo_is_for_its_owner_and_chosen_counsellors(
    person, member, counsellor, other_counsellor
):
    with_photo(person, Visibility.PRIVATE)
    assert served(client_for(None), person).status_code == 404
    assert served(client_for(member), person).status_code == 404
    assert served(client_for(other_counsellor), person).status_code == 404
    assert served(client_for(person), person).status_code == 200
    assert served(client_for(counsellor), person).status_code == 200


def test_a_public_photo_may_be_kept_by_shared_caches(person):
    with_photo(person, Visibility.PUBLIC)
    response = served(client_for(None), person)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]


def test_a_suspended_persons_photo_is_not_served(person, member):
    with_photo(person, Visibility.PUBLIC)
    Profile.objects.filter(pk=person.pk).update(suspended_at="2026-01-01T00:00Z")
    assert served(client_for(member), person).status_code == 404


def test_names_that_are_no_ones_photo_answer_404(person, client):
    with_photo(person, Visibility.PUBLIC)
    for path in ("/media/avatars/nobody.webp", "/media/avatars/../secret_key"):
        assert client.get(path).status_code == 404


def test_the_actor_document_shows_the_photo_of_a_public_profile_only(person, member):
    ap = {"HTTP_ACCEPT": "application/activity+json"}
    with_photo(person, Visibility.PUBLIC)
    document = client_for(None).get("/@alice/", **ap).json()
    icon = document["icon"]["url"]
    assert icon.endswith(person.avatar.url)
    assert client_for(None).get(person.avatar.url).status_code == 200
    with_photo(member, Visibility.MEMBERS)
    assert "icon" not in client_for(None).get("/@bob/", **ap).json()


def test_with_an_accelerated_proxy_the_view_only_says_where_the_file_is(person, settings):
    settings.TREMPLIN_MEDIA_ACCEL_REDIRECT = "/internal-media/"
    with_photo(person, Visibility.MEMBERS)
    response = served(client_for(person), person)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/internal-media/" + person.avatar.name
    assert response["Content-Type"] == "image/webp"
    assert "private" in response["Cache-Control"]
    assert body(response) == b""


def test_a_profile_not_yet_published_shows_its_photo_to_its_owner_only(db):
    young = make_person("zoe", birth=(2016, 1))  # under consent age: never published
    assert young.published_id is None
    upload(young, "me.jpg", photo_with_gps(size=(32, 32)))
    assert served(client_for(young), young).status_code == 200
    assert served(client_for(make_person("yann")), young).status_code == 404
