"""Tests for articles.images: upload validation, sanitising, metadata and renditions.

Every fixture image is generated in memory with Pillow; no database and no settings are
needed (ValidationError messages stay lazy, so only ``code`` and ``params`` are checked).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from functools import cache

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms, ImageDraw, ImageFile

from articles.images import (
    CAPTION_MAX_LENGTH,
    CREDIT_MAX_LENGTH,
    MAX_PIXELS_DEFAULT,
    MAX_UPLOAD_BYTES_DEFAULT,
    RENDITION_WIDTHS,
    CleanImage,
    ImageMetadata,
    Rendition,
    clean_upload,
    make_renditions,
    read_metadata,
)

RED = (220, 20, 20)
BLUE = (20, 20, 220)

EXIF_ORIENTATION = 0x0112
EXIF_IMAGE_DESCRIPTION = 0x010E
EXIF_ARTIST = 0x013B
EXIF_COPYRIGHT = 0x8298
EXIF_GPS_IFD = 0x8825

PAYLOAD_SCRIPT = b"<script>alert(1)</script>"


# --------------------------------------------------------------------------------------
# Fixture builders
# --------------------------------------------------------------------------------------


def _save(img: Image.Image, image_format: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def _two_colour_image(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """Left half red, right half blue: makes rotations and resizes observable."""
    img = Image.new(mode, size, RED if mode == "RGB" else (*RED, 255))
    draw = ImageDraw.Draw(img)
    width, height = size
    draw.rectangle((width // 2, 0, width - 1, height - 1), fill=BLUE)
    return img


def _jpeg(size: tuple[int, int] = (200, 100), **options: object) -> bytes:
    return _save(_two_colour_image(size), "JPEG", quality=90, **options)


def _noisy_jpeg(size: tuple[int, int] = (400, 300)) -> bytes:
    """A JPEG whose scan data is large, so that cutting it really truncates pixels."""
    noise = Image.effect_noise(size, 80).convert("RGB")
    return _save(noise, "JPEG", quality=95)


def _transparent_png(size: tuple[int, int] = (120, 80)) -> bytes:
    img = Image.new("RGBA", size, (*RED, 255))
    ImageDraw.Draw(img).rectangle((0, 0, 19, 19), fill=(0, 0, 0, 0))
    return _save(img, "PNG")


def _exif(**tags: object) -> Image.Exif:
    exif = Image.Exif()
    for key, value in tags.items():
        exif[int(key.removeprefix("tag_"), 16)] = value
    return exif


def _jpeg_segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">HH", marker, len(payload) + 2) + payload


def _splice_after_soi(jpeg: bytes, segment: bytes) -> bytes:
    assert jpeg[:2] == b"\xff\xd8"
    return jpeg[:2] + segment + jpeg[2:]


def _iptc_dataset(record: int, dataset: int, value: bytes) -> bytes:
    return bytes((0x1C, record, dataset)) + struct.pack(">H", len(value)) + value


def _photoshop_app13(resource_id: int, data: bytes) -> bytes:
    """A JPEG APP13 "Photoshop 3.0" segment holding a single 8BIM image resource."""
    resource = (
        b"8BIM"
        + struct.pack(">H", resource_id)
        + b"\x00\x00"  # empty Pascal name, padded to an even length
        + struct.pack(">I", len(data))
        + data
        + (b"\x00" if len(data) % 2 else b"")
    )
    return _jpeg_segment(0xFFED, b"Photoshop 3.0\x00" + resource)


def _with_iptc(jpeg: bytes, datasets: list[tuple[int, bytes]]) -> bytes:
    """Add IPTC IIM application-record (2:xx) datasets; Pillow cannot write IPTC itself."""
    iptc = _iptc_dataset(1, 90, b"\x1b%G")  # coded character set: UTF-8
    iptc += b"".join(_iptc_dataset(2, dataset, value) for dataset, value in datasets)
    return _splice_after_soi(jpeg, _photoshop_app13(0x0404, iptc))


def _png_chunk(chunk_type: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(chunk_type + data)
    return struct.pack(">I", len(data)) + chunk_type + data + struct.pack(">I", crc)


def _forged_png_header(width: int, height: int) -> bytes:
    """A PNG whose IHDR declares huge dimensions but whose pixel data is a few bytes."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _png_chunk(b"IEND", b"")
    )


