"""The renditions task: after the commit, idempotent, and harmless once the file changed."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template

from images import services, tasks
from images.models import Image
from images.renditions import best_rendition
from images.uploads import clean_upload
from tests.factories import jpeg_bytes

pytestmark = pytest.mark.django_db


def uploaded(width: int = 700, name: str = "port.jpg") -> Image:
    """An image saved by an upload whose renditions task has not run yet."""
    upload = SimpleUploadedFile(name, jpeg_bytes(width, width * 3 // 5), "image/jpeg")
    return services.save_image(
        image=Image(alt_text="Un port", credit="AFP"),
        clean=clean_upload(upload),
        original_name=name,
    )


def test_until_its_renditions_exist_a_page_shows_the_original():
    image = uploaded()

    html = Template("{% load images_tags %}{% picture image %}").render(Context({"image": image}))

    assert best_rendition(image) is None
    assert html == (
        f'<picture><img src="{image.file.url}" width="700" height="420" alt="Un port"'
        ' loading="lazy" decoding="async"></picture>'
    )


def test_the_task_run_twice_makes_the_renditions_once():
    image = uploaded()

    first = tasks.render_image.call(image_id=image.pk, file_name=image.file.name)
    stored = Image.objects.get(pk=image.pk)
    made, crops = stored.renditions, stored.crops
    second = tasks.render_image.call(image_id=image.pk, file_name=image.file.name)

    assert (first, second) == (True, False)
    assert Image.objects.get(pk=image.pk).renditions == made
    assert len(made) == 9
    assert sorted(default_storage.listdir(f"images/renditions/{image.pk}")[1]) == sorted(
        r["path"].rsplit("/", 1)[-1] for r in [*made, *crops]
    )


def test_a_task_for_a_file_replaced_since_does_nothing():
    image = uploaded()
    old_file = image.file.name
    upload = SimpleUploadedFile("autre.jpg", jpeg_bytes(500, 300), "image/jpeg")
    services.save_image(image=image, clean=clean_upload(upload), original_name="autre.jpg")

    assert tasks.render_image.call(image_id=image.pk, file_name=old_file) is False
    assert Image.objects.get(pk=image.pk).renditions == []
    assert tasks.render_image.call(image_id=image.pk, file_name=image.file.name) is True
    assert {r["width"] for r in Image.objects.get(pk=image.pk).renditions} == {320, 500}


def test_a_task_for_a_deleted_image_does_nothing():
    image = uploaded()
    file_name, pk = image.file.name, image.pk
    image.delete()

    assert tasks.render_image.call(image_id=pk, file_name=file_name) is False
