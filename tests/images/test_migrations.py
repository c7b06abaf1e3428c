"""
The move of the Image model from the articles app to the images app, on a database that
holds images from before it: same rows, same files, same permissions.
"""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.models import Article
from images.models import Image
from tests.factories import UserFactory

# Migrations run outside any test transaction.
pytestmark = pytest.mark.django_db(transaction=True)

# From before the roles were made, so that the role groups are the ones the old
# migrations create, whatever earlier tests left in the database.
BEFORE_ROLES = [("articles", "0003_alter_article_options_article_created_by_and_more")]
BEFORE_MOVE = [("articles", "0004_newsroom_roles")]

RENDITIONS = [
    {"width": 320, "height": 200, "format": "WEBP", "path": "images/renditions/1/port-320.webp"},
    {"width": 320, "height": 200, "format": "JPEG", "path": "images/renditions/1/port-320.jpg"},
]


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection)  # a fresh loader sees what is applied now


def test_images_of_the_old_schema_are_read_through_the_images_app():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    migrate(BEFORE_ROLES)
    old = migrate(BEFORE_MOVE).loader.project_state(BEFORE_MOVE).apps
    OldImage = old.get_model("articles", "Image")
    OldArticle = old.get_model("articles", "Article")
    old_image = OldImage.objects.create(
        file="images/2026/03/port.jpg",
        width=1200,
        height=750,
        alt_text="Le port au lever du jour",
        caption="Le port de Marseille.",
        credit="Jean Photographe / AFP",
        renditions=RENDITIONS,
    )
    old_article = OldArticle.objects.create(
        title="Le port se modernise", slug="le-port-se-modernise", main_image=old_image
    )

    migrate(latest)
    ContentType.objects.clear_cache()

    image = Image.objects.get()
    assert (image.pk, image.file.name, image.credit, image.caption, image.renditions) == (
        old_image.pk,
        "images/2026/03/port.jpg",
        "Jean Photographe / AFP",
        "Le port de Marseille.",
        RENDITIONS,
    )
    assert Article.objects.get(pk=old_article.pk).main_image == image
    assert list(ContentType.objects.filter(model="image").values_list("app_label", flat=True)) == [
        "images"
    ]
    held = Group.objects.get(name="Rédacteurs").permissions.filter(codename__endswith="_image")
    assert sorted(held.values_list("content_type__app_label", "codename")) == [
        ("images", "add_image"),
        ("images", "change_image"),
        ("images", "view_image"),
    ]
    journalist = UserFactory(username="lea", is_staff=True)
    journalist.groups.add(Group.objects.get(name="Rédacteurs"))
    assert (
        journalist.has_perm("images.change_image"),
        journalist.has_perm("images.delete_image"),
    ) == (True, False)
