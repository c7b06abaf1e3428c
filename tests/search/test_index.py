"""The index follows the services, in their transaction, on whichever database runs."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from articles import indexing, services
from articles.models import Article
from reader.search import SearchForm, results
from search import index
from search.models import Entry
from search.query import parse
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return get_user_model().objects.create_superuser("chef", "c@example.org", "pw-123-secret")


def found(q: str) -> list[int]:
    form = SearchForm({"q": q})
    assert form.is_valid()
    return [article.pk for article in results(form, 1)["articles"]]


def fts_rows() -> int:
    if connection.vendor != "sqlite":
        return Entry.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_fts")
        return cursor.fetchone()[0]


def test_a_published_story_is_found_at_once_and_gone_once_unpublished(editor):
    draft = ArticleFactory(
        status=Article.Status.DRAFT,
        published_at=None,
        title="Remaniement à l'Élysée",
        main_image=ImageFactory(),
    )
    assert found("elysee") == []

    services.publish_article(article=draft, by=editor)
    assert found("elysee") == [draft.pk]

    services.unpublish_article(article=draft, by=editor)
    assert found("elysee") == []


def test_a_scheduled_story_is_found_from_its_time_on(editor):
    draft = ArticleFactory(
        status=Article.Status.DRAFT, published_at=None, title="Réforme", main_image=ImageFactory()
    )
    at = timezone.now() + timezone.timedelta(hours=2)
    services.publish_article(article=draft, by=editor, at=at)

    assert found("reforme") == []
    form = SearchForm({"q": "reforme"})
    assert form.is_valid()
    later = at + timezone.timedelta(minutes=1)
    assert [a.pk for a in results(form, 1, now=later)["articles"]] == [draft.pk]


def test_an_edit_is_searchable_in_the_same_transaction(editor):
    article = ArticleFactory(title="Avant")
    article.title = "Après l'investissement"
    services.save_article(article=article, by=editor, changed_fields=["title"])

    assert found("investir") == [article.pk]
    assert found("avant") == []


def test_topics_and_authors_saved_after_the_article_are_indexed(editor):
    article = ArticleFactory(title="Un article")
    article.topics.set([TopicFactory(name="Dette publique")])
    article.authors.set([AuthorFactory(name="Amélie Nothomb")])
    assert found("dette") == []

    services.index_article(article=article)
    assert found("dette") == [article.pk]
    assert found("amelie") == [article.pk]


def test_deleted_articles_leave_the_index(editor):
    kept, gone = ArticleFactory(title="Budget"), ArticleFactory(title="Budget bis")
    rows = fts_rows()

    services.delete_articles([gone], by=editor)

    assert found("budget") == [kept.pk]
    assert Entry.objects.filter(kind=indexing.KIND, object_id=gone.pk).exists() is False
    assert fts_rows() == rows - 1


def test_indexing_twice_keeps_one_entry():
    article = ArticleFactory(title="Budget")
    rows = fts_rows()
    indexing.index_article(article)
    indexing.index_article(article)

    assert Entry.objects.filter(kind=indexing.KIND, object_id=article.pk).count() == 1
    assert fts_rows() == rows


def test_rebuild_indexes_articles_written_in_bulk():
    [article] = Article.objects.bulk_create(
        [Article(title="Chômage partiel", slug="chomage", published_at=timezone.now())]
    )
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)
    assert found("chomage") == []

    call_command("rebuild_search_index", "article", verbosity=0)

    assert found("chomage") == [article.pk]
    assert Entry.objects.filter(kind=indexing.KIND).count() == 1


def test_rebuild_refuses_an_unknown_kind():
    with pytest.raises(CommandError, match="Unknown kinds: nope"):
        call_command("rebuild_search_index", "nope")


def test_images_are_indexed_by_their_service():
    image = ImageFactory(caption="Le Conseil d'État", alt_text="Façade", credit="AFP")

    matched = index.matching("image", parse("etat"))

    assert list(matched.values_list("object_id", flat=True)) == [image.pk]


def found_in(q: str, **filters) -> list[int]:
    form = SearchForm({"q": q, **filters})
    assert form.is_valid(), form.errors
    return [article.pk for article in results(form, 1)["articles"]]


def test_an_article_s_entry_is_filed_under_its_section_and_follows_a_move(editor):
    politics, economy = SectionFactory(slug="politique"), SectionFactory(slug="economie")
    story = ArticleFactory(title="Le budget", section=politics)
    other = ArticleFactory(title="Le budget ailleurs", section=economy)
    assert Entry.objects.get(object_id=story.pk).scope == politics.pk
    assert found_in("budget", rubrique="politique") == [story.pk]

    story.section = economy
    services.save_article(article=story, by=editor)

    assert Entry.objects.get(object_id=story.pk).scope == economy.pk
    assert found_in("budget", rubrique="politique") == []
    assert sorted(found_in("budget", rubrique="economie")) == sorted([story.pk, other.pk])


def test_a_search_from_a_date_walks_the_entries_dated_from_then(editor):
    section = SectionFactory(slug="politique")
    old = ArticleFactory(
        title="Le budget", section=section, published_at=timezone.now() - timedelta(days=40)
    )
    new = ArticleFactory(title="Le budget", section=section)
    since = (timezone.localdate() - timedelta(days=10)).isoformat()

    assert found_in("budget", rubrique="politique", du=since) == [new.pk]
    assert sorted(found_in("budget", rubrique="politique")) == sorted([old.pk, new.pk])


def test_the_migration_files_existing_entries_under_their_article_s_section():
    story = ArticleFactory(title="Le budget")
    Entry.objects.filter(object_id=story.pk).update(scope=None)
    fill = import_module("articles.migrations.0012_search_entries_scope").FILL

    with connection.cursor() as cursor:
        cursor.execute(fill)

    assert Entry.objects.get(kind="article", object_id=story.pk).scope == story.section_id


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements")
def test_a_reader_search_is_planned_for_its_own_words_never_prepared():
    ArticleFactory(title="L'Élysée répond")
    for _ in range(4):
        assert len(found("elysee")) == 1

    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]

    assert not any('"search_entry"' in sql for sql in prepared)
