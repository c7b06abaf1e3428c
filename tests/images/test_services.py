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


def test_saving_an_upload_stores_renditions_then_says_the_image_changed(sent):
    by = UserFactory(username="photo")
    upload = SimpleUploadedFile("Port de Sète.jpg", jpeg_bytes(700, 420), "image/jpeg")

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
    assert [(r["width"], r["format"]) for r in image.renditions] == [
        (320, "WEBP"),
        (320, "JPEG"),
        (640, "WEBP"),
        (640, "JPEG"),
        (700, "WEBP"),
        (700, "JPEG"),
    ]
    assert image.uploaded_by == by
    assert sent == [(Image, image.pk, "Le port", 6)]


def test_saving_the_texts_only_says_the_image_changed(sent):
    image = ImageFactory()
    sent.clear()
    image.caption = "Une nouvelle légende"

    services.save_image(image=image, clean=None)

    assert sent == [(Image, image.pk, "Une nouvelle légende", 8)]
