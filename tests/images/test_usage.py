"""
"Used in": every relation that points to an image, whatever room declares it. The
article's main image is a real one; a gallery (many-to-many) and a slot (foreign
key) are declared here, as another room would, for the test's duration.
"""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, models
from django.urls import reverse

from articles.handlers import image_locked
from articles.models import Article
from images import usage
from images.models import Image
from tests.factories import ArticleFactory, ImageFactory


@pytest.fixture
def other_rooms(transactional_db):
    """A Gallery (many-to-many to Image) and a Slot (foreign key), tables included."""

    class Gallery(models.Model):
        title = models.CharField("titre", max_length=50)
        images = models.ManyToManyField(Image, verbose_name="photos", related_name="+")

        class Meta:
            app_label = "images"
            verbose_name = "galerie"

        def __str__(self):
            return self.title

    class Slot(models.Model):
        name = models.CharField(max_length=50)
        image = models.ForeignKey(
            Image, verbose_name="image imposée", on_delete=models.CASCADE, null=True
        )

        class Meta:
            app_label = "images"
            verbose_name = "emplacement"

        def __str__(self):
            return self.name

    through = Gallery.images.through
    with connection.schema_editor() as editor:
        editor.create_model(Gallery)  # and its many-to-many's table
        editor.create_model(Slot)
    yield Gallery, Slot
    with connection.schema_editor() as editor:
        editor.delete_model(Slot)
        editor.delete_model(Gallery)
    for model in (Gallery, through, Slot):
        del apps.all_models["images"][model._meta.model_name]
    apps.clear_cache()


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("chef", "chef@example.org", "pw-secret-123")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_the_relations_to_an_image_are_found_in_every_room():
    found = {(r.model._meta.label, r.field, r.many) for r in usage.relations()}

    assert ("articles.Article", "main_image", False) in found
    # The withdrawal record is not a use.
    assert not any(label == "images.ImageWithdrawal" for label, _, _ in found)


def test_every_use_is_listed_relation_by_relation(other_rooms, django_assert_num_queries):
    Gallery, Slot = other_rooms
    image, other = ImageFactory(), ImageFactory()
    article = ArticleFactory(title="Le port", main_image=image)
    ArticleFactory(main_image=other)
    gallery = Gallery.objects.create(title="Le port en images")
    gallery.images.add(image, other)
    Gallery.objects.create(title="Sans elle").images.add(other)
    slot = Slot.objects.create(name="Une", image=image)

    with django_assert_num_queries(len(usage.relations())):
        found = {r.model._meta.label: rows for r, rows in usage.uses(image)}

    assert found == {
        "articles.Article": [article],
        "images.Gallery": [gallery],
        "images.Slot": [slot],
    }
    assert {i.pk for i in usage.images_of(gallery)} == {image.pk, other.pk}
    assert usage.images_of(slot) == [image]


def test_filter_using_covers_the_many_to_many(other_rooms):
    Gallery, _ = other_rooms
    image = ImageFactory()
    gallery = Gallery.objects.create(title="Le port en images")
    gallery.images.add(image)
    Gallery.objects.create(title="Vide")

    assert list(usage.filter_using(Gallery.objects.all(), image)) == [gallery]
    assert list(usage.filter_using(Article.objects.all(), image)) == []


def test_the_admin_page_shows_every_use(other_rooms, admin_client):
    Gallery, Slot = other_rooms
    image = ImageFactory()
    article = ArticleFactory(title="Le port", main_image=image)
    Gallery.objects.create(title="Le port en images").images.add(image)
    Slot.objects.create(name="Une", image=image)

    response = admin_client.get(reverse("admin:images_image_change", args=[image.pk]))

    url = reverse("admin:articles_article_change", args=[article.pk])
    assert (
        '<div class="readonly">'
        f'<p><strong>Article — image principale</strong></p><p><a href="{url}">Le port</a></p>'
        "<p><strong>Galerie — photos</strong></p><p>Le port en images</p>"
        "<p><strong>Emplacement — image imposée</strong></p><p>Une</p>"
        "</div>"
    ) in response.content.decode()


@pytest.mark.django_db
def test_the_admin_page_says_when_nothing_uses_the_image(admin_client):
    image = ImageFactory()

    response = admin_client.get(reverse("admin:images_image_change", args=[image.pk]))

    assert '<div class="readonly">Utilisée nulle part.</div>' in response.content.decode()


@pytest.mark.django_db
def test_the_image_of_a_live_story_is_locked_and_not_of_a_draft():
    live, draft = ImageFactory(), ImageFactory()
    ArticleFactory(main_image=live)
    ArticleFactory(main_image=draft, status=Article.Status.DRAFT, published_at=None)

    assert (image_locked(live), image_locked(draft)) == (True, False)
