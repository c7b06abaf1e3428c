"""
What the search index holds of an article, and the searches the newsroom and the
reader site make over articles. The index is written here, by the services, in
the transaction that changes the article; every article is indexed, whatever its
status, and what readers may find is decided when they search, from
``published()``: a story is found as soon as it is live and no longer once it is
unpublished, with no index update in between.
"""

import html
from collections.abc import Iterable, Iterator

from django.db.models import Prefetch, QuerySet
from django.utils.html import strip_tags

from articles.models import Agency, Article, Author, Topic
from search import index
from search.index import Document
from search.query import Query

KIND = "article"


def plain_text(body_html: str) -> str:
    """The text of stored HTML, block boundaries kept as spaces."""
    return html.unescape(strip_tags(body_html.replace("<", " <")))


def document(article: Article) -> Document:
    """The headline, the lead, the body's text, then topics, authors and credits."""
    extra = [t.name for t in article.topics.all()] + [a.name for a in article.authors.all()]
    extra += [article.credit_line, *(agency.short_name for agency in article.agencies.all())]
    return Document(
        title=article.title,
        lead=plain_text(article.lead),
        body=plain_text(article.body),
        extra=" ".join(part for part in extra if part),
        date=article.published_at,
        scope=article.section_id,
    )


def with_relations(articles: QuerySet) -> QuerySet:
    """What ``document`` reads, in a fixed number of queries."""
    return articles.prefetch_related(
        Prefetch("topics", queryset=Topic.objects.only("name")),
        Prefetch("authors", queryset=Author.objects.only("name")),
        Prefetch("agencies", queryset=Agency.objects.only("short_name")),
    )


def index_articles(articles: Iterable[Article]) -> None:
    """Write these articles' entries (their topics, authors and agencies as saved now)."""
    ids = [article.pk for article in articles]
    fresh = with_relations(Article.objects.filter(pk__in=ids))
    index.save_documents(KIND, ((article.pk, document(article)) for article in fresh))


def index_article(article: Article) -> None:
    index_articles([article])


def forget_articles(ids: Iterable[int]) -> None:
    index.delete_documents(KIND, ids)


def all_documents() -> Iterator[tuple[int, Document]]:
    """Every article's document, for a rebuild (``rebuild_search_index``)."""
    articles = with_relations(Article.objects.order_by("pk"))
    for article in articles.iterator(chunk_size=500):
        yield article.pk, document(article)


def matching(articles: QuerySet, query: Query) -> QuerySet:
    """The articles of ``articles`` that match, whatever their status (the admin's search)."""
    return articles.filter(pk__in=index.matching(KIND, query))


def ranked_ids(
    query: Query,
    *,
    within: QuerySet,
    now,
    limit: int,
    offset: int = 0,
    newest=False,
    section_id: int | None = None,
    since=None,
):
    """
    The ids of the matching articles among ``within``, best (or newest) first;
    ``section_id`` and ``since`` when ``within`` keeps that section only, published
    from then on (the entries' scope and date: ``document``).
    """
    return index.ranked(
        KIND,
        query,
        within=within,
        now=now,
        limit=limit,
        offset=offset,
        newest=newest,
        scope=section_id,
        since=since,
    )
