"""Tests for images.metadata: the credit and caption read from IPTC and EXIF.

Every image is generated in memory with Pillow; no database and no settings are needed
(ValidationError messages stay lazy, so only ``code`` and ``params`` are checked).
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from PIL import Image

from images.metadata import (
    CAPTION_MAX_LENGTH,
    CREDIT_MAX_LENGTH,
    ImageMetadata,
    read_metadata,
)
from images.uploads import clean_upload
from tests.images.support import (
    encoded,
    exif_tags,
    jpeg_segment,
    photoshop_app13,
    splice_after_soi,
    two_colour_image,
    two_colour_jpeg,
    with_iptc,
)

# --------------------------------------------------------------------------------------
# read_metadata
# --------------------------------------------------------------------------------------


def test_read_metadata_reads_exif_artist_and_description() -> None:
    data = two_colour_jpeg(
        exif=exif_tags(tag_013B="Marie Dupont", tag_010E="Manifestation a Paris")
    )

    with Image.open(io.BytesIO(data)) as img:
        metadata = read_metadata(img)

    assert metadata == ImageMetadata(credit="Marie Dupont", caption="Manifestation a Paris")


def test_read_metadata_decodes_utf8_exif_bytes() -> None:
    exif = exif_tags(tag_013B="Élodie Müller".encode(), tag_010E="Fête de la musique".encode())

    with Image.open(io.BytesIO(two_colour_jpeg(exif=exif))) as img:
        metadata = read_metadata(img)

    assert metadata == ImageMetadata(credit="Élodie Müller", caption="Fête de la musique")


def test_read_metadata_falls_back_to_exif_copyright() -> None:
    exif = exif_tags(tag_8298=b"(c) Agence Exemple\x00 \x00")

    with Image.open(io.BytesIO(two_colour_jpeg(exif=exif))) as img:
        assert read_metadata(img).credit == "(c) Agence Exemple"


def test_read_metadata_reads_iptc_credit_and_caption() -> None:
    data = with_iptc(
        two_colour_jpeg(),
        [(110, b"Agence France-Presse"), (120, "Le maire à l'inauguration".encode())],
    )

    with Image.open(io.BytesIO(data)) as img:
        metadata = read_metadata(img)

    assert metadata == ImageMetadata(
        credit="Agence France-Presse", caption="Le maire à l'inauguration"
    )


def test_read_metadata_prefers_iptc_over_exif() -> None:
    exif = exif_tags(tag_013B="Auteur EXIF", tag_010E="Legende EXIF")
    data = with_iptc(two_colour_jpeg(exif=exif), [(80, b"Auteur IPTC"), (120, b"Legende IPTC")])

    with Image.open(io.BytesIO(data)) as img:
        metadata = read_metadata(img)

    assert metadata == ImageMetadata(credit="Auteur IPTC", caption="Legende IPTC")


def test_read_metadata_iptc_credit_priority_is_credit_then_byline_then_copyright() -> None:
    jpeg = two_colour_jpeg()
    all_three = [(116, b"Copyright"), (80, b"By-line"), (110, b"Credit")]

    def credit_of(datasets: list[tuple[int, bytes]]) -> str:
        with Image.open(io.BytesIO(with_iptc(jpeg, datasets))) as img:
            return read_metadata(img).credit

    assert credit_of(all_three) == "Credit"
    assert credit_of(all_three[:2]) == "By-line"
    assert credit_of(all_three[:1]) == "Copyright"


def test_read_metadata_joins_repeated_iptc_bylines() -> None:
    data = with_iptc(two_colour_jpeg(), [(80, b"Anne Martin"), (80, b"Paul Durand")])

    with Image.open(io.BytesIO(data)) as img:
        assert read_metadata(img).credit == "Anne Martin, Paul Durand"


def test_read_metadata_decodes_latin1_iptc() -> None:
    data = with_iptc(two_colour_jpeg(), [(110, "Agence Côté".encode("latin-1"))])

    with Image.open(io.BytesIO(data)) as img:
        assert read_metadata(img).credit == "Agence Côté"


def test_read_metadata_collapses_whitespace_and_caps_length() -> None:
    exif = exif_tags(tag_013B="  Jean \t\n Dupont  ", tag_010E="mot " * 300)

    with Image.open(io.BytesIO(two_colour_jpeg(exif=exif))) as img:
        metadata = read_metadata(img)

    assert metadata.credit == "Jean Dupont"
    assert len(metadata.caption) <= CAPTION_MAX_LENGTH
    assert metadata.caption == ("mot " * 125)[:CAPTION_MAX_LENGTH].rstrip()


def test_read_metadata_caps_credit_length() -> None:
    data = with_iptc(two_colour_jpeg(), [(110, b"x" * 1000)])

    with Image.open(io.BytesIO(data)) as img:
        assert read_metadata(img).credit == "x" * CREDIT_MAX_LENGTH


def test_read_metadata_ignores_camera_placeholder_caption() -> None:
    exif = exif_tags(tag_010E="OLYMPUS DIGITAL CAMERA         ")

    with Image.open(io.BytesIO(two_colour_jpeg(exif=exif))) as img:
        assert read_metadata(img).caption == ""


def test_read_metadata_returns_empty_strings_without_metadata() -> None:
    with Image.open(io.BytesIO(encoded(two_colour_image((20, 20)), "PNG"))) as img:
        assert read_metadata(img) == ImageMetadata(credit="", caption="")


@pytest.mark.filterwarnings("ignore:Corrupt EXIF data")
def test_read_metadata_does_not_raise_on_broken_exif_and_iptc() -> None:
    broken_exif = jpeg_segment(0xFFE1, b"Exif\x00\x00MM\x00\x2a\xff\xff\xff\xf0garbage")
    broken_iptc = photoshop_app13(0x0404, b"\x1c\x63\x50\x00\x05hello\x1c\x02")
    data = splice_after_soi(splice_after_soi(two_colour_jpeg(), broken_exif), broken_iptc)

    with Image.open(io.BytesIO(data)) as img:
        assert read_metadata(img) == ImageMetadata(credit="", caption="")

    result = clean_upload(io.BytesIO(data))
    assert result.metadata == ImageMetadata(credit="", caption="")
    assert (result.format, result.width, result.height) == ("JPEG", 200, 100)


def test_read_metadata_does_not_raise_on_truncated_photoshop_block() -> None:
    segment = jpeg_segment(0xFFED, b"Photoshop 3.0\x008BIM\x04\x04\x00\x00\xff\xff\xff\xff\x1c")

    with Image.open(io.BytesIO(splice_after_soi(two_colour_jpeg(), segment))) as img:
        assert read_metadata(img) == ImageMetadata(credit="", caption="")


# --------------------------------------------------------------------------------------
# Date taken
# --------------------------------------------------------------------------------------


def _exif_taken(**sub_tags: object) -> Image.Exif:
    exif = Image.Exif()
    sub = exif.get_ifd(0x8769)
    for key, value in sub_tags.items():
        sub[int(key.removeprefix("tag_"), 16)] = value
    return exif


def test_read_metadata_reads_the_date_taken_from_exif() -> None:
    data = two_colour_jpeg(exif=_exif_taken(tag_9003="2026:03:08 17:45:02"))

    with Image.open(io.BytesIO(data)) as img:
        assert read_metadata(img).taken_at == datetime(2026, 3, 8, 17, 45, 2)


def test_read_metadata_reads_the_exif_utc_offset() -> None:
    data = two_colour_jpeg(exif=_exif_taken(tag_9003="2026:03:08 17:45:02", tag_9011="+01:00"))

    with Image.open(io.BytesIO(data)) as img:
        taken = read_metadata(img).taken_at

    assert taken == datetime(2026, 3, 8, 16, 45, 2, tzinfo=UTC)


def test_read_metadata_reads_the_iptc_date_created() -> None:
    data = with_iptc(two_colour_jpeg(), [(55, b"20260308"), (60, b"174502+0100")])

    with Image.open(io.BytesIO(data)) as img:
        assert read_metadata(img).taken_at == datetime(2026, 3, 8, 16, 45, 2, tzinfo=UTC)


def test_read_metadata_reads_an_iptc_date_without_time() -> None:
    data = with_iptc(two_colour_jpeg(), [(55, b"20260308")])

    with Image.open(io.BytesIO(data)) as img:
        assert read_metadata(img).taken_at == datetime(2026, 3, 8)


@pytest.mark.parametrize("value", ["0000:00:00 00:00:00", "hier", "2026:13:40 25:00:00"])
def test_read_metadata_ignores_a_broken_date_taken(value) -> None:
    data = two_colour_jpeg(exif=_exif_taken(tag_9003=value))

    with Image.open(io.BytesIO(data)) as img:
        assert read_metadata(img).taken_at is None
