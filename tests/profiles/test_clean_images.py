"""`tremplin clean_images`: photos and logos stored before uploads were cleaned are
rewritten the same way, renamed, and the old files deleted."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from profiles.models import Profile
from tests.conftest import client_for
from tests.profiles.image_helpers import (
    STORED_NAME,
    assert_no_metadata,
    body,
    files_under,
    photo_with_gps,
)

pytestmark = pytest.mark.django_db


def stored_as_before(profile: Profile, name: str, content: bytes, media: Path) -> Path:
    """A file as the old upload kept it: original name, every byte of the original."""
    path = media / "avatars" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    Profile.objects.filter(pk=profile.pk).update(avatar=f"avatars/{name}")
    return path


@pytest.fixture
def clean_images(django_capture_on_commit_callbacks):
    """Run the command; old files are deleted after commit, as in production."""

    def run() -> str:
        out = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("clean_images", stdout=out)
        return out.getvalue()

    return run


def test_an_old_photo_is_rewritten_renamed_and_the_original_deleted(person, settings, clean_images):
    media = Path(settings.MEDIA_ROOT)
    old = stored_as_before(person, "IMG_2041_home.jpg", photo_with_gps(), media)
    person.refresh_from_db()
    # Until it is cleaned, a file with its GPS position is served to no one.
    assert client_for(person).get(person.avatar.url).status_code == 404
    assert "1 cleaned" in clean_images()
    person.refresh_from_db()
    assert STORED_NAME.match(person.avatar.name)
    assert not old.exists()
    response = client_for(None).get(person.avatar.url)
    assert response.status_code == 200
    assert_no_metadata(body(response))
    assert [p.name for p in files_under(media)] == [Path(person.avatar.name).name]


def test_cleaning_twice_changes_nothing_the_second_time(person, settings, clean_images):
    stored_as_before(person, "me.jpg", photo_with_gps(size=(64, 64)), Path(settings.MEDIA_ROOT))
    clean_images()
    person.refresh_from_db()
    name = person.avatar.name
    assert "0 cleaned, 1 already clean" in clean_images()
    person.refresh_from_db()
    assert person.avatar.name == name


def test_a_stored_file_that_is_not_an_image_is_removed(person, settings, clean_images):
    old = stored_as_before(person, "me.png", b"<?php echo 1; ?>", Path(settings.MEDIA_ROOT))
    assert "1 removed" in clean_images()
    person.refresh_from_db()
    assert not person.avatar
    assert not old.exists()


def test_old_files_no_profile_points_to_are_deleted(person, settings, clean_images):
    orphan = Path(settings.MEDIA_ROOT) / "avatars" / "left_behind.jpg"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(photo_with_gps(size=(8, 8)))
    an_hour_ago = time.time() - 3700
    os.utime(orphan, (an_hour_ago, an_hour_ago))
    just_written = orphan.with_name("being_uploaded.webp")
    just_written.write_bytes(b"RIFF")
    assert "1 orphan file deleted" in clean_images()
    assert not orphan.exists()
    assert just_written.exists()  # may belong to an upload still in progress
