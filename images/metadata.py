"""Reading the credit, caption and date taken that cameras, agencies and tools embed.

IPTC IIM first (what press agencies and photo desks fill in), EXIF as a fallback. A
convenience for the editor, never a reason to refuse a file: broken metadata reads as
empty strings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from PIL import Image, ImageFile, IptcImagePlugin

CREDIT_MAX_LENGTH = 200
CAPTION_MAX_LENGTH = 500

# IPTC IIM datasets (record 2, "application record").
_IPTC_BYLINE = (2, 80)
_IPTC_CREDIT = (2, 110)
_IPTC_COPYRIGHT = (2, 116)
_IPTC_CAPTION = (2, 120)
_IPTC_DATE_CREATED = (2, 55)  # CCYYMMDD
_IPTC_TIME_CREATED = (2, 60)  # HHMMSS±HHMM

# EXIF tags of IFD0.
_EXIF_IMAGE_DESCRIPTION = 0x010E
_EXIF_ARTIST = 0x013B
_EXIF_COPYRIGHT = 0x8298
_EXIF_DATETIME = 0x0132  # IFD0: when the file was last changed, a fallback
# Tags of the Exif sub-IFD.
_EXIF_IFD = 0x8769
_EXIF_DATETIME_ORIGINAL = 0x9003
_EXIF_OFFSET_TIME_ORIGINAL = 0x9011

_EXIF_DATE = re.compile(r"(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
_UTC_OFFSET = re.compile(r"([+-])(\d{2}):?(\d{2})")

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
    # When the picture was taken; naive (local time of the camera) when the file does
    # not say its UTC offset, None when absent or unreadable.
    taken_at: datetime | None = None


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
        found = {
            tag: exif.get(tag)
            for tag in (_EXIF_IMAGE_DESCRIPTION, _EXIF_ARTIST, _EXIF_COPYRIGHT, _EXIF_DATETIME)
            if tag in exif
        }
        sub = exif.get_ifd(_EXIF_IFD)
        found.update(
            (tag, sub[tag])
            for tag in (_EXIF_DATETIME_ORIGINAL, _EXIF_OFFSET_TIME_ORIGINAL)
            if tag in sub
        )
        return found
    except Exception:  # malformed EXIF block
        return {}


def _offset(text: str) -> timezone | None:
    match = _UTC_OFFSET.fullmatch(text.strip())
    if not match:
        return None
    sign, hours, minutes = match.groups()
    delta = timedelta(hours=int(hours), minutes=int(minutes))
    return timezone(-delta if sign == "-" else delta)


def _exif_date(value: object, offset: object = None) -> datetime | None:
    """EXIF "YYYY:MM:DD HH:MM:SS" (and its optional "+HH:MM" offset tag)."""
    match = _EXIF_DATE.match(_to_text(value))
    if not match:
        return None
    try:
        taken = datetime(*(int(part) for part in match.groups()))
    except ValueError:  # "0000:00:00 00:00:00", written by cameras without a clock
        return None
    tz = _offset(_to_text(offset)) if offset else None
    return taken.replace(tzinfo=tz) if tz else taken


def _iptc_date(date: object, time: object) -> datetime | None:
    """IPTC 2:55 "CCYYMMDD" and 2:60 "HHMMSS±HHMM" (the time is optional)."""
    day, clock = _to_text(date), _to_text(time)
    if not re.fullmatch(r"\d{8}", day):
        return None
    has_clock = re.match(r"\d{6}", clock) is not None
    try:
        if has_clock:
            taken = datetime.strptime(day + clock[:6], "%Y%m%d%H%M%S")
        else:
            taken = datetime.strptime(day, "%Y%m%d")
    except ValueError:
        return None
    tz = _offset(clock[6:]) if has_clock and len(clock) > 6 else None
    return taken.replace(tzinfo=tz) if tz else taken


def _taken_at(iptc: dict, exif: dict) -> datetime | None:
    """EXIF DateTimeOriginal first (the camera's clock), then IPTC, then EXIF DateTime."""
    return (
        _exif_date(exif.get(_EXIF_DATETIME_ORIGINAL), exif.get(_EXIF_OFFSET_TIME_ORIGINAL))
        or _iptc_date(iptc.get(_IPTC_DATE_CREATED), iptc.get(_IPTC_TIME_CREATED))
        or _exif_date(exif.get(_EXIF_DATETIME))
    )


def read_metadata(img: Image.Image) -> ImageMetadata:
    """Read the credit, caption and date taken embedded by cameras, agencies and tools.

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
        taken_at = _taken_at(iptc, exif)
    except Exception:  # metadata is a convenience, never a reason to fail
        return ImageMetadata(credit="", caption="")
    return ImageMetadata(credit=credit, caption=caption, taken_at=taken_at)
