"""A journalist cannot change the picture, caption, credit or alt text readers see."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from images import services
from images.models import Image
from tests.factories import ArticleFactory, ImageFactory, UserFactory

pytestmark = pytest.mark.django_db


def member(group: str, username: str):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def journalist():
    return member("Rédacteurs", "lea")


@pytest.fixture
def editor():
    return member("Éditeurs", "marc")


def change(client, image, **fields):
    data = {"alt_text": image.alt_text, "credit": image.credit, "caption": image.caption}
    return client.post(reverse("admin:images_image_change", args=[image.pk]), {**data, **fields})


def live(image):
    return ArticleFactory(main_image=image)


def scheduled(image):
    return ArticleFactory(main_image=image, published_at=timezone.now() + timedelta(hours=3))


def draft(image):
    return ArticleFactory(main_image=image, status=Article.Status.DRAFT, published_at=None)


@pytest.mark.parametrize("story", [live, scheduled], ids=["live", "scheduled"])
def test_a_journalist_cannot_change_an_image_readers_see(client, journalist, story):
    image = ImageFactory(credit="AFP")
    story(image)
    client.force_login(journalist)

    page = client.get(reverse("admin:images_image_change", args=[image.pk]))
    response = change(client, image, credit="Faux crédit", caption="Légende détournée")

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert response.status_code == 403
    image.refresh_from_db()
    assert (image.credit, image.caption) == ("AFP", "Le siège de l'entreprise, à Paris.")


def test_the_service_refuses_it_too(journalist):
    image = ImageFactory(credit="AFP")
    live(image)
    image.credit = "Faux crédit"

    with pytest.raises(PermissionDenied):
        services.save_image(image=image, clean=None, by=journalist)

    assert Image.objects.get(pk=image.pk).credit == "AFP"


def test_a_journalist_changes_an_image_of_a_draft(client, journalist):
    image = ImageFactory(credit="AFP")
    draft(image)
    client.force_login(journalist)

    response = change(client, image, credit="Reuters")

    assert response.status_code == 302
    image.refresh_from_db()
    assert image.credit == "Reuters"


@pytest.mark.parametrize("story", [live, scheduled], ids=["live", "scheduled"])
def test_an_editor_changes_an_image_readers_see(client, editor, story):
    image = ImageFactory(credit="AFP")
    story(image)
    client.force_login(editor)

    response = change(client, image, credit="Reuters")

    assert response.status_code == 302
    image.refresh_from_db()
    assert image.credit == "Reuters"
