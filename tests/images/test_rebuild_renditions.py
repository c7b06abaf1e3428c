"""``manage.py rebuild_renditions``: the renditions missing, or all of them again."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from images import rights
from images.models import Image
from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("rebuild_renditions", "--no-progress", *args, stdout=out)
    return out.getvalue()


def formats_of(image) -> list[tuple[int, str]]:
    return [(r["width"], r["format"]) for r in Image.objects.get(pk=image.pk).renditions]


def test_only_the_missing_renditions_are_made(django_capture_on_commit_callbacks):
    image = ImageFactory(source_width=700)
    # As before AVIF: the WebP and JPEG renditions only.
    without_avif = [r for r in image.renditions if r["format"] != "AVIF"]
    for r in image.renditions:
        if r["format"] == "AVIF":
            default_storage.delete(r["path"])
    Image.objects.filter(pk=image.pk).update(renditions=without_avif)
    kept_paths = {r["path"] for r in without_avif}

    first = run()
    second = run()

    assert (first, second) == (
        "3 déclinaison(s) fabriquée(s), 0 image(s) en échec.\n",
        "0 déclinaison(s) fabriquée(s), 0 image(s) en échec.\n",
    )
    assert formats_of(image) == [
        (320, "AVIF"),
        (320, "WEBP"),
        (320, "JPEG"),
        (640, "AVIF"),
        (640, "WEBP"),
        (640, "JPEG"),
        (700, "AVIF"),
        (700, "WEBP"),
        (700, "JPEG"),
    ]
    renditions = Image.objects.get(pk=image.pk).renditions
    assert kept_paths <= {r["path"] for r in renditions}
    assert all(default_storage.exists(r["path"]) for r in renditions)


def test_a_new_width_and_one_format(django_capture_on_commit_callbacks):
    image = ImageFactory(source_width=700)

    out = run("--widths", "500", "--formats", "webp")

    assert out == "1 déclinaison(s) fabriquée(s), 0 image(s) en échec.\n"
    assert (500, "WEBP") in formats_of(image)
    assert (500, "JPEG") not in formats_of(image)


def test_all_again_replaces_the_files(django_capture_on_commit_callbacks):
    image = ImageFactory(source_width=400)
    old = [r["path"] for r in [*image.renditions, *image.crops]]

    with django_capture_on_commit_callbacks(execute=True):
        out = run("--all")

    new = [r["path"] for r in Image.objects.get(pk=image.pk).renditions]
    # 320 and 400 wide in three formats, and the two crops (240 square, 400 wide).
    assert out == "12 déclinaison(s) fabriquée(s), 0 image(s) en échec.\n"
    assert set(old).isdisjoint(new)
    assert [default_storage.exists(p) for p in old] == [False] * 12


def test_withdrawn_images_are_left_alone():
    image = ImageFactory(source_width=400)
    rights.withdraw_image(image=image)
    Image.objects.filter(pk=image.pk).update(renditions=[])

    assert run() == "0 déclinaison(s) fabriquée(s), 0 image(s) en échec.\n"


def test_an_unknown_format_is_refused():
    with pytest.raises(CommandError) as refused:
        run("--formats", "gif")

    assert str(refused.value) == (
        "--formats : parmi avif, webp, jpeg (JPEG ou PNG selon l'image) ; reçu 'gif'."
    )


def test_an_image_without_crops_gets_them(django_capture_on_commit_callbacks):
    image = ImageFactory(source_width=400)
    Image.objects.filter(pk=image.pk).update(crops=[])

    out = run()

    assert out == "6 déclinaison(s) fabriquée(s), 0 image(s) en échec.\n"
    assert [(c["crop"], c["width"], c["format"]) for c in Image.objects.get(pk=image.pk).crops] == [
        ("1:1", 240, "AVIF"),
        ("1:1", 240, "WEBP"),
        ("1:1", 240, "JPEG"),
        ("16:9", 400, "AVIF"),
        ("16:9", 400, "WEBP"),
        ("16:9", 400, "JPEG"),
    ]
