import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from images import services
from images.models import Image
from images.signals import image_changed
from images.uploads import clean_upload
from tests.factories import ImageFactory, UserFactory, jpeg_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent():
    """The images ``image_changed`` was sent with, in order."""
    images = []

    def receiver(sender, image, **kwargs):
        images.append((sender, image.pk, image.caption, len(image.renditions)))

    image_changed.connect(receiver)
    yield images
    image_changed.disconnect(receiver)


def test_saving_an_upload_stores_the_original_then_its_renditions_after_the_commit(
    sent, django_capture_on_commit_callbacks
):
    by = UserFactory(username="photo")
    upload = SimpleUploadedFile("Port de Sète.jpg", jpeg_bytes(700, 420), "image/jpeg")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        image = services.save_image(
            image=Image(alt_text="Un port", credit="AFP", caption="Le port"),
            clean=clean_upload(upload),
            original_name=upload.name,
            by=by,
        )
    image.refresh_from_db()
    assert (image.file.name.rsplit("/", 1)[-1], image.width, image.height) == (
        "port-de-sete.jpg",
        700,
        420,
    )
    assert (image.renditions, image.uploaded_by) == ([], by)
    assert sent == [(Image, image.pk, "Le port", 0)]

    for callback in callbacks:  # the commit: the renditions task runs
        callback()

    image.refresh_from_db()
    assert [(r["width"], r["format"]) for r in image.renditions] == [
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
    # Once with the original, once its renditions made: its pages change each time.
    assert sent == [(Image, image.pk, "Le port", 0), (Image, image.pk, "Le port", 9)]


def test_saving_the_texts_only_says_the_image_changed(sent):
    image = ImageFactory()
    sent.clear()
    image.caption = "Une nouvelle légende"

    services.save_image(image=image, clean=None)

    assert sent == [(Image, image.pk, "Une nouvelle légende", 12)]
