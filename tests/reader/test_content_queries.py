"""
The article page's two queries, compiled once per process (infra.prepared): the same
rows as the ORM's querysets, one query each, whatever the values.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from reader import content
from tests.factories import (
    AgencyFactory,
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def orm_row(pk):
    return content.article_queryset(Article.objects.published()).filter(pk=pk).first()


def fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def test_the_row_is_the_orm_s_with_its_section_and_image(django_assert_num_queries):
    article = ArticleFactory(section=SectionFactory(slug="monde"), main_image=ImageFactory())
    expected = orm_row(article.pk)

    with django_assert_num_queries(1):
        found = content._published_row(article.pk)
        section, image = found.section, found.main_image  # no query: fetched with it

    assert (type(found), fields(found)) == (Article, fields(expected))
    assert (fields(section), fields(image)) == (
        fields(expected.section),
        fields(expected.main_image),
    )
    assert found._state.adding is False and found._state.db == "default"


def test_a_row_without_image_has_none_cached():
    article = ArticleFactory(main_image=None)

    found = content._published_row(article.pk)

    assert (found.main_image_id, found.main_image) == (None, None)
    assert found.section.pk == article.section_id


@pytest.mark.parametrize(
    "changes",
    [
        {"status": Article.Status.DRAFT},
        {"published_at": timezone.now() + timedelta(hours=1)},
        {"embargo_until": timezone.now() + timedelta(hours=1)},
    ],
)
def test_an_article_readers_cannot_see_has_no_row(changes):
    article = ArticleFactory(**changes)

    assert (content._published_row(article.pk), orm_row(article.pk)) == (None, None)


def test_a_lifted_embargo_shows_the_row():
    article = ArticleFactory(embargo_until=timezone.now() - timedelta(minutes=1))

    assert content._published_row(article.pk).pk == article.pk


def test_people_topics_and_agencies_are_the_orm_s_in_one_query(django_assert_num_queries):
    article = ArticleFactory(
        authors=[AuthorFactory(name="Zoé Martin", slug="zoe"), AuthorFactory(name="Alain Roux")],
        topics=[TopicFactory(name="Climat", slug="climat")],
        agencies=[AgencyFactory(short_name="AFP")],
    )
    ArticleFactory(authors=[AuthorFactory(name="Autre")])  # another article's author
    orm = content._people_and_topics_query(article.pk)
    orm_rows = [tuple(row) for row in orm]

    with django_assert_num_queries(1):
        rows = content._PEOPLE_AND_TOPICS_QUERY(article_id=article.pk)

    assert rows == orm_rows
    assert [kind for kind, _label, _key in rows] == ["agency", "author", "author", "topic"]
    assert content.article_people_and_topics(article)["authors"] == [
        {"name": "Alain Roux", "url": f"/auteur/{article.authors.get(name='Alain Roux').slug}/"},
        {"name": "Zoé Martin", "url": "/auteur/zoe/"},
    ]


def test_an_article_without_people_has_empty_lists():
    article = ArticleFactory()

    assert content.article_people_and_topics(article) == {
        "authors": [],
        "topics": [],
        "agencies": [],
    }
