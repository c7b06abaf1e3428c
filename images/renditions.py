"""The responsive variants (``srcset``) of an image, made once when it is uploaded."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image

from images.pixels import OPEN_FORMATS, encode, prepare_pixels

RENDITION_WIDTHS = (320, 640, 960, 1280, 1920)
RENDITION_JPEG_QUALITY = 82
RENDITION_WEBP_QUALITY = 80


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    format: str  # "WEBP", "JPEG" or "PNG"
    extension: str  # "webp", "jpg" or "png"
    content: bytes


def make_renditions(
    content: bytes, *, widths: tuple[int, ...] = RENDITION_WIDTHS
) -> list[Rendition]:
    """Build the responsive variants (``srcset``) of an image produced by clean_upload().

    For every requested width strictly smaller than the source, plus the source width
    itself (so the list is never empty and no image is ever upscaled), two files are
    produced: a WebP and a fallback (JPEG, or PNG when the image has transparency, i.e.
    the format clean_upload() chose). Ordered by width, WebP first. Deterministic.

    ``content`` is expected to be trusted output of clean_upload(): no size limit is
    enforced here and Pillow errors propagate.
    """
    with Image.open(io.BytesIO(content), formats=OPEN_FORMATS) as source:
        source.load()
        base, has_alpha = prepare_pixels(source)

    source_width, source_height = base.size
    targets = sorted({width for width in widths if 0 < width < source_width} | {source_width})
    if has_alpha:
        fallback_format, fallback_extension = "PNG", "png"
    else:
        fallback_format, fallback_extension = "JPEG", "jpg"

    renditions: list[Rendition] = []
    for width in targets:
        if width == source_width:
            resized = base
        else:
            height = max(1, round(source_height * width / source_width))
            resized = base.resize((width, height), Image.Resampling.LANCZOS)
            resized.info = {}
        renditions.append(
            Rendition(
                width=resized.width,
                height=resized.height,
                format="WEBP",
                extension="webp",
                content=encode(resized, "WEBP", quality=RENDITION_WEBP_QUALITY),
            )
        )
        renditions.append(
            Rendition(
                width=resized.width,
                height=resized.height,
                format=fallback_format,
                extension=fallback_extension,
                content=encode(resized, fallback_format, quality=RENDITION_JPEG_QUALITY),
            )
        )
    return renditions


def best_rendition(image, max_width: int = 1280) -> dict | None:
    """The largest JPEG/PNG rendition at most ``max_width`` wide (the smallest otherwise)."""
    fallbacks = [r for r in image.renditions if r["format"] != "WEBP"]
    fitting = [r for r in fallbacks if r["width"] <= max_width]
    return (fitting or fallbacks or [None])[-1]
