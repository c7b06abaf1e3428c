"""A prepared query refuses what it cannot run as the ORM would."""

import pytest
from django.db import connection

from articles.models import Article, Section
from infra.prepared import PreparedQuery, planned_each_time

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)


def test_a_stand_in_the_query_does_not_use_is_an_error():
    prepared = PreparedQuery(lambda pk: Article.objects.values_list("pk"), pk=-5)

    with pytest.raises(ValueError, match=r"\['pk'\]"):
        prepared(pk=1)


def test_only_values_list_querysets_are_taken():
    prepared = PreparedQuery(lambda pk: Article.objects.filter(pk=pk), pk=-5)

    with pytest.raises(TypeError, match="values_list"):
        prepared(pk=1)


def test_the_values_go_where_the_stand_ins_were():
    first, second = (
        Section.objects.create(name="A", slug="a"),
        Section.objects.create(name="B", slug="b"),
    )
    prepared = PreparedQuery(
        lambda slug, pk: Section.objects.filter(slug=slug).exclude(pk=pk).values_list("name"),
        slug="stand-in-slug",
        pk=-5,
    )

    assert prepared(slug="a", pk=second.pk) == [("A",)]
    assert prepared(slug="a", pk=first.pk) == []
    assert prepared(slug="b", pk=first.pk) == [("B",)]


def _prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@postgres_only
def test_a_statement_run_again_is_prepared_by_the_server():
    section = Section.objects.create(name="A", slug="a")
    for _ in range(3):
        list(Section.objects.filter(pk=section.pk).values_list("name"))

    assert any('FROM "articles_section"' in sql for sql in _prepared_statements())


@postgres_only
def test_a_statement_planned_each_time_is_never_prepared():
    section = Section.objects.create(name="A", slug="a")
    with planned_each_time():
        for _ in range(3):
            list(Section.objects.filter(pk=section.pk).values_list("name"))

    assert not any('FROM "articles_section"' in sql for sql in _prepared_statements())
    assert connection.connection.prepare_threshold == 2


def test_planned_each_time_runs_its_statements_on_any_database():
    with planned_each_time():
        assert list(Section.objects.values_list("slug")) == []
