"""Image files for the tests, generated in memory with Pillow (no fixture on disk)."""

from __future__ import annotations

import io
import struct
import zlib
from functools import cache

import pytest
from django.core.exceptions import ValidationError
from PIL import Image, ImageDraw

from images.uploads import clean_upload

RED = (220, 20, 20)
BLUE = (20, 20, 220)

EXIF_ORIENTATION = 0x0112
EXIF_IMAGE_DESCRIPTION = 0x010E
EXIF_ARTIST = 0x013B
EXIF_COPYRIGHT = 0x8298
EXIF_GPS_IFD = 0x8825

PAYLOAD_SCRIPT = b"<script>alert(1)</script>"


def encoded(img: Image.Image, image_format: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def two_colour_image(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """Left half red, right half blue: makes rotations and resizes observable."""
    img = Image.new(mode, size, RED if mode == "RGB" else (*RED, 255))
    draw = ImageDraw.Draw(img)
    width, height = size
    draw.rectangle((width // 2, 0, width - 1, height - 1), fill=BLUE)
    return img


def two_colour_jpeg(size: tuple[int, int] = (200, 100), **options: object) -> bytes:
    return encoded(two_colour_image(size), "JPEG", quality=90, **options)


def noisy_jpeg(size: tuple[int, int] = (400, 300)) -> bytes:
    """A JPEG whose scan data is large, so that cutting it really truncates pixels."""
    noise = Image.effect_noise(size, 80).convert("RGB")
    return encoded(noise, "JPEG", quality=95)


def transparent_png(size: tuple[int, int] = (120, 80)) -> bytes:
    img = Image.new("RGBA", size, (*RED, 255))
    ImageDraw.Draw(img).rectangle((0, 0, 19, 19), fill=(0, 0, 0, 0))
    return encoded(img, "PNG")


def exif_tags(**tags: object) -> Image.Exif:
    exif = Image.Exif()
    for key, value in tags.items():
        exif[int(key.removeprefix("tag_"), 16)] = value
    return exif


def jpeg_segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">HH", marker, len(payload) + 2) + payload


def splice_after_soi(jpeg: bytes, segment: bytes) -> bytes:
    assert jpeg[:2] == b"\xff\xd8"
    return jpeg[:2] + segment + jpeg[2:]


def iptc_dataset(record: int, dataset: int, value: bytes) -> bytes:
    return bytes((0x1C, record, dataset)) + struct.pack(">H", len(value)) + value


def photoshop_app13(resource_id: int, data: bytes) -> bytes:
    """A JPEG APP13 "Photoshop 3.0" segment holding a single 8BIM image resource."""
    resource = (
        b"8BIM"
        + struct.pack(">H", resource_id)
        + b"\x00\x00"  # empty Pascal name, padded to an even length
        + struct.pack(">I", len(data))
        + data
        + (b"\x00" if len(data) % 2 else b"")
    )
    return jpeg_segment(0xFFED, b"Photoshop 3.0\x00" + resource)


def with_iptc(jpeg: bytes, datasets: list[tuple[int, bytes]]) -> bytes:
    """Add IPTC IIM application-record (2:xx) datasets; Pillow cannot write IPTC itself."""
    iptc = iptc_dataset(1, 90, b"\x1b%G")  # coded character set: UTF-8
    iptc += b"".join(iptc_dataset(2, dataset, value) for dataset, value in datasets)
    return splice_after_soi(jpeg, photoshop_app13(0x0404, iptc))


def png_chunk(chunk_type: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(chunk_type + data)
    return struct.pack(">I", len(data)) + chunk_type + data + struct.pack(">I", crc)


def forged_png_header(width: int, height: int) -> bytes:
    """A PNG whose IHDR declares huge dimensions but whose pixel data is a few bytes."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + png_chunk(b"IEND", b"")
    )


@cache
def png_bomb() -> bytes:
    """A real, valid 12000x12000 PNG (144 megapixels) that compresses to ~20 KB."""
    return encoded(Image.new("1", (12000, 12000)), "PNG", optimize=True)


def reopen(content: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(content))
    img.load()
    return img


def dominant_colour(pixel: tuple[int, ...]) -> str:
    """Name the strongest channel: lossy encoders never give back exact colours."""
    red, green, blue = pixel[:3]
    return {red: "red", green: "green", blue: "blue"}[max(red, green, blue)]


def refusal_code(data: bytes, **limits: int) -> str | None:
    with pytest.raises(ValidationError) as excinfo:
        clean_upload(io.BytesIO(data), **limits)
    return excinfo.value.code
