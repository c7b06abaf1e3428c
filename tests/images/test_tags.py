"""The ``{% picture %}`` tag: AVIF, then WebP, then the JPEG every browser reads."""

import pytest
from django.core.files.storage import default_storage
from django.template import Context, Template

from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db


def test_the_picture_offers_avif_then_webp_then_jpeg():
    image = ImageFactory(source_width=700, alt_text="Un port")

    html = Template('{% load images_tags %}{% picture image sizes="50vw" %}').render(
        Context({"image": image})
    )

    def srcset(extension):
        return ", ".join(
            f"{default_storage.url(f'images/renditions/{image.pk}/photo-{w}.{extension}')} {w}w"
            for w in (320, 640, 700)
        )

    largest = default_storage.url(f"images/renditions/{image.pk}/photo-700.jpg")
    assert html == (
        "<picture>"
        f'<source type="image/avif" srcset="{srcset("avif")}" sizes="50vw">'
        f'<source type="image/webp" srcset="{srcset("webp")}" sizes="50vw">'
        f'<img src="{largest}" srcset="{srcset("jpg")}" sizes="50vw" width="700" height="420"'
        ' alt="Un port" loading="lazy" decoding="async"></picture>'
    )