@cache
def _png_bomb() -> bytes:
    """A real, valid 12000x12000 PNG (144 megapixels) that compresses to ~20 KB."""
    return _save(Image.new("1", (12000, 12000)), "PNG", optimize=True)


def _reopen(content: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(content))
    img.load()
    return img


def _dominant_colour(pixel: tuple[int, ...]) -> str:
    """Name the strongest channel: lossy encoders never give back exact colours."""
    red, green, blue = pixel[:3]
    return {red: "red", green: "green", blue: "blue"}[max(red, green, blue)]


def _refusal_code(data: bytes, **limits: int) -> str | None:
    with pytest.raises(ValidationError) as excinfo:
        clean_upload(io.BytesIO(data), **limits)
    return excinfo.value.code


# --------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------


def test_constants_have_documented_values() -> None:
    assert MAX_UPLOAD_BYTES_DEFAULT == 15 * 1024 * 1024
    assert MAX_PIXELS_DEFAULT == 40_000_000
    assert RENDITION_WIDTHS == (320, 640, 960, 1280, 1920)


# --------------------------------------------------------------------------------------
# clean_upload: accepted images
# --------------------------------------------------------------------------------------


def test_clean_upload_accepts_valid_jpeg() -> None:
    result = clean_upload(io.BytesIO(_jpeg((200, 100))))

    assert isinstance(result, CleanImage)
    assert (result.format, result.extension) == ("JPEG", "jpg")
    assert (result.width, result.height) == (200, 100)
    reopened = _reopen(result.content)
    assert (reopened.format, reopened.mode, reopened.size) == ("JPEG", "RGB", (200, 100))
    assert result.metadata == ImageMetadata(credit="", caption="")


def test_clean_upload_accepts_django_uploaded_file_and_rewinds_it() -> None:
    upload = SimpleUploadedFile("photo.jpg", _jpeg((64, 48)), content_type="image/jpeg")
    upload.read(10)

    result = clean_upload(upload)

    assert (result.format, result.width, result.height) == ("JPEG", 64, 48)
    assert upload.tell() == 0


def test_clean_upload_rewinds_after_refusal() -> None:
    fileobj = io.BytesIO(b"not an image at all")

    with pytest.raises(ValidationError):
        clean_upload(fileobj)

    assert fileobj.tell() == 0


def test_clean_upload_ignores_misleading_file_name() -> None:
    upload = SimpleUploadedFile("photo.gif", _jpeg((40, 30)), content_type="image/gif")

    assert clean_upload(upload).format == "JPEG"


def test_clean_upload_accepts_opaque_webp_as_jpeg() -> None:
    webp = _save(_two_colour_image((90, 60)), "WEBP", quality=90)

    result = clean_upload(io.BytesIO(webp))

    assert (result.format, result.extension, result.width, result.height) == ("JPEG", "jpg", 90, 60)


def test_clean_upload_keeps_transparent_webp_as_png() -> None:
    webp = _save(_reopen(_transparent_png()), "WEBP", lossless=True)

    result = clean_upload(io.BytesIO(webp))

    assert (result.format, result.extension) == ("PNG", "png")
    assert _reopen(result.content).getpixel((0, 0))[3] == 0


def test_clean_upload_keeps_png_with_transparency() -> None:
    result = clean_upload(io.BytesIO(_transparent_png((120, 80))))

    assert (result.format, result.extension, result.width, result.height) == ("PNG", "png", 120, 80)
    reopened = _reopen(result.content)
    assert (reopened.format, reopened.mode) == ("PNG", "RGBA")
    assert reopened.getpixel((0, 0)) == (0, 0, 0, 0)
    assert reopened.getpixel((100, 60)) == (*RED, 255)


