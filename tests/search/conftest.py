"""The search tests' newspaper (tests/search/corpus.py), seeded once per module."""

from datetime import timedelta

import pytest
from django.utils.text import slugify

from articles.indexing import KIND
from articles.models import Article, Author, Section, Topic
from search import index
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TopicFactory
from tests.search.corpus import DRAFT, NOW, STORIES


def seed_corpus() -> dict[str, Article]:
    sections, topics, authors = {}, {}, {}

    def named(store, factory, name, **extra):
        if name not in store:
            store[name] = factory(name=name, slug=slugify(name), **extra)
        return store[name]

    articles = {}
    for story in [*STORIES, DRAFT]:
        articles[story.slug] = ArticleFactory(
            slug=story.slug,
            title=story.title,
            lead=story.lead,
            body=story.body,
            section=named(sections, SectionFactory, story.section.capitalize()),
            topics=[named(topics, TopicFactory, name) for name in story.topics],
            authors=[named(authors, AuthorFactory, name) for name in story.authors],
            published_at=NOW - timedelta(days=story.days),
            status=Article.Status.DRAFT if story is DRAFT else Article.Status.PUBLISHED,
        )
    return articles


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """The corpus, kept for every test of the module (each test's own changes roll back)."""
    with django_db_blocker.unblock():
        articles = seed_corpus()
        yield articles
        index.backend().clear(KIND)
        Article.objects.all().delete()
        for model in (Section, Topic, Author):
            model.objects.all().delete()
