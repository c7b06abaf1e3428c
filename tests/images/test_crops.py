"""The thumbnails cropped around the focal point: square and 16:9."""

import io

import pytest
from django.core.files.storage import default_storage
from django.template import Context, Template
from django.urls import reverse
from PIL import Image as PILImage

from images import services, tasks
from images.models import Image
from images.renditions import best_crop, crop_box, make_crops
from images.uploads import clean_upload
from infra.site import absolute_url
from tests.factories import ArticleFactory, ImageFactory
from tests.images.support import dominant_colour, reopen, two_colour_jpeg


@pytest.mark.parametrize(
    ("size", "ratio", "focal", "box"),
    [
        ((1000, 600), "1:1", (0.5, 0.5), (200, 0, 800, 600)),
        ((1000, 600), "1:1", (0.1, 0.5), (0, 0, 600, 600)),  # stopped by the left edge
        ((1000, 600), "1:1", (0.95, 0.2), (400, 0, 1000, 600)),
        ((1000, 600), "16:9", (0.5, 0.0), (0, 0, 1000, 562)),
        ((1000, 600), "16:9", (0.5, 1.0), (0, 38, 1000, 600)),
        ((600, 1000), "16:9", (0.5, 0.3), (0, 131, 600, 469)),  # a portrait: its upper part
        ((600, 1000), "1:1", (0.5, 0.5), (0, 200, 600, 800)),
    ],
)
def test_the_crop_box_centres_the_focal_point_within_the_edges(size, ratio, focal, box):
    assert crop_box(size, ratio, focal) == box


def test_the_square_crop_keeps_the_side_of_the_focal_point():
    # Left half red, right half blue.
    content = clean_upload(io.BytesIO(two_colour_jpeg((1000, 500)))).content

    left = make_crops(content, focal=(0.0, 0.5), crops={"1:1": (320,)}, formats=("FALLBACK",))
    right = make_crops(content, focal=(1.0, 0.5), crops={"1:1": (320,)}, formats=("FALLBACK",))

    assert [(c.crop, c.width, c.height, c.format) for c in left] == [("1:1", 320, 320, "JPEG")]
    left_pixels, right_pixels = reopen(left[0].content), reopen(right[0].content)
    assert dominant_colour(left_pixels.getpixel((300, 160))) == "red"
    assert dominant_colour(right_pixels.getpixel((20, 160))) == "blue"


@pytest.mark.django_db
def test_an_upload_gets_its_crops_in_three_formats():
    image = ImageFactory(source_width=1000)

    assert [(c["crop"], c["width"], c["height"], c["format"]) for c in image.crops] == [
        (ratio, width, height, image_format)
        for ratio, width, height in [
            ("1:1", 320, 320),
            ("1:1", 600, 600),
            ("16:9", 640, 360),
            ("16:9", 960, 540),
            ("16:9", 1000, 562),
        ]
        for image_format in ("AVIF", "WEBP", "JPEG")
    ]
    assert all(default_storage.exists(c["path"]) for c in image.crops)


@pytest.mark.django_db
def test_a_new_focal_point_crops_again(django_capture_on_commit_callbacks):
    image = ImageFactory(source_width=1000)
    old = [c["path"] for c in image.crops]
    image.focal_x, image.focal_y = 0.0, 0.5

    with django_capture_on_commit_callbacks(execute=True):
        services.save_image(image=image, clean=None)

    image.refresh_from_db()
    assert [default_storage.exists(p) for p in old] == [False] * 15
    assert len(image.crops) == 15
    square = reopen(default_storage.open(best_crop(image, "1:1")["path"]).read())
    assert square.size == (600, 600)


@pytest.mark.django_db
def test_a_crop_task_for_a_focal_point_moved_since_does_nothing():
    image = ImageFactory(source_width=400)
    crops = image.crops

    done = tasks.render_crops.call(
        image_id=image.pk, file_name=image.file.name, focal_x=0.1, focal_y=0.1
    )

    assert (done, Image.objects.get(pk=image.pk).crops) == (False, crops)


@pytest.mark.django_db
def test_the_picture_tag_uses_the_crop_asked_for_and_else_the_whole_picture():
    image = ImageFactory(source_width=400)
    template = Template('{% load images_tags %}{% picture image crop="16:9" %}')

    cropped = template.render(Context({"image": image}))
    Image.objects.filter(pk=image.pk).update(crops=[])
    whole = template.render(Context({"image": Image.objects.get(pk=image.pk)}))

    assert 'width="400" height="225"' in cropped
    assert "photo-16x9-400.avif" in cropped
    assert 'width="400" height="240"' in whole


@pytest.mark.django_db
def test_the_social_card_is_the_16_9_crop(client):
    image = ImageFactory(source_width=1000)
    article = ArticleFactory(main_image=image)

    html = client.get(article.get_absolute_url()).content.decode()

    crop = best_crop(image)
    assert (crop["width"], crop["height"], crop["format"]) == (1000, 562, "JPEG")
    url = absolute_url(default_storage.url(crop["path"]))
    assert f'<meta property="og:image" content="{url}">' in html
    assert '<meta property="og:image:height" content="562">' in html


@pytest.mark.django_db
def test_the_home_cards_show_the_16_9_crop(client):
    image = ImageFactory(source_width=1000)
    ArticleFactory(main_image=image)

    html = client.get(reverse("articles:home")).content.decode()

    assert "photo-16x9-1000.avif" in html
    assert "photo-1000.avif" not in html


def test_pixels_of_a_crop_reopen_in_their_format():
    buffer = io.BytesIO()
    PILImage.new("RGB", (800, 600), "#336699").save(buffer, "JPEG")
    content = clean_upload(io.BytesIO(buffer.getvalue())).content

    for crop in make_crops(content, crops={"16:9": (640,)}):
        assert (reopen(crop.content).format, reopen(crop.content).size) == (crop.format, (640, 360))
