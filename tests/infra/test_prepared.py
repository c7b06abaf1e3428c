"""A prepared query refuses what it cannot run as the ORM would."""

import pytest

from articles.models import Article, Section
from infra.prepared import PreparedQuery

pytestmark = pytest.mark.django_db


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
