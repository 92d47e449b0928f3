"""Photos of people and logos of organisations (both are `Profile.avatar`): made safe to
keep, replaced, and shown only to those who may see the profile.

Why: a phone's photo carries the camera, the date and often the GPS position of the
young person's home; its file name can carry their name. So nothing of the uploaded
file is kept but its pixels: they are decoded, turned upright, brought into sRGB,
shrunk, and encoded anew as WebP under a random name. A file Pillow cannot decode is
refused. The upload form and `tremplin clean_images` both go through `safe_image`.
"""

from __future__ import annotations

import io
import logging
import re
import secrets
from typing import IO, Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps

from profiles.acting import acting_profiles
from profiles.models import Profile

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
# Checked before any pixel is decoded: 36 megapixels at most (decompression bombs).
MAX_SOURCE_SIDE = 6000
# What is kept: enough for a profile page on a sharp screen.
MAX_SIDE = 1024
WEBP_QUALITY = 85
FOLDER = "avatars/"
CLEAN_NAME = re.compile(r"^avatars/[0-9a-f]{32}\.webp$")
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def safe_image(source: IO[bytes]) -> ContentFile:
    """A new WebP file with only the pixels of `source`, under a random name.

    Raises ValidationError (with a message for the person) when `source` is too big,
    not one of the accepted formats, or not an image at all.
    """
    source.seek(0)
    data = source.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(_("This photo is too big: 2 MB at most."))
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError(_("Send a JPEG, PNG or WebP photo."))
            width, height = image.size
            if width > MAX_SOURCE_SIDE or height > MAX_SOURCE_SIDE:
                raise ValidationError(
                    _("This photo is too large: 6000 pixels wide or high at most.")
                )
            pixels = _upright_srgb_pixels(image)
    except ValidationError:
        raise
    except Exception as error:  # Anything a hostile file makes a decoder raise.
        logger.info("image refused: %r", error)
        raise ValidationError(_("This file is not an image.")) from error
    buffer = io.BytesIO()
    pixels.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
    return ContentFile(buffer.getvalue(), name=f"{secrets.token_hex(16)}.webp")


def _upright_srgb_pixels(image: Image.Image) -> Image.Image:
    """The first frame, turned as its EXIF orientation says, in sRGB, at most MAX_SIDE,
    in a new image that carries no metadata at all."""
    image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # JPEG: decode at a reduced scale
    upright = ImageOps.exif_transpose(image)
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
    mode = "RGBA" if has_alpha else "RGB"
    converted = _to_srgb(upright, mode)
    converted.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    return Image.frombytes(mode, converted.size, converted.tobytes())


def _to_srgb(image: Image.Image, mode: str) -> Image.Image:
    """Colours as the embedded profile meant them, since the profile itself is dropped."""
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(image, source, _SRGB, outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: keep the colours as they are
    return image.convert(mode)


def is_clean(name: str, data: bytes) -> bool:
    """Whether a stored file is already what `safe_image` makes (for idempotent cleaning)."""
    if not CLEAN_NAME.match(name):
        return False
    try:
        with Image.open(io.BytesIO(data)) as image:
            return (
                image.format == "WEBP"
                and max(image.size) <= MAX_SIDE
                and not {"exif", "xmp", "icc_profile"} & set(image.info)
            )
    except Exception:
        return False


def replace_avatar(profile: Profile, image: ContentFile | None) -> None:
    """Store `image` (made by `safe_image`) as the profile's avatar, or remove it (None);
    the previous file is deleted once the change is committed."""
    old = profile.avatar.name if profile.avatar else None
    storage = profile.avatar.storage
    if image is None:
        profile.avatar = ""
    else:
        profile.avatar.save(image.name, image, save=False)
    profile.save(update_fields=["avatar"])
    if old and old != profile.avatar.name:
        transaction.on_commit(lambda: storage.delete(old))


def avatar_shown_to(user: Any, name: str) -> Profile | None:
    """The profile whose avatar is stored as `name`, if `user` may see that profile
    (profiles.permissions decides) or acts as it (its owner, an organisation's members
    even before anything is published)."""
    if not name:
        return None
    seen = Profile.objects.visible_to(user).filter(avatar=name).first()
    if seen is not None:
        return seen
    return next((p for p in acting_profiles(user) if p.avatar.name == name), None)


def shown_to_everyone(profile: Profile) -> bool:
    return Profile.objects.visible_to(AnonymousUser()).filter(pk=profile.pk).exists()
