"""Concurrency against the real database (PostgreSQL in CI): threads, one connection each."""

import pytest

from articles import services
from articles.models import Article
from tests.concurrency import requires_database_server, run_concurrently
from tests.factories import ArticleFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    requires_database_server,
]


def test_saves_of_the_same_opened_version_at_once_let_one_through():
    article = ArticleFactory(title="Original")
    opened = article.version

    def save(index: int):
        copy = Article.objects.get(pk=article.pk)
        copy.title = f"Version {index}"
        return services.save_article(article=copy, expected_version=opened)

    results = run_concurrently(4, save)

    assert sorted(type(r).__name__ for r in results) == ["Article"] + ["StaleArticle"] * 3
    saved = next(r for r in results if isinstance(r, Article))
    article.refresh_from_db()
    assert (article.title, article.version) == (saved.title, opened + 1)
