"""Processing of uploaded image bytes: validation, sanitising and responsive renditions.

Everything here is a pure function built on Pillow only: no models, no database and no
settings are touched, so the module can be imported anywhere and unit-tested in isolation.

Security notes
--------------
* Uploads are identified by Pillow's own content sniffing, never by their file name.
* Image dimensions are checked from the header, *before* any pixel is decoded, so a small
  file declaring a gigantic canvas (a "decompression bomb") is refused cheaply.
* The stored image is always re-encoded from decoded pixels into a brand new image with an
  empty ``info`` dict. This drops EXIF (GPS position, camera serial numbers...), XMP, IPTC,
  ICC profiles, comments and anything appended after the end-of-image marker (polyglot
  files such as JPEG + ZIP or JPEG + ``<script>``).
* Pillow's process-wide settings (``Image.MAX_IMAGE_PIXELS``,
  ``ImageFile.LOAD_TRUNCATED_IMAGES``, warning filters) are never modified: they are shared
  by every thread of the process and temporarily changing them is not thread-safe. Our own
  limits are enforced independently of them. The project is expected to keep Pillow's
  default ``LOAD_TRUNCATED_IMAGES = False``, otherwise truncated files would be accepted.
"""

from __future__ import annotations

import contextlib
import io
import unicodedata
from dataclasses import dataclass
from typing import Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageFile, ImageOps, IptcImagePlugin

MAX_UPLOAD_BYTES_DEFAULT = 15 * 1024 * 1024
MAX_PIXELS_DEFAULT = 40_000_000
RENDITION_WIDTHS = (320, 640, 960, 1280, 1920)

# Smallest accepted width and height: anything smaller is useless in an article and is
# typically a tracking pixel or a spacer.
MIN_DIMENSION = 10

CREDIT_MAX_LENGTH = 200
CAPTION_MAX_LENGTH = 500

CLEAN_JPEG_QUALITY = 85
RENDITION_JPEG_QUALITY = 82
RENDITION_WEBP_QUALITY = 80

# Formats given to Image.open(): Pillow only tries these decoders. "MPO" (multi-picture
# JPEG written by many phones and cameras) is produced by the JPEG decoder itself and is a
# regular JPEG for our purposes; its first picture is used.
_OPEN_FORMATS = ("JPEG", "PNG", "WEBP")
_ACCEPTED_FORMATS = frozenset({"JPEG", "MPO", "PNG", "WEBP"})

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

_SIXTEEN_BIT_GREY_MODES = frozenset({"I", "I;16", "I;16B", "I;16L", "I;16N"})
_ALPHA_MODES = frozenset({"LA", "La", "PA", "RGBA", "RGBa"})


class _BinaryReadable(Protocol):
    """What clean_upload() needs from its argument (Django UploadedFile, BytesIO...)."""

    def read(self, size: int = -1, /) -> bytes: ...


@dataclass(frozen=True)
class ImageMetadata:
    credit: str  # "" when absent
    caption: str  # "" when absent


@dataclass(frozen=True)
class CleanImage:
    content: bytes  # re-encoded image without any metadata
    format: str  # "JPEG" or "PNG"
    extension: str  # "jpg" or "png"
    width: int
    height: int
    metadata: ImageMetadata  # read from the original file before stripping


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    format: str  # "WEBP", "JPEG" or "PNG"
    extension: str  # "webp", "jpg" or "png"
    content: bytes


# --------------------------------------------------------------------------------------
# Validation errors
# --------------------------------------------------------------------------------------


