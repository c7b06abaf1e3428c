"""Reading the credit and caption that cameras, agencies and editing tools embed.

IPTC IIM first (what press agencies and photo desks fill in), EXIF as a fallback. A
convenience for the editor, never a reason to refuse a file: broken metadata reads as
empty strings.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from PIL import Image, ImageFile, IptcImagePlugin

CREDIT_MAX_LENGTH = 200
CAPTION_MAX_LENGTH = 500

# IPTC IIM datasets (record 2, "application record").
_IPTC_BYLINE = (2, 80)
_IPTC_CREDIT = (2, 110)
_IPTC_COPYRIGHT = (2, 116)
_IPTC_CAPTION = (2, 120)

# EXIF tags of IFD0.
_EXIF_IMAGE_DESCRIPTION = 0x010E
_EXIF_ARTIST = 0x013B
_EXIF_COPYRIGHT = 0x8298

# Default texts written by cameras and editing tools: they carry no information and must
# not end up as a published caption or credit (compared case-insensitively).
_PLACEHOLDER_TEXTS = frozenset(
    {
        "camera",
        "default",
        "digital camera",
        "exif_jpeg_picture",
        "konica minolta digital camera",
        "minolta digital camera",
        "olympus digital camera",
        "sony dsc",
        "unknown",
        "untitled",
    }
)


@dataclass(frozen=True)
class ImageMetadata:
    credit: str  # "" when absent
    caption: str  # "" when absent


def _to_text(value: object) -> str:
    """Decode a raw IPTC/EXIF value to text: UTF-8 first, latin-1 as a fallback.

    Pillow decodes EXIF ASCII values as latin-1, so such strings are turned back into
    their original bytes to give UTF-8 (what most tools write nowadays) a chance.
    Repeated IPTC datasets (a list) are joined; NUL-separated parts (EXIF Copyright holds
    "photographer NUL editor") are joined with " / ".
    """
    if isinstance(value, (list, tuple)):
        return ", ".join(part for part in (_to_text(item) for item in value) if part)
    if isinstance(value, str):
        try:
            raw = value.encode("latin-1")
        except UnicodeEncodeError:
            raw = value.encode("utf-8")
    elif isinstance(value, (bytes, bytearray)):
        raw = bytes(value)
    else:
        return ""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    return " / ".join(part.strip() for part in text.split("\x00") if part.strip())


def _clean_text(value: object, max_length: int) -> str:
    """Decode, remove control characters, collapse whitespace and cap the length."""
    text = _to_text(value)
    text = "".join(" " if unicodedata.category(char) == "Cc" else char for char in text)
    text = " ".join(text.split())
    if text.casefold() in _PLACEHOLDER_TEXTS:
        return ""
    return text[:max_length].rstrip()


def _first_text(values: list[object], max_length: int) -> str:
    for value in values:
        text = _clean_text(value, max_length)
        if text:
            return text
    return ""


def _read_iptc(img: Image.Image) -> dict[tuple[int, int], object]:
    if not isinstance(img, ImageFile.ImageFile):
        return {}
    try:
        info = IptcImagePlugin.getiptcinfo(img)
    except Exception:  # malformed IPTC block
        return {}
    return dict(info) if info else {}


def _read_exif(img: Image.Image) -> dict[int, object]:
    try:
        exif = img.getexif()
        return {
            tag: exif.get(tag)
            for tag in (_EXIF_IMAGE_DESCRIPTION, _EXIF_ARTIST, _EXIF_COPYRIGHT)
            if tag in exif
        }
    except Exception:  # malformed EXIF block
        return {}


def read_metadata(img: Image.Image) -> ImageMetadata:
    """Read the photo credit and caption embedded by cameras, agencies and editing tools.

    Must be called on the image opened from the original upload (before re-encoding,
    which drops all metadata). IPTC is preferred over EXIF because it is what press
    agencies and photo desks fill in. Never raises: broken metadata gives empty strings.

    Only call it on an untrusted image once its dimensions have been checked: for PNG,
    Pillow may decode the whole image to look for an EXIF chunk after the pixel data.
    """
    try:
        iptc = _read_iptc(img)
        exif = _read_exif(img)
        credit = _first_text(
            [
                iptc.get(_IPTC_CREDIT),
                iptc.get(_IPTC_BYLINE),
                iptc.get(_IPTC_COPYRIGHT),
                exif.get(_EXIF_ARTIST),
                exif.get(_EXIF_COPYRIGHT),
            ],
            CREDIT_MAX_LENGTH,
        )
        caption = _first_text(
            [iptc.get(_IPTC_CAPTION), exif.get(_EXIF_IMAGE_DESCRIPTION)],
            CAPTION_MAX_LENGTH,
        )
    except Exception:  # metadata is a convenience, never a reason to fail
        return ImageMetadata(credit="", caption="")
    return ImageMetadata(credit=credit, caption=caption)
