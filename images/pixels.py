"""Pixel normalisation and metadata-free encoding, shared by uploads and renditions.

Every image we store or serve is re-encoded from decoded pixels into a new image with an
empty ``info`` dict, oriented and in sRGB, so that no metadata of the original file
(EXIF, XMP, IPTC, ICC profile, comments) ever reaches a reader.
"""

from __future__ import annotations

import io

from PIL import Image, ImageCms, ImageOps

# Formats given to Image.open(): Pillow only tries these decoders. "MPO" (multi-picture
# JPEG written by many phones and cameras) is produced by the JPEG decoder itself and is a
# regular JPEG for our purposes; its first picture is used.
OPEN_FORMATS = ("JPEG", "PNG", "WEBP")

_SIXTEEN_BIT_GREY_MODES = frozenset({"I", "I;16", "I;16B", "I;16L", "I;16N"})
_ALPHA_MODES = frozenset({"LA", "La", "PA", "RGBA", "RGBa"})


def _apply_orientation(img: Image.Image) -> Image.Image:
    """Rotate/flip according to the EXIF orientation; broken EXIF leaves the image as is."""
    try:
        return ImageOps.exif_transpose(img)
    except Exception:  # a broken orientation tag must not refuse the upload
        return img


def _to_basic_mode(img: Image.Image) -> Image.Image:
    """Convert exotic decoded modes to RGB, RGBA, CMYK or L (what colour management accepts).

    Colours stay in the file's colour space. Handles P/PA (palette, possibly with
    transparency), 1/LA (grey), 16-bit grey, YCbCr... CMYK JPEGs written by Adobe tools are
    already un-inverted by Pillow.
    """
    if img.mode in _SIXTEEN_BIT_GREY_MODES:
        # A plain convert("L") clips every value above 255 to white: scale 16 -> 8 bits.
        img = img.convert("I").point(lambda value: value * (1 / 257)).convert("L")
    if img.mode in ("RGB", "RGBA", "CMYK", "L") and "transparency" not in img.info:
        return img
    return _to_rgb_family(img)


def _to_rgb_family(img: Image.Image) -> Image.Image:
    """Convert to RGBA when the mode or the file carries transparency, to RGB otherwise."""
    has_alpha = img.mode in _ALPHA_MODES or "transparency" in img.info
    return img.convert("RGBA" if has_alpha else "RGB")


def _to_srgb(img: Image.Image) -> Image.Image:
    """Return an RGB or RGBA image in sRGB, using the embedded ICC profile if any.

    The ICC profile is stripped from the output like every other piece of metadata, so
    the pixels themselves must be in sRGB (what browsers assume for untagged images):
    otherwise photos taken in Display P3 or Adobe RGB look washed out, and CMYK files
    get wrong colours. Any colour management failure falls back to a plain conversion.
    """
    img = _to_basic_mode(img)
    icc_profile = img.info.get("icc_profile")
    if icc_profile:
        try:
            converted = ImageCms.profileToProfile(
                img,
                ImageCms.ImageCmsProfile(io.BytesIO(icc_profile)),
                ImageCms.createProfile("sRGB"),
                outputMode="RGBA" if img.mode == "RGBA" else "RGB",
            )
        except Exception:  # broken or unsupported profile, or Pillow without LittleCMS
            converted = None
        if converted is not None:
            return converted
    return _to_rgb_family(img)


def _has_transparency(img: Image.Image) -> bool:
    """True when an RGBA image has at least one pixel that is not fully opaque."""
    lowest_alpha, _highest = img.getchannel("A").getextrema()
    return lowest_alpha < 255


def prepare_pixels(img: Image.Image) -> tuple[Image.Image, bool]:
    """Return ``(image, has_alpha)``: an oriented sRGB RGB or RGBA image without any info.

    The alpha channel is kept only if it is actually used, so that opaque PNGs (screenshots
    aside, mostly photos exported as PNG) are stored as much smaller JPEGs.
    """
    oriented = _apply_orientation(img)
    converted = _to_srgb(oriented)
    has_alpha = converted.mode == "RGBA" and _has_transparency(converted)
    # convert() always returns a new image, so clearing its info never affects the caller.
    result = converted.convert("RGBA" if has_alpha else "RGB")
    # Encoders fall back to image.info for some fields (PNG: ICC profile and transparency,
    # JPEG: comment): start from an empty dict so that nothing is ever carried over.
    result.info = {}
    return result, has_alpha


def encode(img: Image.Image, image_format: str, *, quality: int | None = None) -> bytes:
    """Encode without metadata; the options are fixed so that the output is deterministic."""
    buffer = io.BytesIO()
    if image_format == "JPEG":
        img.save(buffer, format="JPEG", quality=quality, optimize=True, progressive=True)
    elif image_format == "WEBP":
        img.save(buffer, format="WEBP", quality=quality, method=4)
    elif image_format == "AVIF":
        # speed 8: a few times faster than the default 6 for a barely larger file;
        # one thread, so that the output never depends on the machine.
        img.save(buffer, format="AVIF", quality=quality, speed=8, max_threads=1)
    elif image_format == "PNG":
        img.save(buffer, format="PNG", optimize=True)
    else:  # pragma: no cover - programming error
        msg = f"Unsupported output format: {image_format}"
        raise ValueError(msg)
    return buffer.getvalue()