def _format_decimal(value: float) -> str:
    """Format a number the French way for a message: 15 -> "15", 0.5 -> "0,5"."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    if text == "0" and value > 0:
        # Tiny limits (only ever used in tests) would otherwise be displayed as "0".
        text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


# The messages below are given to ValidationError with ``params`` instead of being
# interpolated with ``%`` right away: ``%`` on a lazy string forces its translation at
# raise time, whereas ValidationError interpolates the params lazily, when the message
# is displayed (in the active language, and without needing settings at raise time).


def _file_too_large_error(max_bytes: int) -> ValidationError:
    return ValidationError(
        _("Le fichier dépasse la taille maximale autorisée de %(max)s Mo."),
        code="file_too_large",
        params={"max": _format_decimal(max_bytes / (1024 * 1024))},
    )


def _invalid_image_error() -> ValidationError:
    return ValidationError(
        _("Le fichier n'est pas une image valide (formats acceptés : JPEG, PNG, WebP)."),
        code="invalid_image",
    )


def _too_many_pixels_error(max_pixels: int, size: tuple[int, int] | None) -> ValidationError:
    if size is None:
        # Raised by Pillow's own safeguard, which does not tell us the dimensions.
        return ValidationError(
            _("L'image est trop grande : le maximum est de %(max)s mégapixels."),
            code="too_many_pixels",
            params={"max": _format_decimal(max_pixels / 1_000_000)},
        )
    return ValidationError(
        _(
            "L'image est trop grande (%(width)s x %(height)s pixels) : "
            "le maximum est de %(max)s mégapixels."
        ),
        code="too_many_pixels",
        params={
            "width": size[0],
            "height": size[1],
            "max": _format_decimal(max_pixels / 1_000_000),
        },
    )


def _too_small_error(size: tuple[int, int]) -> ValidationError:
    return ValidationError(
        _(
            "L'image est trop petite (%(width)s x %(height)s pixels) : "
            "le minimum est de %(min)s x %(min)s pixels."
        ),
        code="image_too_small",
        params={"width": size[0], "height": size[1], "min": MIN_DIMENSION},
    )


# --------------------------------------------------------------------------------------
# Upload cleaning
# --------------------------------------------------------------------------------------


def _rewind(fileobj: object) -> None:
    """Seek back to the start; non-seekable streams (a pipe, a socket) are read as they come."""
    seek = getattr(fileobj, "seek", None)
    if callable(seek):
        with contextlib.suppress(OSError):  # io.UnsupportedOperation is an OSError
            seek(0)


def _read_upload(fileobj: _BinaryReadable, max_bytes: int) -> bytes:
    """Read the whole upload, refusing it as soon as it is known to exceed ``max_bytes``.

    The declared size (Django's ``UploadedFile.size``) lets us refuse without reading
    anything; the read itself is capped at ``max_bytes + 1`` bytes so that a lying or
    missing size can never make us load an arbitrarily large file into memory.
    """
    declared = getattr(fileobj, "size", None)
    if isinstance(declared, int) and not isinstance(declared, bool) and declared > max_bytes:
        raise _file_too_large_error(max_bytes)

    _rewind(fileobj)
    chunks: list[bytes] = []
    remaining = max_bytes + 1
    try:
        # Loop because raw streams may legitimately return fewer bytes than requested.
        while remaining > 0:
            chunk = fileobj.read(remaining)
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    finally:
        _rewind(fileobj)

    data = b"".join(chunks)
    if len(data) > max_bytes:
        raise _file_too_large_error(max_bytes)
    return data


def _open_untrusted(data: bytes, max_pixels: int) -> Image.Image:
    """Open (lazily: header only) untrusted bytes, mapping every failure to a ValidationError."""
    try:
        img = Image.open(io.BytesIO(data), formats=_OPEN_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow's own global safeguard fired (the warning only arrives here when the
        # process turned warnings into errors). Either way the image is far too large.
        raise _too_many_pixels_error(max_pixels, None) from exc
    except Exception as exc:  # any decoder failure means "not an image"
        raise _invalid_image_error() from exc

    if img.format not in _ACCEPTED_FORMATS:
        img.close()
        raise _invalid_image_error()
    return img


def _check_dimensions(size: tuple[int, int], max_pixels: int) -> None:
    width, height = size
    if width * height > max_pixels:
        raise _too_many_pixels_error(max_pixels, size)
    if width < MIN_DIMENSION or height < MIN_DIMENSION:
        raise _too_small_error(size)


def clean_upload(
    fileobj: _BinaryReadable,
    *,
    max_bytes: int = MAX_UPLOAD_BYTES_DEFAULT,
    max_pixels: int = MAX_PIXELS_DEFAULT,
) -> CleanImage:
    """Validate an uploaded image and return a metadata-free re-encoded copy.

    ``fileobj`` is read from position 0 and rewound to 0 afterwards. Raises
    ``ValidationError`` with one of the codes ``file_too_large``, ``invalid_image``,
    ``too_many_pixels`` or ``image_too_small``.
    """
    data = _read_upload(fileobj, max_bytes)

    # First pass: header-only checks, then structural verification. verify() leaves the
    # image unusable, hence the second open below.
    with _open_untrusted(data, max_pixels) as probe:
        _check_dimensions(probe.size, max_pixels)
        try:
            probe.verify()
        except Exception as exc:
            raise _invalid_image_error() from exc

    # Second pass: decode the pixels.
    with _open_untrusted(data, max_pixels) as img:
        _check_dimensions(img.size, max_pixels)
        try:
            img.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_many_pixels_error(max_pixels, img.size) from exc
        except Exception as exc:  # truncated or corrupt data
            raise _invalid_image_error() from exc

        # Read after load(): PNG text/eXIf chunks placed after the pixel data are known.
        metadata = read_metadata(img)
        pixels, has_alpha = _prepare_pixels(img)

    if has_alpha:
        content = _encode(pixels, "PNG")
        image_format, extension = "PNG", "png"
    else:
        content = _encode(pixels, "JPEG", quality=CLEAN_JPEG_QUALITY)
        image_format, extension = "JPEG", "jpg"

    return CleanImage(
        content=content,
        format=image_format,
        extension=extension,
        width=pixels.width,
        height=pixels.height,
        metadata=metadata,
    )


# --------------------------------------------------------------------------------------
# Pixel normalisation and encoding
# --------------------------------------------------------------------------------------


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


def _prepare_pixels(img: Image.Image) -> tuple[Image.Image, bool]:
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


def _encode(img: Image.Image, image_format: str, *, quality: int | None = None) -> bytes:
    """Encode without metadata; the options are fixed so that the output is deterministic."""
    buffer = io.BytesIO()
    if image_format == "JPEG":
        img.save(buffer, format="JPEG", quality=quality, optimize=True, progressive=True)
    elif image_format == "WEBP":
        img.save(buffer, format="WEBP", quality=quality, method=4)
    elif image_format == "PNG":
        img.save(buffer, format="PNG", optimize=True)
    else:  # pragma: no cover - programming error
        msg = f"Unsupported output format: {image_format}"
        raise ValueError(msg)
    return buffer.getvalue()


# --------------------------------------------------------------------------------------
# Metadata
# --------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------
# Renditions
# --------------------------------------------------------------------------------------


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
    with Image.open(io.BytesIO(content), formats=_OPEN_FORMATS) as source:
        source.load()
        base, has_alpha = _prepare_pixels(source)

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
                content=_encode(resized, "WEBP", quality=RENDITION_WEBP_QUALITY),
            )
        )
        renditions.append(
            Rendition(
                width=resized.width,
                height=resized.height,
                format=fallback_format,
                extension=fallback_extension,
                content=_encode(resized, fallback_format, quality=RENDITION_JPEG_QUALITY),
            )
        )
    return renditions
