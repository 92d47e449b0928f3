"""`tremplin clean_images`: photos and logos stored before uploads were cleaned, made
safe the same way (profiles.avatars.safe_image), renamed, and the old files deleted.

Run it once after upgrading; running it again changes nothing. A stored file that is
not an image is removed from its profile. Files no profile points to are deleted once
they are an hour old (a younger one may belong to an upload still being saved).
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from profiles import avatars, publishing
from profiles.models import Profile

ORPHAN_AGE = datetime.timedelta(hours=1)


class Command(BaseCommand):
    help = "Re-encode stored photos and logos without metadata, under random names."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = {"cleaned": 0, "already clean": 0, "removed": 0}
        for pk in Profile.objects.exclude(avatar="").values_list("pk", flat=True):
            counts[_clean_one(pk)] += 1
        orphans = _delete_orphans(Profile._meta.get_field("avatar").storage)
        self.stdout.write(
            ", ".join(f"{n} {what}" for what, n in counts.items())
            + f", {orphans} orphan file{'' if orphans == 1 else 's'} deleted"
        )


@transaction.atomic
def _clean_one(pk: int) -> str:
    """Clean one profile's avatar; locked, so an upload at the same moment is not undone."""
    profile = Profile.objects.select_for_update().get(pk=pk)
    name = profile.avatar.name
    try:
        with profile.avatar.open("rb") as file:
            data = file.read()
    except OSError:
        data = b""
    if data and avatars.is_clean(name, data):
        return "already clean"
    try:
        image = avatars.safe_image(io.BytesIO(data))
    except ValidationError:
        image = None
    avatars.replace_avatar(profile, image)
    publishing.profile_changed(profile)
    return "removed" if image is None else "cleaned"


def _delete_orphans(storage: Storage) -> int:
    folder = avatars.FOLDER.rstrip("/")
    if not storage.exists(folder):
        return 0
    kept = set(Profile.objects.exclude(avatar="").values_list("avatar", flat=True))
    too_young = timezone.now() - ORPHAN_AGE
    deleted = 0
    for file_name in storage.listdir(folder)[1]:
        name = f"{folder}/{file_name}"
        if name not in kept and storage.get_modified_time(name) < too_young:
            storage.delete(name)
            deleted += 1
    return deleted
