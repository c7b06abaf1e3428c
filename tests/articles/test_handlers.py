import pytest
from django.core.cache import cache

from images import services
from infra import generations
from tests.factories import ArticleFactory, ImageFactory

pytestmark = pytest.mark.django_db


def test_a_changed_image_changes_the_pages_of_the_articles_showing_it(
    django_capture_on_commit_callbacks,
):
    image = ImageFactory()
    showing = [ArticleFactory(main_image=image), ArticleFactory(main_image=image)]
    other = ArticleFactory(main_image=ImageFactory())
    cache.clear()
    image.caption = "Une légende corrigée"

    with django_capture_on_commit_callbacks(execute=True):
        services.save_image(image=image, clean=None)

    generations_set = cache.get_many(
        [generations.article_key(a.pk) for a in [*showing, other]] + [generations.LISTINGS_KEY]
    )
    assert sorted(generations_set) == sorted(
        [generations.article_key(a.pk) for a in showing] + [generations.LISTINGS_KEY]
    )
