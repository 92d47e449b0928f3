"""Images as phones and editors make them, and checks that nothing but pixels is left."""

from __future__ import annotations

import io
import re
from pathlib import Path

from PIL import Image, ImageCms, PngImagePlugin

STORED_NAME = re.compile(r"^avatars/[0-9a-f]{32}\.webp$")
GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F


def photo_with_gps(size: tuple[int, int] = (1600, 1200), orientation: int = 1) -> bytes:
    """A JPEG as a phone writes it: camera make, orientation, a GPS position."""
    exif = Image.Exif()
    exif[MAKE] = "PhoneCam"
    exif[ORIENTATION] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (45.0, 45.0, 36.0)
    gps[3] = "E"
    gps[4] = (4.0, 50.0, 24.0)
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "JPEG", exif=exif, comment=b"at home")
    return buffer.getvalue()


def png_with_text_and_icc() -> bytes:
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "12 rue des Lilas, Lyon")
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    Image.new("RGBA", (300, 200), (10, 20, 30, 128)).save(
        buffer, "PNG", pnginfo=text, icc_profile=icc
    )
    return buffer.getvalue()


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_no_metadata(data: bytes) -> None:
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "WEBP"
        assert not ({"exif", "xmp", "icc_profile", "comment"} & set(image.info))
        assert len(image.getexif()) == 0
    for marker in (b"Exif", b"EXIF", b"XMP", b"ICCP", b"PhoneCam", b"at home", b"Lilas"):
        assert marker not in data


def files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
