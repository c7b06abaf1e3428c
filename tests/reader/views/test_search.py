"""The reader's search page: form, results, filters, errors, cache, query budget."""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from django.utils import formats, timezone, translation

from articles import services
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db


def search_url(**params) -> str:
    return reverse("articles:search") + ("?" + urlencode(params) if params else "")


def page(client, **params) -> str:
    return page_at(client, search_url(**params))


def page_at(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def stories():
    section = SectionFactory(name="Politique", slug="politique")
    author = AuthorFactory(name="Claire Martin", slug="claire-martin")
    return [
        ArticleFactory(
            title=f"L'Élysée et le budget, épisode {n}",
            lead="Le président présente ses investissements.",
            section=section,
            authors=[author],
            main_image=ImageFactory(),
            published_at=timezone.now() - timedelta(days=n),
        )
        for n in range(1, 4)
    ]


def test_search_url_is_french_in_both_languages():
    assert reverse("articles:search") == "/recherche/"
    with translation.override("en"):
        assert reverse("articles:search") == "/en/recherche/"


def test_every_page_links_to_the_search_form_without_javascript(client, stories):
    html = page(client)
    home = client.get(reverse("articles:home")).content.decode()
    form = f'<form class="site-search" role="search" method="get" action="{search_url()}">'

    assert form in home
    assert form in html
    assert '<input class="site-search__input" id="site-search-q" type="search" name="q"' in home


def test_a_reader_finds_elysee_by_typing_elysee(client, stories):
    html = page(client, q="elysee")

    assert "3 résultats" in html
    assert html.count("<mark>Élysée</mark>") == 3
    assert "<mark>investissements</mark>" not in html  # "elysee" only
    assert html.index("épisode 1") < html.index("épisode 2") < html.index("épisode 3")
    assert '<meta name="robots" content="noindex, follow">' in html


def test_results_show_the_thumbnail_the_date_and_highlighted_snippet(client, stories):
    html = page(client, q="investir")

    assert html.count('<li class="card">') == 3
    assert html.count("<picture") == 3
    day = timezone.localtime(stories[0].published_at).date().isoformat()
    assert f'<time datetime="{day}' in html
    assert "Le président présente ses <mark>investissements</mark>." in html


def test_the_query_is_escaped_everywhere(client, stories):
    html = page(client, q='<script>alert(1)</script> elysee"')

    assert "<script>alert(1)" not in html
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt; elysee&quot;"' in html


def test_an_article_with_markup_in_its_title_is_escaped(client):
    ArticleFactory(title="<img src=x onerror=alert(1)> Budget")

    html = page(client, q="budget")

    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; <mark>Budget</mark>" in html


def test_filters_sort_and_dates(client, stories):
    ArticleFactory(title="Budget ailleurs", published_at=timezone.now() - timedelta(hours=1))

    assert page(client, q="budget").count('<li class="card">') == 4
    assert page(client, q="budget", rubrique="politique").count('<li class="card">') == 3
    by_author = page(client, q="budget", auteur="claire-martin")
    assert by_author.count('<li class="card">') == 3
    assert "Auteur : Claire Martin" in by_author
    newest = page(client, q="budget", tri="recents")
    assert newest.index("<mark>Budget</mark> ailleurs") < newest.index("épisode 1")
    since = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert page(client, q="budget", du=since).count('<li class="card">') == 2


def test_a_bad_date_is_an_error_next_to_the_field_keeping_the_query(client, stories):
    response = client.get(search_url(q="budget", du="2026-03-10", au="2026-01-01"))
    html = response.content.decode()

    assert response.status_code == 200
    assert '<span class="field-error">La date de fin précède la date de début.</span>' in html
    assert 'value="budget"' in html
    assert '<li class="card">' not in html
    garbled = page(client, q="budget", du="hier")
    assert '<span class="field-error">Saisissez une date valide.</span>' in garbled


def test_unknown_section_is_an_error_not_a_crash(client, stories):
    html = page(client, q="budget", rubrique="nope")

    assert "Sélectionnez un choix valide." in html


def test_nothing_found_suggests_the_most_read(client, stories, monkeypatch):
    monkeypatch.setattr(
        "reader.search.most_read",
        lambda hours: [{"title": "Le plus lu", "url": "/article/x-1/", "count": 3}],
    )

    html = page(client, q="introuvable")

    assert "Aucun résultat" in html
    assert '<li><a href="/article/x-1/">Le plus lu</a></li>' in html


def test_stop_words_alone_ask_for_other_words(client, stories):
    html = page(client, q="le la de")

    assert "ceux-ci sont trop courants" in html


def test_the_count_is_shown_up_to_100_and_pages_go_on(client, settings):
    ArticleFactory.create_batch(105, title="Budget")

    first = page(client, q="budget")
    assert "Plus de 100 résultats" in first
    assert first.count('<li class="card">') == 20
    assert 'href="?q=budget&amp;page=2"' in first
    assert page(client, q="budget", page=6).count('<li class="card">') == 5
    assert client.get(search_url(q="budget", page=7)).status_code == 404
    assert client.get(search_url(q="budget", page=11)).status_code == 404
    assert client.get(search_url(q="budget", page="²")).status_code == 404


@pytest.mark.parametrize("results", [1, 20])
def test_a_results_page_costs_at_most_four_queries(client, django_assert_num_queries, results):
    author = AuthorFactory(slug="claire-martin")
    for _ in range(results):
        ArticleFactory(title="Budget", authors=[author, AuthorFactory()], main_image=ImageFactory())
    client.get(search_url(q="absent"))  # the menu and the sidebar, shared by every page

    with django_assert_num_queries(3):  # ranked ids; the cards: articles, their authors
        assert page(client, q="budget").count('<li class="card">') == results
    with django_assert_num_queries(1):  # the cards from the shared cache
        assert page(client, q="budget").count("<picture") == results
    with django_assert_num_queries(2):  # and the author filtered on
        assert page(client, q="budget", auteur="claire-martin").count("<li class") == results


def test_a_card_from_the_shared_cache_follows_the_article_and_the_language(
    client, stories, django_capture_on_commit_callbacks
):
    editor = get_user_model().objects.create_superuser("chef", "c@example.org", "pw-123-secret")
    assert "Politique" in page(client, q="elysee")
    story = stories[0]
    story.title = "L'Élysée renonce au budget"
    story.section = SectionFactory(name="Économie", slug="economie")

    with django_capture_on_commit_callbacks(execute=True):
        services.save_article(article=story, by=editor)

    html = page(client, q="elysee")
    assert "L&#x27;<mark>Élysée</mark> renonce au budget" in html
    assert html.count('<a class="kicker" href="/rubrique/economie/">Économie</a>') == 1
    day = timezone.localtime(stories[1].published_at)
    with translation.override("en"):
        english = formats.date_format(day, "DATE_FORMAT")
    assert english not in html
    assert english in page_at(client, "/en/recherche/?q=elysee")


def test_search_pages_are_cached_by_query_and_follow_publication(
    client, settings, django_capture_on_commit_callbacks
):
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_CACHE": True}
    editor = get_user_model().objects.create_superuser("chef", "c@example.org", "pw-123-secret")
    story = ArticleFactory(title="Budget")
    cache.clear()

    assert client.get(search_url(q="budget"))["X-Page-Cache"] == "miss"
    hit = client.get(search_url(q="budget", utm_source="x"))
    assert hit["X-Page-Cache"] == "hit"
    assert "public" in hit["Cache-Control"]
    assert client.get(search_url(q="elysee"))["X-Page-Cache"] == "miss"

    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish_article(article=story, by=editor)

    gone = client.get(search_url(q="budget"))
    assert gone["X-Page-Cache"] == "miss"
    assert "Aucun résultat" in gone.content.decode()


def test_english_search_page_speaks_english(client, stories):
    response = client.get("/en/recherche/?q=elysee")
    html = response.content.decode()

    assert response.status_code == 200
    assert "3 results" in html
    assert "<mark>Élysée</mark>" in html