def test_clean_upload_converts_opaque_png_to_jpeg() -> None:
    png = _save(_two_colour_image((120, 80)), "PNG")

    result = clean_upload(io.BytesIO(png))

    assert (result.format, result.extension) == ("JPEG", "jpg")
    assert _reopen(result.content).format == "JPEG"


def test_clean_upload_converts_rgba_png_without_transparent_pixel_to_jpeg() -> None:
    png = _save(_two_colour_image((120, 80), mode="RGBA"), "PNG")

    result = clean_upload(io.BytesIO(png))

    assert result.format == "JPEG"
    assert _reopen(result.content).mode == "RGB"


def test_clean_upload_keeps_palette_png_transparency() -> None:
    img = Image.new("P", (30, 30), 1)
    img.putpalette([0, 0, 0, *RED] + [0, 0, 0] * 254)
    ImageDraw.Draw(img).rectangle((0, 0, 9, 9), fill=0)
    png = _save(img, "PNG", transparency=0)

    result = clean_upload(io.BytesIO(png))

    reopened = _reopen(result.content)
    assert (result.format, reopened.mode) == ("PNG", "RGBA")
    assert reopened.getpixel((0, 0))[3] == 0
    assert reopened.getpixel((20, 20)) == (*RED, 255)


def test_clean_upload_keeps_grey_alpha_png_transparency() -> None:
    img = Image.new("LA", (30, 30), (128, 255))
    ImageDraw.Draw(img).rectangle((0, 0, 9, 9), fill=(0, 0))

    result = clean_upload(io.BytesIO(_save(img, "PNG")))

    reopened = _reopen(result.content)
    assert (result.format, reopened.mode) == ("PNG", "RGBA")
    assert reopened.getpixel((20, 20)) == (128, 128, 128, 255)


def test_clean_upload_converts_cmyk_jpeg_to_rgb() -> None:
    cmyk = _save(Image.new("CMYK", (40, 40), (0, 255, 255, 0)), "JPEG", quality=95)

    result = clean_upload(io.BytesIO(cmyk))

    reopened = _reopen(result.content)
    assert (result.format, reopened.mode) == ("JPEG", "RGB")
    assert _dominant_colour(reopened.getpixel((20, 20))) == "red"


