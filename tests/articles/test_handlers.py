import pytest
from django.core.cache import cache

from articles import caching
from images import services
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

    versions = cache.get_many(
        [caching.article_key(a.pk) for a in [*showing, other]] + [caching.LISTINGS_KEY]
    )
    assert sorted(versions) == sorted(
        [caching.article_key(a.pk) for a in showing] + [caching.LISTINGS_KEY]
    )
