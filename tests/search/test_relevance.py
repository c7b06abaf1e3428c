"""
The relevance set (tests/search/corpus.py): each query returns the stories it
names among its first five results, on whichever database the suite runs (CI runs
it on SQLite and on PostgreSQL).
"""

import pytest

from reader.search import SearchForm, results
from tests.search.corpus import CASES, NOW, STORIES

pytestmark = pytest.mark.django_db


def top_five(corpus, case) -> list[str]:
    form = SearchForm({"q": case.q, **case.params})
    assert form.is_valid(), form.errors
    slugs = {article.pk: slug for slug, article in corpus.items()}
    return [slugs[article.pk] for article in results(form, 1, now=NOW)["articles"][:5]]


def test_relevance_set_is_large_enough():
    assert len(CASES) >= 40
    assert len({case.q for case in CASES}) >= 40


@pytest.mark.parametrize("case", CASES, ids=[f"{c.q} {c.params or ''}".strip() for c in CASES])
def test_relevance(corpus, case):
    found = top_five(corpus, case)
    assert [slug for slug in case.top if slug not in found] == [], found
    if case.first:
        assert found[0] == case.first, found
    assert [slug for slug in case.absent if slug in found] == [], found


def test_corpus_stories_are_all_found_by_their_headline(corpus):
    """Every story of the corpus is reachable: its exact headline finds it first."""
    missed = []
    for story in STORIES:
        form = SearchForm({"q": f'"{story.title}"'})
        assert form.is_valid()
        articles = results(form, 1, now=NOW)["articles"]
        if not articles or articles[0].pk != corpus[story.slug].pk:
            missed.append(story.slug)
    assert missed == ["elysee-budget-2019"]  # its twin, published this morning, comes first
