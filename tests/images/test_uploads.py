"""Tests for images.uploads: what an upload really is, its limits, and its clean copy.

Every image is generated in memory with Pillow; no database and no settings are needed
(ValidationError messages stay lazy, so only ``code`` and ``params`` are checked).
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms, ImageDraw, ImageFile

from images.metadata import ImageMetadata
from images.uploads import (
    MAX_PIXELS_DEFAULT,
    MAX_UPLOAD_BYTES_DEFAULT,
    CleanImage,
    clean_upload,
)
from tests.images.support import (
    BLUE,
    EXIF_GPS_IFD,
    PAYLOAD_SCRIPT,
    RED,
    dominant_colour,
    encoded,
    exif_tags,
    forged_png_header,
    noisy_jpeg,
    png_bomb,
    refusal_code,
    reopen,
    transparent_png,
    two_colour_image,
    two_colour_jpeg,
    with_iptc,
)


def test_limits_have_documented_values() -> None:
    assert MAX_UPLOAD_BYTES_DEFAULT == 15 * 1024 * 1024
    assert MAX_PIXELS_DEFAULT == 40_000_000


# --------------------------------------------------------------------------------------
# clean_upload: accepted images
# --------------------------------------------------------------------------------------


def test_clean_upload_accepts_valid_jpeg() -> None:
    result = clean_upload(io.BytesIO(two_colour_jpeg((200, 100))))

    assert isinstance(result, CleanImage)
    assert (result.format, result.extension) == ("JPEG", "jpg")
    assert (result.width, result.height) == (200, 100)
    reopened = reopen(result.content)
    assert (reopened.format, reopened.mode, reopened.size) == ("JPEG", "RGB", (200, 100))
    assert result.metadata == ImageMetadata(credit="", caption="")


def test_clean_upload_accepts_django_uploaded_file_and_rewinds_it() -> None:
    upload = SimpleUploadedFile("photo.jpg", two_colour_jpeg((64, 48)), content_type="image/jpeg")
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
    upload = SimpleUploadedFile("photo.gif", two_colour_jpeg((40, 30)), content_type="image/gif")

    assert clean_upload(upload).format == "JPEG"


def test_clean_upload_accepts_opaque_webp_as_jpeg() -> None:
    webp = encoded(two_colour_image((90, 60)), "WEBP", quality=90)

    result = clean_upload(io.BytesIO(webp))

    assert (result.format, result.extension, result.width, result.height) == ("JPEG", "jpg", 90, 60)


def test_clean_upload_keeps_transparent_webp_as_png() -> None:
    webp = encoded(reopen(transparent_png()), "WEBP", lossless=True)

    result = clean_upload(io.BytesIO(webp))

    assert (result.format, result.extension) == ("PNG", "png")
    assert reopen(result.content).getpixel((0, 0))[3] == 0


def test_clean_upload_keeps_png_with_transparency() -> None:
    result = clean_upload(io.BytesIO(transparent_png((120, 80))))

    assert (result.format, result.extension, result.width, result.height) == ("PNG", "png", 120, 80)
    reopened = reopen(result.content)
    assert (reopened.format, reopened.mode) == ("PNG", "RGBA")
    assert reopened.getpixel((0, 0)) == (0, 0, 0, 0)
    assert reopened.getpixel((100, 60)) == (*RED, 255)


def test_clean_upload_converts_opaque_png_to_jpeg() -> None:
    png = encoded(two_colour_image((120, 80)), "PNG")

    result = clean_upload(io.BytesIO(png))

    assert (result.format, result.extension) == ("JPEG", "jpg")
    assert reopen(result.content).format == "JPEG"


def test_clean_upload_converts_rgba_png_without_transparent_pixel_to_jpeg() -> None:
    png = encoded(two_colour_image((120, 80), mode="RGBA"), "PNG")

    result = clean_upload(io.BytesIO(png))

    assert result.format == "JPEG"
    assert reopen(result.content).mode == "RGB"


def test_clean_upload_keeps_palette_png_transparency() -> None:
    img = Image.new("P", (30, 30), 1)
    img.putpalette([0, 0, 0, *RED] + [0, 0, 0] * 254)
    ImageDraw.Draw(img).rectangle((0, 0, 9, 9), fill=0)
    png = encoded(img, "PNG", transparency=0)

    result = clean_upload(io.BytesIO(png))

    reopened = reopen(result.content)
    assert (result.format, reopened.mode) == ("PNG", "RGBA")
    assert reopened.getpixel((0, 0))[3] == 0
    assert reopened.getpixel((20, 20)) == (*RED, 255)


def test_clean_upload_keeps_grey_alpha_png_transparency() -> None:
    img = Image.new("LA", (30, 30), (128, 255))
    ImageDraw.Draw(img).rectangle((0, 0, 9, 9), fill=(0, 0))

    result = clean_upload(io.BytesIO(encoded(img, "PNG")))

    reopened = reopen(result.content)
    assert (result.format, reopened.mode) == ("PNG", "RGBA")
    assert reopened.getpixel((20, 20)) == (128, 128, 128, 255)


def test_clean_upload_converts_cmyk_jpeg_to_rgb() -> None:
    cmyk = encoded(Image.new("CMYK", (40, 40), (0, 255, 255, 0)), "JPEG", quality=95)

    result = clean_upload(io.BytesIO(cmyk))

    reopened = reopen(result.content)
    assert (result.format, reopened.mode) == ("JPEG", "RGB")
    assert dominant_colour(reopened.getpixel((20, 20))) == "red"


def test_clean_upload_scales_sixteen_bit_grey_png_instead_of_clipping() -> None:
    png = encoded(Image.new("I;16", (20, 20), 40000), "PNG")

    result = clean_upload(io.BytesIO(png))

    red, green, blue = reopen(result.content).getpixel((10, 10))
    assert red == green == blue
    assert abs(red - 40000 // 257) <= 2


def test_clean_upload_uses_first_frame_of_animated_webp() -> None:
    frames = [Image.new("RGB", (50, 40), RED), Image.new("RGB", (50, 40), BLUE)]
    webp = encoded(frames[0], "WEBP", save_all=True, append_images=frames[1:], lossless=True)

    result = clean_upload(io.BytesIO(webp))

    assert (result.width, result.height) == (50, 40)
    assert dominant_colour(reopen(result.content).getpixel((25, 20))) == "red"


def test_clean_upload_accepts_minimum_size() -> None:
    result = clean_upload(io.BytesIO(two_colour_jpeg((10, 10))))

    assert (result.width, result.height) == (10, 10)


def test_clean_upload_accepts_file_of_exactly_max_bytes() -> None:
    data = two_colour_jpeg()

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
    assert refusal_code(b"") == "invalid_image"


def test_clean_upload_refuses_truncated_jpeg() -> None:
    data = noisy_jpeg()

    assert refusal_code(data[: len(data) * 6 // 10]) == "invalid_image"


def test_clean_upload_refuses_truncated_png() -> None:
    data = encoded(Image.effect_noise((200, 200), 80), "PNG")

    assert refusal_code(data[: len(data) // 2]) == "invalid_image"


def test_clean_upload_refuses_png_with_corrupted_crc() -> None:
    data = bytearray(encoded(Image.effect_noise((50, 50), 80), "PNG"))
    idat = data.index(b"IDAT")
    data[idat + 10] ^= 0xFF  # flip a byte of the compressed pixel data

    assert refusal_code(bytes(data)) == "invalid_image"


def test_clean_upload_refuses_gif() -> None:
    gif = encoded(two_colour_image((50, 50)), "GIF")

    assert refusal_code(gif) == "invalid_image"


@pytest.mark.parametrize("image_format", ["BMP", "TIFF", "ICO", "PPM"])
def test_clean_upload_refuses_other_image_formats(image_format: str) -> None:
    data = encoded(two_colour_image((48, 48)), image_format)

    assert refusal_code(data) == "invalid_image"


def test_clean_upload_refuses_oversized_bytes() -> None:
    data = two_colour_jpeg()

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
        clean_upload(io.BytesIO(two_colour_jpeg((9, 50))))

    assert excinfo.value.code == "image_too_small"
    assert excinfo.value.params == {"width": 9, "height": 50, "min": 10}


def test_clean_upload_refuses_too_many_pixels_with_custom_limit() -> None:
    with pytest.raises(ValidationError) as excinfo:
        clean_upload(io.BytesIO(two_colour_jpeg((1000, 600))), max_pixels=500_000)

    assert excinfo.value.code == "too_many_pixels"
    assert excinfo.value.params == {"width": 1000, "height": 600, "max": "0,5"}


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_png_bomb_fixture_is_small_and_declares_huge_canvas() -> None:
    bomb = png_bomb()

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
        clean_upload(io.BytesIO(png_bomb()))  # default max_pixels

    assert excinfo.value.code == "too_many_pixels"
    assert excinfo.value.params == {"width": 12000, "height": 12000, "max": "40"}
    assert decoded == []


@pytest.mark.filterwarnings("error::PIL.Image.DecompressionBombWarning")
def test_clean_upload_refuses_decompression_bomb_when_pillow_warnings_are_errors() -> None:
    assert refusal_code(png_bomb()) == "too_many_pixels"


def test_clean_upload_refuses_bomb_caught_by_pillow_own_safeguard() -> None:
    # 30000 x 30000 exceeds twice Image.MAX_IMAGE_PIXELS: Image.open() itself raises
    # DecompressionBombError before our check runs, even with a huge max_pixels.
    forged = forged_png_header(30000, 30000)

    with pytest.raises(ValidationError) as excinfo:
        clean_upload(io.BytesIO(forged), max_pixels=10**10)

    assert excinfo.value.code == "too_many_pixels"
    assert excinfo.value.params == {"max": "10000"}


def test_clean_upload_refuses_forged_header_under_default_limit() -> None:
    assert refusal_code(forged_png_header(8000, 6000)) == "too_many_pixels"


def test_clean_upload_does_not_change_pillow_global_limits() -> None:
    before = (Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES)

    clean_upload(io.BytesIO(two_colour_jpeg()))
    with pytest.raises(ValidationError):
        clean_upload(io.BytesIO(forged_png_header(8000, 6000)))

    assert before == (Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES)


# --------------------------------------------------------------------------------------
# clean_upload: sanitising
# --------------------------------------------------------------------------------------


def test_clean_upload_strips_exif_gps_and_artist() -> None:
    exif = exif_tags(tag_013B="Jean Photographe", tag_010E="Une légende".encode())
    exif[EXIF_GPS_IFD] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)}
    original = two_colour_jpeg(exif=exif)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(EXIF_GPS_IFD) != {}

    result = clean_upload(io.BytesIO(original))

    reopened = reopen(result.content)
    assert len(reopened.getexif()) == 0
    assert "exif" not in reopened.info
    assert b"Exif" not in result.content
    assert b"Jean Photographe" not in result.content
    # ...but the credit and caption were read before stripping.
    assert result.metadata == ImageMetadata(credit="Jean Photographe", caption="Une légende")


def test_clean_upload_strips_icc_profile_xmp_and_comment() -> None:
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    original = two_colour_jpeg(icc_profile=srgb, comment=b"secret comment", xmp=xmp)

    result = clean_upload(io.BytesIO(original))

    reopened = reopen(result.content)
    assert [key for key in ("icc_profile", "comment", "xmp") if key in reopened.info] == []
    assert b"secret comment" not in result.content
    assert b"xmpmeta" not in result.content
    assert dominant_colour(reopened.getpixel((20, 50))) == "red"


def test_clean_upload_strips_png_text_chunks() -> None:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "secret comment")
    png = encoded(reopen(transparent_png()), "PNG", pnginfo=info)

    result = clean_upload(io.BytesIO(png))

    assert result.format == "PNG"
    assert b"secret comment" not in result.content
    assert "Comment" not in reopen(result.content).info


def test_clean_upload_accepts_broken_icc_profile() -> None:
    original = two_colour_jpeg(icc_profile=b"this is not an ICC profile" * 10)

    result = clean_upload(io.BytesIO(original))

    assert "icc_profile" not in reopen(result.content).info


def test_clean_upload_strips_appended_payload() -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("index.html", PAYLOAD_SCRIPT)
    polyglot = two_colour_jpeg() + archive.getvalue() + b"PK\x03\x04" + PAYLOAD_SCRIPT
    assert zipfile.is_zipfile(io.BytesIO(polyglot))

    result = clean_upload(io.BytesIO(polyglot))

    assert b"PK\x03\x04" not in result.content
    assert PAYLOAD_SCRIPT not in result.content
    assert b"index.html" not in result.content
    assert result.content.endswith(b"\xff\xd9")


def test_clean_upload_applies_exif_orientation() -> None:
    original = two_colour_jpeg((200, 100), exif=exif_tags(tag_0112=6))

    result = clean_upload(io.BytesIO(original))

    assert (result.width, result.height) == (100, 200)
    reopened = reopen(result.content)
    assert reopened.size == (100, 200)
    # Orientation 6 means "rotate 90° clockwise to display": the left half goes on top.
    assert dominant_colour(reopened.getpixel((50, 20))) == "red"
    assert dominant_colour(reopened.getpixel((50, 180))) == "blue"


def test_clean_upload_output_is_deterministic() -> None:
    data = two_colour_jpeg(exif=exif_tags(tag_0112=3))

    assert clean_upload(io.BytesIO(data)) == clean_upload(io.BytesIO(data))


def test_clean_upload_returns_iptc_metadata_with_priority_over_exif() -> None:
    exif = exif_tags(tag_013B="Auteur EXIF", tag_010E="Legende EXIF")
    data = with_iptc(
        two_colour_jpeg(exif=exif), [(110, b"Reuters"), (120, "Légende IPTC".encode())]
    )

    result = clean_upload(io.BytesIO(data))

    assert result.metadata == ImageMetadata(credit="Reuters", caption="Légende IPTC")
    assert b"Reuters" not in result.content
    assert b"Photoshop" not in result.content
