"""The rights of an image in the admin: licence, date taken, duplicates, filters."""

import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from PIL import Image as PILImage

from images.models import Image
from tests.factories import ImageFactory, jpeg_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("chef", "chef@example.org", "pw-secret-123")
    client.force_login(user)
    return client


def post(client, content: bytes, **fields):
    data = {
        "file": SimpleUploadedFile("photo.jpg", content, "image/jpeg"),
        "alt_text": "Un port",
        "credit": "AFP",
        "caption": "",
        **fields,
    }
    return client.post(reverse("admin:images_image_add"), data)


def jpeg_taken(original: str, offset: str | None = None) -> bytes:
    exif = PILImage.Exif()
    sub = exif.get_ifd(0x8769)
    sub[0x9003] = original
    if offset:
        sub[0x9011] = offset
    buffer = io.BytesIO()
    PILImage.new("RGB", (400, 300), "#335577").save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def test_the_rights_are_stored_with_the_upload(admin_client):
    response = post(
        admin_client,
        jpeg_bytes(),
        licence="cc",
        cc_variant="BY-SA",
        rights_holder="Wikimedia, Jean Dupont",
        source="https://commons.wikimedia.org/wiki/File:Port.jpg",
        usage_expires_at_0="31/12/2026",
        usage_expires_at_1="23:59:00",
        usage_restrictions="Citer l'auteur",
        focal_x="0.25",
        focal_y="",
    )

    assert response.status_code == 302
    image = Image.objects.get()
    assert (
        image.licence_label,
        image.rights_holder,
        image.source,
        image.usage_expires_at,
        image.usage_restrictions,
        (image.focal_x, image.focal_y),
        len(image.content_hash),
    ) == (
        "CC BY-SA",
        "Wikimedia, Jean Dupont",
        "https://commons.wikimedia.org/wiki/File:Port.jpg",
        datetime(2026, 12, 31, 22, 59, tzinfo=UTC),
        "Citer l'auteur",
        (0.25, 0.5),
        64,
    )


def test_a_creative_commons_licence_without_its_variant_is_refused(admin_client):
    response = post(admin_client, jpeg_bytes(), licence="cc", rights_holder="Jean Dupont")

    form = response.context["adminform"].form
    assert form.errors == {"cc_variant": ["Précisez la variante de la licence Creative Commons."]}
    assert form["rights_holder"].value() == "Jean Dupont"
    assert Image.objects.count() == 0


def test_a_variant_for_another_licence_is_refused(admin_client):
    response = post(admin_client, jpeg_bytes(), licence="agency", cc_variant="BY")

    assert response.context["adminform"].form.errors == {
        "cc_variant": ["Une variante ne s'indique que pour une licence Creative Commons."]
    }


def test_a_focal_point_outside_the_image_is_refused(admin_client):
    response = post(admin_client, jpeg_bytes(), focal_x="1.5")

    assert response.context["adminform"].form.errors == {
        "focal_x": ["Assurez-vous que cette valeur est inférieure ou égale à 1.0."]
    }


def test_the_date_taken_is_prefilled_from_exif_in_the_newsroom_time(admin_client):
    post(admin_client, jpeg_taken("2026:07:14 10:30:00"))

    # Paris is two hours ahead of UTC in July.
    assert Image.objects.get().taken_at == datetime(2026, 7, 14, 8, 30, tzinfo=UTC)


def test_the_date_taken_keeps_the_offset_the_camera_wrote(admin_client):
    post(admin_client, jpeg_taken("2026:07:14 10:30:00", "-04:00"))

    assert Image.objects.get().taken_at == datetime(2026, 7, 14, 14, 30, tzinfo=UTC)


def test_a_date_taken_typed_in_wins_over_the_metadata(admin_client):
    post(
        admin_client,
        jpeg_taken("2026:07:14 10:30:00"),
        taken_at_0="01/07/2026",
        taken_at_1="12:00:00",
    )

    assert Image.objects.get().taken_at == datetime(2026, 7, 1, 10, 0, tzinfo=UTC)


def test_uploading_the_same_picture_again_warns_and_links_the_first(admin_client):
    first = ImageFactory()  # the factory stores jpeg_bytes(1000, 600)

    response = post(admin_client, jpeg_bytes(1000, 600))

    second = Image.objects.exclude(pk=first.pk).get()
    url = reverse("admin:images_image_change", args=[first.pk])
    warnings = [m.message for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert warnings == [
        f'Cette image est déjà dans la photothèque : <a href="{url}">{escape(first)}</a>'
    ]
    assert second.content_hash == first.content_hash
    page = admin_client.get(reverse("admin:images_image_change", args=[second.pk]))
    assert f'<p><a href="{url}">{escape(first)}</a></p>' in page.content.decode()


def test_a_different_picture_gives_no_warning(admin_client):
    ImageFactory()

    response = post(admin_client, jpeg_bytes(900, 600))

    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["success"]


NOW = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("illimites", ["sans limite"]),
        ("bientot", ["dans 3 jours"]),
        ("limites", ["dans 3 jours", "dans 30 jours"]),
        ("retirees", ["expirée", "retirée"]),
        ("sans-licence", ["dans 30 jours"]),
    ],
)
def test_the_rights_filter_of_the_list(admin_client, value, expected):
    ImageFactory(caption="sans limite", licence="own")
    ImageFactory(caption="dans 3 jours", usage_expires_at=NOW + timedelta(days=3), licence="own")
    ImageFactory(caption="dans 30 jours", usage_expires_at=NOW + timedelta(days=30))
    ImageFactory(caption="expirée", usage_expires_at=NOW - timedelta(days=1), licence="own")
    ImageFactory(caption="retirée", withdrawn_at=NOW - timedelta(days=1), licence="agency")

    response = admin_client.get(reverse("admin:images_image_changelist"), {"droits": value})

    assert sorted(i.caption for i in response.context["cl"].result_list) == expected


def test_the_image_page_offers_the_focal_point_picker_and_its_fields(admin_client):
    image = ImageFactory()

    html = admin_client.get(reverse("admin:images_image_change", args=[image.pk])).content.decode()

    assert (
        '<span class="focal-picker" title="Cliquez sur l&#x27;image pour placer son point focal.">'
        in html
    )
    assert 'src="/static/js/admin/focal-point.js"' in html
    assert 'name="focal_x" value="0.5" step="0.01" min="0" max="1"' in html
