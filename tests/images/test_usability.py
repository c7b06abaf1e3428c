"""Which images a public page may show: not withdrawn, usage rights not expired."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import IntegrityError
from django.template import Context, Template

from images.models import Image
from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)


def render(image) -> str:
    return Template("{% load images_tags %}{% picture image %}").render(Context({"image": image}))


@time_machine.travel(NOW, tick=False)
def test_usable_lists_images_unlimited_or_before_their_expiry_and_not_withdrawn():
    unlimited = ImageFactory()
    later = ImageFactory(usage_expires_at=NOW + timedelta(seconds=1))
    expired = ImageFactory(usage_expires_at=NOW)
    withdrawn = ImageFactory(withdrawn_at=NOW - timedelta(days=1))

    usable = set(Image.objects.usable())
    unusable = set(Image.objects.unusable())

    assert usable == {unlimited, later}
    assert unusable == {expired, withdrawn}
    assert [i.is_usable for i in (unlimited, later, expired, withdrawn)] == [
        True,
        True,
        False,
        False,
    ]


def test_an_image_stops_being_usable_the_moment_its_rights_expire():
    image = ImageFactory(usage_expires_at=NOW)

    with time_machine.travel(NOW - timedelta(microseconds=1), tick=False):
        before = (image.is_usable, Image.objects.usable().filter(pk=image.pk).exists())
    with time_machine.travel(NOW, tick=False):
        at = (image.is_usable, Image.objects.usable().filter(pk=image.pk).exists())

    assert (before, at) == ((True, True), (False, False))


def test_the_picture_tag_renders_nothing_for_an_unusable_image():
    image = ImageFactory(usage_expires_at=NOW)

    with time_machine.travel(NOW - timedelta(days=1), tick=False):
        before = render(image)
    with time_machine.travel(NOW, tick=False):
        after = render(image)

    assert before.startswith("<picture>")
    assert after == ""


def test_the_picture_tag_renders_nothing_for_a_withdrawn_image():
    assert render(ImageFactory(withdrawn_at=NOW)) == ""


def test_a_creative_commons_licence_needs_its_variant_and_only_it_has_one():
    image = ImageFactory(licence=Image.Licence.CREATIVE_COMMONS, cc_variant="BY-SA")

    assert image.licence_label == "CC BY-SA"
    assert ImageFactory(licence=Image.Licence.RESERVED).licence_label == "Droits réservés"
    with pytest.raises(IntegrityError):
        Image.objects.filter(pk=image.pk).update(cc_variant="")


def test_a_variant_without_a_creative_commons_licence_is_refused_by_the_database():
    image = ImageFactory(licence=Image.Licence.AGENCY)

    with pytest.raises(IntegrityError):
        Image.objects.filter(pk=image.pk).update(cc_variant="BY")


def test_the_focal_point_stays_inside_the_image():
    image = ImageFactory()

    assert (image.focal_x, image.focal_y) == (0.5, 0.5)
    with pytest.raises(IntegrityError):
        Image.objects.filter(pk=image.pk).update(focal_x=1.2)