def test_clean_upload_scales_sixteen_bit_grey_png_instead_of_clipping() -> None:
    png = _save(Image.new("I;16", (20, 20), 40000), "PNG")

    result = clean_upload(io.BytesIO(png))

    red, green, blue = _reopen(result.content).getpixel((10, 10))
    assert red == green == blue
    assert abs(red - 40000 // 257) <= 2


def test_clean_upload_uses_first_frame_of_animated_webp() -> None:
    frames = [Image.new("RGB", (50, 40), RED), Image.new("RGB", (50, 40), BLUE)]
    webp = _save(frames[0], "WEBP", save_all=True, append_images=frames[1:], lossless=True)

    result = clean_upload(io.BytesIO(webp))

    assert (result.width, result.height) == (50, 40)
    assert _dominant_colour(_reopen(result.content).getpixel((25, 20))) == "red"


def test_clean_upload_accepts_minimum_size() -> None:
    result = clean_upload(io.BytesIO(_jpeg((10, 10))))

    assert (result.width, result.height) == (10, 10)


def test_clean_upload_accepts_file_of_exactly_max_bytes() -> None:
    data = _jpeg()

    result = clean_upload(io.BytesIO(data), max_bytes=len(data))

    assert result.format == "JPEG"


# --------------------------------------------------------------------------------------
# clean_upload: refused files
# --------------------------------------------------------------------------------------


def test_clean_upload_refuses_text_file_renamed_jpg() -> None:
    upload = SimpleUploadedFile(
        "photo.jpg", b"Bonjour, ceci n'est pas une image.\n" * 20, content_type="image/jpeg"
    )

    with pytest.raises(ValidationError) as excinfo:
        clean_upload(upload)

    assert excinfo.value.code == "invalid_image"


def test_clean_upload_refuses_empty_file() -> None:
    assert _refusal_code(b"") == "invalid_image"


def test_clean_upload_refuses_truncated_jpeg() -> None:
    data = _noisy_jpeg()

    assert _refusal_code(data[: len(data) * 6 // 10]) == "invalid_image"


def test_clean_upload_refuses_truncated_png() -> None:
    data = _save(Image.effect_noise((200, 200), 80), "PNG")

    assert _refusal_code(data[: len(data) // 2]) == "invalid_image"


def test_clean_upload_refuses_png_with_corrupted_crc() -> None:
    data = bytearray(_save(Image.effect_noise((50, 50), 80), "PNG"))
    idat = data.index(b"IDAT")
    data[idat + 10] ^= 0xFF  # flip a byte of the compressed pixel data

    assert _refusal_code(bytes(data)) == "invalid_image"


def test_clean_upload_refuses_gif() -> None:
    gif = _save(_two_colour_image((50, 50)), "GIF")

    assert _refusal_code(gif) == "invalid_image"


@pytest.mark.parametrize("image_format", ["BMP", "TIFF", "ICO", "PPM"])
def test_clean_upload_refuses_other_image_formats(image_format: str) -> None:
    data = _save(_two_colour_image((48, 48)), image_format)

    assert _refusal_code(data) == "invalid_image"


def test_clean_upload_refuses_oversized_bytes() -> None:
    data = _jpeg()

    with pytest.raises(ValidationError) as excinfo:
        clean_upload(io.BytesIO(data), max_bytes=len(data) - 1)

    assert excinfo.value.code == "file_too_large"


def test_clean_upload_refuses_declared_size_without_reading() -> None:
    class DeclaredTooLarge:
        size = 16 * 1024 * 1024

        def read(self, size: int = -1, /) -> bytes:
            raise AssertionError("the file must not be read")

        def seek(self, offset: int, whence: int = 0, /) -> int:
            return 0

    with pytest.raises(ValidationError) as excinfo:
        clean_upload(DeclaredTooLarge())

    assert excinfo.value.code == "file_too_large"
    assert excinfo.value.params == {"max": "15"}


def test_clean_upload_too_large_message_gives_limit_in_mo() -> None:
    upload = SimpleUploadedFile("big.jpg", b"\xff" * (512 * 1024 + 1), content_type="image/jpeg")

    with pytest.raises(ValidationError) as excinfo:
        clean_upload(upload, max_bytes=512 * 1024)

    assert excinfo.value.code == "file_too_large"
    assert excinfo.value.params == {"max": "0,5"}


def test_clean_upload_reads_at_most_max_bytes_plus_one_when_size_is_unknown() -> None:
    class UnsizedStream(io.RawIOBase):
        """A stream without ``size`` that records how much was requested from it."""

        def __init__(self) -> None:
            self.requested = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
            self.requested += len(buffer)
            buffer[:] = b"\x00" * len(buffer)
            return len(buffer)

    stream = UnsizedStream()

    with pytest.raises(ValidationError) as excinfo:
        clean_upload(stream, max_bytes=1000)

    assert excinfo.value.code == "file_too_large"
    assert stream.requested == 1001


def test_clean_upload_refuses_too_small_image() -> None:
    with pytest.raises(ValidationError) as excinfo:
        clean_upload(io.BytesIO(_jpeg((9, 50))))

    assert excinfo.value.code == "image_too_small"
    assert excinfo.value.params == {"width": 9, "height": 50, "min": 10}


def test_clean_upload_refuses_too_many_pixels_with_custom_limit() -> None:
    with pytest.raises(ValidationError) as excinfo:
        clean_upload(io.BytesIO(_jpeg((1000, 600))), max_pixels=500_000)

    assert excinfo.value.code == "too_many_pixels"
    assert excinfo.value.params == {"width": 1000, "height": 600, "max": "0,5"}


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_png_bomb_fixture_is_small_and_declares_huge_canvas() -> None:
    bomb = _png_bomb()

    assert len(bomb) < 100_000
    with Image.open(io.BytesIO(bomb)) as img:  # lazy: only the header is parsed
        assert (img.format, img.size) == ("PNG", (12000, 12000))


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_clean_upload_refuses_decompression_bomb_without_decoding_pixels(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    decoded: list[tuple[int, int]] = []
    original_load = ImageFile.ImageFile.load

    def spy_load(self: ImageFile.ImageFile) -> object:
        decoded.append(self.size)
        return original_load(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spy_load)

    with pytest.raises(ValidationError) as excinfo:
        clean_upload(io.BytesIO(_png_bomb()))  # default max_pixels

    assert excinfo.value.code == "too_many_pixels"
    assert excinfo.value.params == {"width": 12000, "height": 12000, "max": "40"}
    assert decoded == []


@pytest.mark.filterwarnings("error::PIL.Image.DecompressionBombWarning")
def test_clean_upload_refuses_decompression_bomb_when_pillow_warnings_are_errors() -> None:
    assert _refusal_code(_png_bomb()) == "too_many_pixels"


def test_clean_upload_refuses_bomb_caught_by_pillow_own_safeguard() -> None:
    # 30000 x 30000 exceeds twice Image.MAX_IMAGE_PIXELS: Image.open() itself raises
    # DecompressionBombError before our check runs, even with a huge max_pixels.
    forged = _forged_png_header(30000, 30000)

    with pytest.raises(ValidationError) as excinfo:
        clean_upload(io.BytesIO(forged), max_pixels=10**10)

    assert excinfo.value.code == "too_many_pixels"
    assert excinfo.value.params == {"max": "10000"}


def test_clean_upload_refuses_forged_header_under_default_limit() -> None:
    assert _refusal_code(_forged_png_header(8000, 6000)) == "too_many_pixels"


def test_clean_upload_does_not_change_pillow_global_limits() -> None:
    before = (Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES)

    clean_upload(io.BytesIO(_jpeg()))
    with pytest.raises(ValidationError):
        clean_upload(io.BytesIO(_forged_png_header(8000, 6000)))

    assert before == (Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES)


# --------------------------------------------------------------------------------------
# clean_upload: sanitising
# --------------------------------------------------------------------------------------


def test_clean_upload_strips_exif_gps_and_artist() -> None:
    exif = _exif(tag_013B="Jean Photographe", tag_010E="Une légende".encode())
    exif[EXIF_GPS_IFD] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)}
    original = _jpeg(exif=exif)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(EXIF_GPS_IFD) != {}

    result = clean_upload(io.BytesIO(original))

    reopened = _reopen(result.content)
    assert len(reopened.getexif()) == 0
    assert "exif" not in reopened.info
    assert b"Exif" not in result.content
    assert b"Jean Photographe" not in result.content
    # ...but the credit and caption were read before stripping.
    assert result.metadata == ImageMetadata(credit="Jean Photographe", caption="Une légende")


def test_clean_upload_strips_icc_profile_xmp_and_comment() -> None:
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    original = _jpeg(icc_profile=srgb, comment=b"secret comment", xmp=xmp)

    result = clean_upload(io.BytesIO(original))

    reopened = _reopen(result.content)
    assert [key for key in ("icc_profile", "comment", "xmp") if key in reopened.info] == []
    assert b"secret comment" not in result.content
    assert b"xmpmeta" not in result.content
    assert _dominant_colour(reopened.getpixel((20, 50))) == "red"


def test_clean_upload_strips_png_text_chunks() -> None:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "secret comment")
    png = _save(_reopen(_transparent_png()), "PNG", pnginfo=info)

    result = clean_upload(io.BytesIO(png))

    assert result.format == "PNG"
    assert b"secret comment" not in result.content
    assert "Comment" not in _reopen(result.content).info


def test_clean_upload_accepts_broken_icc_profile() -> None:
    original = _jpeg(icc_profile=b"this is not an ICC profile" * 10)

    result = clean_upload(io.BytesIO(original))

    assert "icc_profile" not in _reopen(result.content).info


def test_clean_upload_strips_appended_payload() -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("index.html", PAYLOAD_SCRIPT)
    polyglot = _jpeg() + archive.getvalue() + b"PK\x03\x04" + PAYLOAD_SCRIPT
    assert zipfile.is_zipfile(io.BytesIO(polyglot))

    result = clean_upload(io.BytesIO(polyglot))

    assert b"PK\x03\x04" not in result.content
    assert PAYLOAD_SCRIPT not in result.content
    assert b"index.html" not in result.content
    assert result.content.endswith(b"\xff\xd9")


def test_clean_upload_applies_exif_orientation() -> None:
    original = _jpeg((200, 100), exif=_exif(tag_0112=6))

    result = clean_upload(io.BytesIO(original))

    assert (result.width, result.height) == (100, 200)
    reopened = _reopen(result.content)
    assert reopened.size == (100, 200)
    # Orientation 6 means "rotate 90° clockwise to display": the left half goes on top.
    assert _dominant_colour(reopened.getpixel((50, 20))) == "red"
    assert _dominant_colour(reopened.getpixel((50, 180))) == "blue"


def test_clean_upload_output_is_deterministic() -> None:
    data = _jpeg(exif=_exif(tag_0112=3))

    assert clean_upload(io.BytesIO(data)) == clean_upload(io.BytesIO(data))


# --------------------------------------------------------------------------------------
# read_metadata
# --------------------------------------------------------------------------------------


def test_read_metadata_reads_exif_artist_and_description() -> None:
    data = _jpeg(exif=_exif(tag_013B="Marie Dupont", tag_010E="Manifestation a Paris"))

    with Image.open(io.BytesIO(data)) as img:
        metadata = read_metadata(img)

    assert metadata == ImageMetadata(credit="Marie Dupont", caption="Manifestation a Paris")


def test_read_metadata_decodes_utf8_exif_bytes() -> None:
    exif = _exif(tag_013B="Élodie Müller".encode(), tag_010E="Fête de la musique".encode())

    with Image.open(io.BytesIO(_jpeg(exif=exif))) as img:
        metadata = read_metadata(img)

    assert metadata == ImageMetadata(credit="Élodie Müller", caption="Fête de la musique")


def test_read_metadata_falls_back_to_exif_copyright() -> None:
    exif = _exif(tag_8298=b"(c) Agence Exemple\x00 \x00")

    with Image.open(io.BytesIO(_jpeg(exif=exif))) as img:
        assert read_metadata(img).credit == "(c) Agence Exemple"


def test_read_metadata_reads_iptc_credit_and_caption() -> None:
    data = _with_iptc(
        _jpeg(),
        [(110, b"Agence France-Presse"), (120, "Le maire à l'inauguration".encode())],
    )

    with Image.open(io.BytesIO(data)) as img:
        metadata = read_metadata(img)

    assert metadata == ImageMetadata(
        credit="Agence France-Presse", caption="Le maire à l'inauguration"
    )


def test_read_metadata_prefers_iptc_over_exif() -> None:
    exif = _exif(tag_013B="Auteur EXIF", tag_010E="Legende EXIF")
    data = _with_iptc(_jpeg(exif=exif), [(80, b"Auteur IPTC"), (120, b"Legende IPTC")])

    with Image.open(io.BytesIO(data)) as img:
        metadata = read_metadata(img)

    assert metadata == ImageMetadata(credit="Auteur IPTC", caption="Legende IPTC")


def test_read_metadata_iptc_credit_priority_is_credit_then_byline_then_copyright() -> None:
    jpeg = _jpeg()
    all_three = [(116, b"Copyright"), (80, b"By-line"), (110, b"Credit")]

    def credit_of(datasets: list[tuple[int, bytes]]) -> str:
        with Image.open(io.BytesIO(_with_iptc(jpeg, datasets))) as img:
            return read_metadata(img).credit

    assert credit_of(all_three) == "Credit"
    assert credit_of(all_three[:2]) == "By-line"
    assert credit_of(all_three[:1]) == "Copyright"


def test_read_metadata_joins_repeated_iptc_bylines() -> None:
    data = _with_iptc(_jpeg(), [(80, b"Anne Martin"), (80, b"Paul Durand")])

    with Image.open(io.BytesIO(data)) as img:
        assert read_metadata(img).credit == "Anne Martin, Paul Durand"


def test_read_metadata_decodes_latin1_iptc() -> None:
    data = _with_iptc(_jpeg(), [(110, "Agence Côté".encode("latin-1"))])

    with Image.open(io.BytesIO(data)) as img:
        assert read_metadata(img).credit == "Agence Côté"


def test_read_metadata_collapses_whitespace_and_caps_length() -> None:
    exif = _exif(tag_013B="  Jean \t\n Dupont  ", tag_010E="mot " * 300)

    with Image.open(io.BytesIO(_jpeg(exif=exif))) as img:
        metadata = read_metadata(img)

    assert metadata.credit == "Jean Dupont"
    assert len(metadata.caption) <= CAPTION_MAX_LENGTH
    assert metadata.caption == ("mot " * 125)[:CAPTION_MAX_LENGTH].rstrip()


def test_read_metadata_caps_credit_length() -> None:
    data = _with_iptc(_jpeg(), [(110, b"x" * 1000)])

    with Image.open(io.BytesIO(data)) as img:
        assert read_metadata(img).credit == "x" * CREDIT_MAX_LENGTH


def test_read_metadata_ignores_camera_placeholder_caption() -> None:
    exif = _exif(tag_010E="OLYMPUS DIGITAL CAMERA         ")

    with Image.open(io.BytesIO(_jpeg(exif=exif))) as img:
        assert read_metadata(img).caption == ""


def test_read_metadata_returns_empty_strings_without_metadata() -> None:
    with Image.open(io.BytesIO(_save(_two_colour_image((20, 20)), "PNG"))) as img:
        assert read_metadata(img) == ImageMetadata(credit="", caption="")


@pytest.mark.filterwarnings("ignore:Corrupt EXIF data")
def test_read_metadata_does_not_raise_on_broken_exif_and_iptc() -> None:
    broken_exif = _jpeg_segment(0xFFE1, b"Exif\x00\x00MM\x00\x2a\xff\xff\xff\xf0garbage")
    broken_iptc = _photoshop_app13(0x0404, b"\x1c\x63\x50\x00\x05hello\x1c\x02")
    data = _splice_after_soi(_splice_after_soi(_jpeg(), broken_exif), broken_iptc)

    with Image.open(io.BytesIO(data)) as img:
        assert read_metadata(img) == ImageMetadata(credit="", caption="")

    result = clean_upload(io.BytesIO(data))
    assert result.metadata == ImageMetadata(credit="", caption="")
    assert (result.format, result.width, result.height) == ("JPEG", 200, 100)


def test_read_metadata_does_not_raise_on_truncated_photoshop_block() -> None:
    segment = _jpeg_segment(0xFFED, b"Photoshop 3.0\x008BIM\x04\x04\x00\x00\xff\xff\xff\xff\x1c")

    with Image.open(io.BytesIO(_splice_after_soi(_jpeg(), segment))) as img:
        assert read_metadata(img) == ImageMetadata(credit="", caption="")


def test_clean_upload_returns_iptc_metadata_with_priority_over_exif() -> None:
    exif = _exif(tag_013B="Auteur EXIF", tag_010E="Legende EXIF")
    data = _with_iptc(_jpeg(exif=exif), [(110, b"Reuters"), (120, "Légende IPTC".encode())])

    result = clean_upload(io.BytesIO(data))

    assert result.metadata == ImageMetadata(credit="Reuters", caption="Légende IPTC")
    assert b"Reuters" not in result.content
    assert b"Photoshop" not in result.content


# --------------------------------------------------------------------------------------
# make_renditions
# --------------------------------------------------------------------------------------


def test_make_renditions_widths_formats_and_order_for_1000px_image() -> None:
    content = clean_upload(io.BytesIO(_jpeg((1000, 667)))).content

    renditions = make_renditions(content)

    assert all(isinstance(rendition, Rendition) for rendition in renditions)
    assert [(r.width, r.format) for r in renditions] == [
        (320, "WEBP"),
        (320, "JPEG"),
        (640, "WEBP"),
        (640, "JPEG"),
        (960, "WEBP"),
        (960, "JPEG"),
        (1000, "WEBP"),
        (1000, "JPEG"),
    ]
    # 667 * 320 / 1000 = 213.44, 667 * 640 / 1000 = 426.88, 667 * 960 / 1000 = 640.32
    assert [(r.width, r.height) for r in renditions[::2]] == [
        (320, 213),
        (640, 427),
        (960, 640),
        (1000, 667),
    ]
    assert [r.extension for r in renditions[:2]] == ["webp", "jpg"]


def test_make_renditions_bytes_reopen_with_declared_size_and_format() -> None:
    content = clean_upload(io.BytesIO(_jpeg((1000, 667)))).content

    for rendition in make_renditions(content):
        reopened = _reopen(rendition.content)
        assert (reopened.format, reopened.size) == (
            rendition.format,
            (rendition.width, rendition.height),
        )
        assert "exif" not in reopened.info
        assert "icc_profile" not in reopened.info


def test_make_renditions_keeps_colours_in_place() -> None:
    content = clean_upload(io.BytesIO(_jpeg((1000, 500)))).content

    smallest_webp = _reopen(make_renditions(content)[0].content).convert("RGB")

    assert smallest_webp.size == (320, 160)
    assert _dominant_colour(smallest_webp.getpixel((40, 80))) == "red"
    assert _dominant_colour(smallest_webp.getpixel((280, 80))) == "blue"


def test_make_renditions_transparent_source_gives_png_fallbacks() -> None:
    cleaned = clean_upload(io.BytesIO(_transparent_png((700, 350))))
    assert cleaned.format == "PNG"

    renditions = make_renditions(cleaned.content)

    assert [(r.width, r.height, r.format, r.extension) for r in renditions] == [
        (320, 160, "WEBP", "webp"),
        (320, 160, "PNG", "png"),
        (640, 320, "WEBP", "webp"),
        (640, 320, "PNG", "png"),
        (700, 350, "WEBP", "webp"),
        (700, 350, "PNG", "png"),
    ]
    for rendition in renditions:
        reopened = _reopen(rendition.content)
        assert reopened.mode == "RGBA"
        assert reopened.getpixel((0, 0))[3] == 0


def test_make_renditions_never_upscales_small_image() -> None:
    content = clean_upload(io.BytesIO(_jpeg((300, 200)))).content

    renditions = make_renditions(content)

    assert [(r.width, r.height, r.format) for r in renditions] == [
        (300, 200, "WEBP"),
        (300, 200, "JPEG"),
    ]


def test_make_renditions_exact_width_is_not_duplicated() -> None:
    content = clean_upload(io.BytesIO(_jpeg((640, 480)))).content

    renditions = make_renditions(content)

    assert [(r.width, r.format) for r in renditions] == [
        (320, "WEBP"),
        (320, "JPEG"),
        (640, "WEBP"),
        (640, "JPEG"),
    ]


def test_make_renditions_sorts_and_deduplicates_custom_widths() -> None:
    content = clean_upload(io.BytesIO(_jpeg((800, 400)))).content

    renditions = make_renditions(content, widths=(500, 100, 500, 2000, 0))

    assert [(r.width, r.height, r.format) for r in renditions] == [
        (100, 50, "WEBP"),
        (100, 50, "JPEG"),
        (500, 250, "WEBP"),
        (500, 250, "JPEG"),
        (800, 400, "WEBP"),
        (800, 400, "JPEG"),
    ]


def test_make_renditions_is_deterministic() -> None:
    content = clean_upload(io.BytesIO(_transparent_png((700, 350)))).content

    assert make_renditions(content) == make_renditions(content)
