"""Validation of untrusted uploads: what a file really is, its size, and a clean copy.

Everything here is a pure function built on Pillow only: no models, no database and no
settings are touched (the limits are arguments), so the module can be imported anywhere
and unit-tested in isolation.

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
from dataclasses import dataclass
from typing import Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image

from images.metadata import ImageMetadata, read_metadata
from images.pixels import OPEN_FORMATS, encode, prepare_pixels

MAX_UPLOAD_BYTES_DEFAULT = 15 * 1024 * 1024
MAX_PIXELS_DEFAULT = 40_000_000

# Smallest accepted width and height: anything smaller is useless in an article and is
# typically a tracking pixel or a spacer.
MIN_DIMENSION = 10

CLEAN_JPEG_QUALITY = 85

# What Pillow may report for the formats it is allowed to open (see images.pixels).
_ACCEPTED_FORMATS = frozenset({"JPEG", "MPO", "PNG", "WEBP"})


class _BinaryReadable(Protocol):
    """What clean_upload() needs from its argument (Django UploadedFile, BytesIO...)."""

    def read(self, size: int = -1, /) -> bytes: ...


@dataclass(frozen=True)
class CleanImage:
    content: bytes  # re-encoded image without any metadata
    format: str  # "JPEG" or "PNG"
    extension: str  # "jpg" or "png"
    width: int
    height: int
    metadata: ImageMetadata  # read from the original file before stripping


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
        img = Image.open(io.BytesIO(data), formats=OPEN_FORMATS)
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
        pixels, has_alpha = prepare_pixels(img)

    if has_alpha:
        content = encode(pixels, "PNG")
        image_format, extension = "PNG", "png"
    else:
        content = encode(pixels, "JPEG", quality=CLEAN_JPEG_QUALITY)
        image_format, extension = "JPEG", "jpg"

    return CleanImage(
        content=content,
        format=image_format,
        extension=extension,
        width=pixels.width,
        height=pixels.height,
        metadata=metadata,
    )
