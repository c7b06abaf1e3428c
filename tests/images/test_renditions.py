"""Tests for images.renditions: the responsive variants made once at upload.

Every image is generated in memory with Pillow; no database and no settings are needed
(ValidationError messages stay lazy, so only ``code`` and ``params`` are checked).
"""

from __future__ import annotations

import io

from images.renditions import RENDITION_WIDTHS, Rendition, make_renditions
from images.uploads import clean_upload
from tests.images.support import (
    dominant_colour,
    reopen,
    transparent_png,
    two_colour_jpeg,
)


def test_rendition_widths_have_documented_values() -> None:
    assert RENDITION_WIDTHS == (320, 640, 960, 1280, 1920)


def test_make_renditions_widths_formats_and_order_for_1000px_image() -> None:
    content = clean_upload(io.BytesIO(two_colour_jpeg((1000, 667)))).content

    renditions = make_renditions(content)

    assert all(isinstance(rendition, Rendition) for rendition in renditions)
    assert [(r.width, r.format) for r in renditions] == [
        (320, "AVIF"),
        (320, "WEBP"),
        (320, "JPEG"),
        (640, "AVIF"),
        (640, "WEBP"),
        (640, "JPEG"),
        (960, "AVIF"),
        (960, "WEBP"),
        (960, "JPEG"),
        (1000, "AVIF"),
        (1000, "WEBP"),
        (1000, "JPEG"),
    ]
    # 667 * 320 / 1000 = 213.44, 667 * 640 / 1000 = 426.88, 667 * 960 / 1000 = 640.32
    assert [(r.width, r.height) for r in renditions[::3]] == [
        (320, 213),
        (640, 427),
        (960, 640),
        (1000, 667),
    ]
    assert [r.extension for r in renditions[:3]] == ["avif", "webp", "jpg"]


def test_make_renditions_bytes_reopen_with_declared_size_and_format() -> None:
    content = clean_upload(io.BytesIO(two_colour_jpeg((1000, 667)))).content

    for rendition in make_renditions(content):
        reopened = reopen(rendition.content)
        assert (reopened.format, reopened.size) == (
            rendition.format,
            (rendition.width, rendition.height),
        )
        assert "exif" not in reopened.info
        assert "icc_profile" not in reopened.info


def test_make_renditions_keeps_colours_in_place() -> None:
    content = clean_upload(io.BytesIO(two_colour_jpeg((1000, 500)))).content

    for smallest in make_renditions(content)[:3]:
        pixels = reopen(smallest.content).convert("RGB")
        assert pixels.size == (320, 160)
        assert dominant_colour(pixels.getpixel((40, 80))) == "red"
        assert dominant_colour(pixels.getpixel((280, 80))) == "blue"


def test_make_renditions_transparent_source_gives_png_fallbacks() -> None:
    cleaned = clean_upload(io.BytesIO(transparent_png((700, 350))))
    assert cleaned.format == "PNG"

    renditions = make_renditions(cleaned.content)

    assert [(r.width, r.height, r.format, r.extension) for r in renditions] == [
        (320, 160, "AVIF", "avif"),
        (320, 160, "WEBP", "webp"),
        (320, 160, "PNG", "png"),
        (640, 320, "AVIF", "avif"),
        (640, 320, "WEBP", "webp"),
        (640, 320, "PNG", "png"),
        (700, 350, "AVIF", "avif"),
        (700, 350, "WEBP", "webp"),
        (700, 350, "PNG", "png"),
    ]
    for rendition in renditions:
        reopened = reopen(rendition.content)
        assert reopened.mode == "RGBA"
        # AVIF codes the alpha channel lossily too: 1 in 255 is invisible.
        assert reopened.getpixel((0, 0))[3] <= (2 if rendition.format == "AVIF" else 0)


def test_make_renditions_never_upscales_small_image() -> None:
    content = clean_upload(io.BytesIO(two_colour_jpeg((300, 200)))).content

    renditions = make_renditions(content)

    assert [(r.width, r.height, r.format) for r in renditions] == [
        (300, 200, "AVIF"),
        (300, 200, "WEBP"),
        (300, 200, "JPEG"),
    ]


def test_make_renditions_exact_width_is_not_duplicated() -> None:
    content = clean_upload(io.BytesIO(two_colour_jpeg((640, 480)))).content

    renditions = make_renditions(content)

    assert [(r.width, r.format) for r in renditions] == [
        (320, "AVIF"),
        (320, "WEBP"),
        (320, "JPEG"),
        (640, "AVIF"),
        (640, "WEBP"),
        (640, "JPEG"),
    ]


def test_make_renditions_sorts_and_deduplicates_custom_widths() -> None:
    content = clean_upload(io.BytesIO(two_colour_jpeg((800, 400)))).content

    renditions = make_renditions(content, widths=(500, 100, 500, 2000, 0))

    assert [(r.width, r.height, r.format) for r in renditions] == [
        (100, 50, "AVIF"),
        (100, 50, "WEBP"),
        (100, 50, "JPEG"),
        (500, 250, "AVIF"),
        (500, 250, "WEBP"),
        (500, 250, "JPEG"),
        (800, 400, "AVIF"),
        (800, 400, "WEBP"),
        (800, 400, "JPEG"),
    ]


def test_make_renditions_is_deterministic() -> None:
    content = clean_upload(io.BytesIO(transparent_png((700, 350)))).content

    assert make_renditions(content) == make_renditions(content)


def test_make_renditions_only_the_formats_asked_for() -> None:
    content = clean_upload(io.BytesIO(two_colour_jpeg((640, 480)))).content

    renditions = make_renditions(content, widths=(320,), formats=("AVIF",))

    assert [(r.width, r.format, r.extension) for r in renditions] == [
        (320, "AVIF", "avif"),
        (640, "AVIF", "avif"),
    ]
