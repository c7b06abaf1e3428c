"""The responsive variants (``srcset``) of an image, made once when it is uploaded."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image

from images.pixels import OPEN_FORMATS, encode, prepare_pixels

RENDITION_WIDTHS = (320, 640, 960, 1280, 1920)
RENDITION_JPEG_QUALITY = 82
RENDITION_WEBP_QUALITY = 80
# AVIF's scale is not JPEG's: 60 looks like JPEG 82 at about half its size.
RENDITION_AVIF_QUALITY = 60

# The modern formats, best first (the order of the <picture> sources), then the
# fallback every browser reads (JPEG, or PNG for a transparent image).
MODERN_FORMATS = ("AVIF", "WEBP")
FALLBACK_FORMATS = ("JPEG", "PNG")
ALL_FORMATS = (*MODERN_FORMATS, "FALLBACK")
# The order of a width's renditions.
FORMAT_ORDER = {"AVIF": 0, "WEBP": 1, "JPEG": 2, "PNG": 2}
_EXTENSIONS = {"AVIF": "avif", "WEBP": "webp", "JPEG": "jpg", "PNG": "png"}
_QUALITY = {
    "AVIF": RENDITION_AVIF_QUALITY,
    "WEBP": RENDITION_WEBP_QUALITY,
    "JPEG": RENDITION_JPEG_QUALITY,
    "PNG": None,
}


# The cropped thumbnails, by aspect ratio, and their widths: square ones for the lists'
# small pictures, 16:9 ones for the home page's cards and the social networks' cards.
CROPS = {"1:1": (320, 640), "16:9": (640, 960, 1280)}


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    format: str  # "AVIF", "WEBP", "JPEG" or "PNG"
    extension: str  # "avif", "webp", "jpg" or "png"
    content: bytes
    crop: str = ""  # "" for the whole picture, else its ratio ("1:1", "16:9")


def crop_box(
    size: tuple[int, int], ratio: str, focal: tuple[float, float]
) -> tuple[int, int, int, int]:
    """
    The largest box of aspect ``ratio`` ("16:9") inside an image of ``size``, as
    centred on the focal point (x, y in 0..1 from the top left) as the edges allow:
    ``(left, top, right, bottom)`` for ``Image.crop``.
    """
    width, height = size
    across, down = (int(part) for part in ratio.split(":"))
    box_width = min(width, round(height * across / down))
    box_height = min(height, round(box_width * down / across))
    centre_x, centre_y = focal[0] * width, focal[1] * height
    left = min(max(0, round(centre_x - box_width / 2)), width - box_width)
    top = min(max(0, round(centre_y - box_height / 2)), height - box_height)
    return left, top, left + box_width, top + box_height


def make_renditions(
    content: bytes,
    *,
    widths: tuple[int, ...] = RENDITION_WIDTHS,
    formats: tuple[str, ...] = ALL_FORMATS,
) -> list[Rendition]:
    """Build the responsive variants (``srcset``) of an image produced by clean_upload().

    For every requested width strictly smaller than the source, plus the source width
    itself (so the list is never empty and no image is ever upscaled), one file per
    format of ``formats``: AVIF, WebP and "FALLBACK" (JPEG, or PNG when the image has
    transparency, i.e. the format clean_upload() chose). Ordered by width, then AVIF,
    WebP, fallback. Deterministic.

    ``content`` is expected to be trusted output of clean_upload(): no size limit is
    enforced here and Pillow errors propagate.
    """
    with Image.open(io.BytesIO(content), formats=OPEN_FORMATS) as source:
        source.load()
        base, has_alpha = prepare_pixels(source)

    source_width, source_height = base.size
    targets = sorted({width for width in widths if 0 < width < source_width} | {source_width})
    fallback = "PNG" if has_alpha else "JPEG"
    chosen = [fallback if f == "FALLBACK" else f for f in ALL_FORMATS if f in formats]

    renditions: list[Rendition] = []
    for width in targets:
        if width == source_width:
            resized = base
        else:
            height = max(1, round(source_height * width / source_width))
            resized = base.resize((width, height), Image.Resampling.LANCZOS)
            resized.info = {}
        renditions.extend(
            Rendition(
                width=resized.width,
                height=resized.height,
                format=image_format,
                extension=_EXTENSIONS[image_format],
                content=encode(resized, image_format, quality=_QUALITY[image_format]),
            )
            for image_format in chosen
        )
    return renditions


def make_crops(
    content: bytes,
    *,
    focal: tuple[float, float] = (0.5, 0.5),
    crops: dict[str, tuple[int, ...]] = CROPS,
    formats: tuple[str, ...] = ALL_FORMATS,
) -> list[Rendition]:
    """
    The cropped thumbnails of an image produced by clean_upload(): for each ratio,
    the box around the focal point (``crop_box``) at each width no larger than the
    box (the box's own width otherwise: never upscaled), in each format, ordered as
    ``make_renditions`` orders its own. Deterministic.
    """
    with Image.open(io.BytesIO(content), formats=OPEN_FORMATS) as source:
        source.load()
        base, has_alpha = prepare_pixels(source)
    fallback = "PNG" if has_alpha else "JPEG"
    chosen = [fallback if f == "FALLBACK" else f for f in ALL_FORMATS if f in formats]
    made: list[Rendition] = []
    for ratio, widths in crops.items():
        box = crop_box(base.size, ratio, focal)
        cropped = base.crop(box)
        across, down = (int(part) for part in ratio.split(":"))
        for width in sorted({min(w, cropped.width) for w in widths}):
            height = max(1, round(width * down / across))
            resized = cropped.resize((width, height), Image.Resampling.LANCZOS)
            resized.info = {}
            made.extend(
                Rendition(
                    width=width,
                    height=height,
                    format=image_format,
                    extension=_EXTENSIONS[image_format],
                    content=encode(resized, image_format, quality=_QUALITY[image_format]),
                    crop=ratio,
                )
                for image_format in chosen
            )
    return made


def best_rendition(image, max_width: int = 1280) -> dict | None:
    """The largest JPEG/PNG rendition at most ``max_width`` wide (the smallest otherwise)."""
    fallbacks = [r for r in image.renditions if r["format"] in FALLBACK_FORMATS]
    fitting = [r for r in fallbacks if r["width"] <= max_width]
    return (fitting or fallbacks or [None])[-1]


def best_crop(image, ratio: str = "16:9", max_width: int = 1280) -> dict | None:
    """The largest JPEG/PNG crop of ``ratio`` at most ``max_width`` wide (social cards)."""
    fallbacks = [c for c in image.crops if c["crop"] == ratio and c["format"] in FALLBACK_FORMATS]
    fitting = [c for c in fallbacks if c["width"] <= max_width]
    return (fitting or fallbacks or [None])[-1]
