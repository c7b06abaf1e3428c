import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage

from images.models import Image
from tests.factories import ArticleFactory, ImageFactory, jpeg_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("chef", "chef@example.org", "pw-secret-123")
    client.force_login(user)
    return client


def upload(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type)


def jpeg_with_exif(artist: str, description: str) -> bytes:
    exif = PILImage.Exif()
    exif[0x013B] = artist
    exif[0x010E] = description
    buffer = io.BytesIO()
    PILImage.new("RGB", (800, 500), "#884422").save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def test_image_upload_stores_file_and_renditions(admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = admin_client.post(
            reverse("admin:images_image_add"),
            {
                "file": upload("Photo Réunion.JPG", jpeg_bytes(1400, 700)),
                "alt_text": "Une salle de réunion",
                "credit": "Le Quotidien",
                "caption": "",
            },
        )
    # The request stored the original only; the renditions task ran after the commit.
    assert Image.objects.get().renditions == []
    for callback in callbacks:
        callback()

    assert (response.status_code, response["Location"]) == (
        302,
        reverse("admin:images_image_changelist"),
    )
    image = Image.objects.get()
    assert (image.width, image.height, image.credit) == (1400, 700, "Le Quotidien")
    assert image.file.name.endswith("photo-reunion.jpg")
    assert [(r["width"], r["format"]) for r in image.renditions] == [
        (320, "AVIF"),
        (320, "WEBP"),
        (320, "JPEG"),
        (640, "AVIF"),
        (640, "WEBP"),
        (640, "JPEG"),
        (960, "AVIF"),
        (960, "WEBP"),
        (960, "JPEG"),
        (1280, "AVIF"),
        (1280, "WEBP"),
        (1280, "JPEG"),
        (1400, "AVIF"),
        (1400, "WEBP"),
        (1400, "JPEG"),
    ]


def test_image_upload_refuses_a_fake_image_with_a_french_message(admin_client):
    response = admin_client.post(
        reverse("admin:images_image_add"),
        {
            "file": upload("photo.jpg", b"MZ\x90\x00 not an image at all"),
            "alt_text": "Texte alternatif gardé",
            "credit": "AFP",
        },
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["file"] == [
        "Le fichier n'est pas une image valide (formats acceptés : JPEG, PNG, WebP)."
    ]
    assert form["alt_text"].value() == "Texte alternatif gardé"
    assert Image.objects.count() == 0


def test_image_upload_refuses_an_oversized_file(admin_client, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "IMAGE_MAX_UPLOAD_BYTES": 1024 * 1024}
    noisy = PILImage.effect_noise((1500, 1500), 100).convert("RGB")
    buffer = io.BytesIO()
    noisy.save(buffer, "JPEG", quality=100)

    response = admin_client.post(
        reverse("admin:images_image_add"),
        {"file": upload("big.jpg", buffer.getvalue()), "alt_text": "Bruit", "credit": "AFP"},
    )

    assert response.context["adminform"].form.errors["file"] == [
        "Le fichier dépasse la taille maximale autorisée de 1 Mo."
    ]
    assert Image.objects.count() == 0


def test_image_upload_refuses_a_decompression_bomb(admin_client):
    buffer = io.BytesIO()
    PILImage.new("1", (12000, 12000)).save(buffer, "PNG", optimize=True)

    response = admin_client.post(
        reverse("admin:images_image_add"),
        {
            "file": upload("bomb.png", buffer.getvalue(), "image/png"),
            "alt_text": "x",
            "credit": "x",
        },
    )

    errors = response.context["adminform"].form.errors["file"]
    assert len(buffer.getvalue()) < 100_000
    assert len(errors) == 1
    assert errors[0].startswith("L'image est trop grande")
    assert errors[0].endswith("le maximum est de 40 mégapixels.")
    assert Image.objects.count() == 0


def test_image_upload_prefills_credit_and_caption_from_metadata(admin_client):
    response = admin_client.post(
        reverse("admin:images_image_add"),
        {
            "file": upload("exif.jpg", jpeg_with_exif("Jean Photographe", "Le port de Marseille")),
            "alt_text": "Un port",
            "credit": "",
            "caption": "",
        },
    )

    assert (response.status_code, response["Location"]) == (
        302,
        reverse("admin:images_image_changelist"),
    )
    image = Image.objects.get()
    assert (image.credit, image.caption) == ("Jean Photographe", "Le port de Marseille")


def test_image_upload_without_any_credit_is_refused(admin_client):
    response = admin_client.post(
        reverse("admin:images_image_add"),
        {"file": upload("photo.jpg", jpeg_bytes()), "alt_text": "Un port", "credit": " "},
    )

    assert response.context["adminform"].form.errors["credit"] == [
        "Indiquez les crédits de l'image (le fichier n'en contient pas)."
    ]


def test_image_page_links_the_articles_using_it_newest_first(admin_client):
    image = ImageFactory()
    now = timezone.now()
    older = ArticleFactory(title="Plus ancien", main_image=image, published_at=now - timedelta(2))
    newer = ArticleFactory(title="Plus récent", main_image=image, published_at=now)
    ArticleFactory(title="Autre image", main_image=ImageFactory())

    response = admin_client.get(reverse("admin:images_image_change", args=[image.pk]))

    html = response.content.decode()
    links = "".join(
        f'<p><a href="{reverse("admin:articles_article_change", args=[a.pk])}">{a.title}</a></p>'
        for a in (newer, older)
    )
    assert links in html
    assert "Autre image" not in html


def test_image_page_says_when_no_article_uses_it(admin_client):
    image = ImageFactory()

    response = admin_client.get(reverse("admin:images_image_change", args=[image.pk]))

    assert '<div class="readonly">Utilisée nulle part.</div>' in response.content.decode()


def test_image_search_folds_accents_and_stems(admin_client):
    image = ImageFactory(caption="Les députés à l'Assemblée", alt_text="Hémicycle", credit="AFP")
    ImageFactory(caption="Un paysage", alt_text="Montagne", credit="Studio")

    response = admin_client.get(reverse("admin:images_image_changelist"), {"q": "depute hemicycle"})

    assert [found.pk for found in response.context["cl"].result_list] == [image.pk]
