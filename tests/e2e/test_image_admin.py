"""The image's admin page: the focal point set by a click, no serious accessibility violation."""

import pytest

from images.models import Image
from tests.e2e.support import admin_login, url
from tests.factories import ImageFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_click_on_the_preview_sets_the_focal_point_and_the_crops_follow(
    live_server, page, staff_user, axe
):
    image = ImageFactory(caption="Le port au matin")
    old_crops = image.crops
    admin_login(page, live_server, staff_user("photo", "Éditeurs"))

    page.goto(url(live_server, "admin:images_image_change", image.pk))
    assert axe(page) == []
    preview = page.locator(".focal-picker img")
    box = preview.bounding_box()
    preview.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})

    assert float(page.locator("#id_focal_x").input_value()) == pytest.approx(0.25, abs=0.01)
    assert float(page.locator("#id_focal_y").input_value()) == pytest.approx(0.75, abs=0.01)
    marker = page.locator(".focal-picker__marker")
    assert marker.is_visible()
    page.get_by_role("button", name="Enregistrer", exact=True).click()

    page.locator(".messagelist").wait_for()
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == pytest.approx((0.25, 0.75), abs=0.01)
    assert image.crops != old_crops
    assert Image.objects.get(pk=image.pk).is_usable
    page.problems.assert_clean()


def test_the_numeric_fields_move_the_marker(live_server, page, staff_user):
    image = ImageFactory()
    admin_login(page, live_server, staff_user("photo", "Éditeurs"))

    page.goto(url(live_server, "admin:images_image_change", image.pk))
    page.locator("#id_focal_x").fill("0.1")

    left = page.locator(".focal-picker__marker").evaluate("m => m.style.left")
    assert left == "10%"
    page.problems.assert_clean()
