import json
import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
import time_machine
from django.core.cache import cache
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from articles.body import read_also_marker
from articles.models import Article
from tests.factories import (
    AgencyFactory,
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

# 16 March 2024, 01:47 UTC = 2:47 in Paris (UTC+1 in winter time).
PUBLISHED = datetime(2024, 3, 16, 1, 47, tzinfo=UTC)
# The clock of the tests that need one fixed: 16 March 2026, 12:30 UTC.
NOW = datetime(2026, 3, 16, 12, 30, tzinfo=UTC)


def text_of(html: str) -> str:
    """The visible text of a page's main content and sidebar, whitespace collapsed."""
    body = html.split("<main", 1)[-1]
    body = re.sub(r"<script.*?</script>", " ", body, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.fixture
def full_article():
    section = SectionFactory(name="Intelligence artificielle", slug="intelligence-artificielle")
    target = ArticleFactory(title="Nvidia, la course aux puces", section=section)
    article = ArticleFactory(
        title="Mistral AI lève 600 millions d'euros",
        lead="La jeune pousse française accélère face aux géants américains.",
        body=(
            "<p>Premier paragraphe.</p><h2>Une levée record</h2><p>Deuxième.</p>"
            f"{read_also_marker(target.pk)}<h3>Détail</h3><ul><li>point</li></ul>"
            "<blockquote><p>Une citation.</p></blockquote>"
        ),
        section=section,
        published_at=PUBLISHED,
        main_image=ImageFactory(credit="Mistral AI", caption="Arthur Mensch, à Paris."),
        authors=[AuthorFactory(name="Marina Torre", slug="marina-torre")],
        topics=[TopicFactory(name="Start-up", slug="start-up")],
        agencies=[AgencyFactory()],
    )
    return article


def test_article_page_shows_every_element_in_reading_order(client, full_article):
    response = client.get(full_article.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(html)
    expected_order = [
        "Intelligence artificielle",
        "Start-up",
        "Mistral AI lève 600 millions d'euros",
        "La jeune pousse française accélère face aux géants américains.",
        "Par Marina Torre",
        "Publié le 16/03/2024 à 2:47",
        "Arthur Mensch, à Paris. (Crédits : Mistral AI)",
        "Premier paragraphe.",
        "Une levée record",
        "Lire aussi Nvidia, la course aux puces",
        "(Avec AFP)",
        "Commentaires",
        "Sujets les + lus",
        "Sujets les + commentés",
    ]
    positions = [text.index(fragment) for fragment in expected_order]
    assert positions == sorted(positions)
    assert '<h1 class="article__title">Mistral AI lève 600 millions d&#x27;euros</h1>' in html
    assert 'href="/rubrique/intelligence-artificielle/"' in html
    assert 'href="/auteur/marina-torre/"' in html
    assert 'href="/sujet/start-up/"' in html
    assert "Mis à jour" not in text


def test_article_page_shows_update_date_when_changed_after_publication(client, full_article):
    full_article.content_updated_at = PUBLISHED + timedelta(hours=10, minutes=3)
    full_article.save()

    text = text_of(client.get(full_article.get_absolute_url()).content.decode())

    assert "Publié le 16/03/2024 à 2:47 Mis à jour le 16/03/2024 à 12:50" in text


def test_article_page_read_also_follows_target_changes(client, full_article):
    target = Article.objects.get(title="Nvidia, la course aux puces")
    target.title = "Nvidia domine la course aux puces"
    target.slug = "nvidia-domine"
    target.save()

    html = client.get(full_article.get_absolute_url()).content.decode()

    assert (
        f'<a href="/article/nvidia-domine-{target.pk}/">Nvidia domine la course aux puces</a>'
        in html
    )


@pytest.mark.parametrize("change", ["unpublish", "delete"])
def test_article_page_read_also_disappears_with_its_target(client, full_article, change):
    target = Article.objects.get(title="Nvidia, la course aux puces")
    if change == "unpublish":
        target.status = Article.Status.UNPUBLISHED
        target.save()
    else:
        target.delete()

    html = client.get(full_article.get_absolute_url()).content.decode()

    assert "Lire aussi" not in html
    assert "Nvidia" not in html


def test_article_page_image_is_responsive(client, full_article):
    html = client.get(full_article.get_absolute_url()).content.decode()

    picture = re.search(r"<picture>.*?</picture>", html).group(0)
    assert '<source type="image/avif" srcset="' in picture
    assert '<source type="image/webp" srcset="' in picture
    assert re.findall(r"(\d+)w", picture) == ["320", "640", "960", "1000"] * 3
    assert 'width="1000" height="600"' in picture
    assert 'alt="Un graphique bleu"' in picture
    assert 'fetchpriority="high"' in picture
    assert 'loading="lazy"' not in picture


def test_article_page_json_ld_carries_the_news_article_fields(client, full_article):
    full_article.title = 'Titre </script><script>alert("x")</script>'
    full_article.save()

    html = client.get(full_article.get_absolute_url()).content.decode()

    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(match.group(1))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == 'Titre </script><script>alert("x")</script>'
    assert data["datePublished"] == "2024-03-16T02:47:00+01:00"
    assert data["dateModified"] == "2024-03-16T02:47:00+01:00"
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Marina Torre",
            "url": "http://127.0.0.1:8000/auteur/marina-torre/",
        }
    ]
    assert data["articleSection"] == "Intelligence artificielle"
    assert data["isAccessibleForFree"] is True
    assert data["publisher"]["name"] == "Le Quotidien"
    assert data["image"]["creditText"] == "Mistral AI"
    assert data["image"]["width"] == 1000
    assert "<script>alert" not in match.group(1)


def test_article_page_json_ld_uses_credit_text_without_authors(client):
    article = ArticleFactory(credit_line="La rédaction")

    html = client.get(article.get_absolute_url()).content.decode()

    data = json.loads(re.search(r"application/ld\+json\">(.*?)</script>", html, re.S).group(1))
    assert "author" not in data
    assert data["creditText"] == "La rédaction"


def test_article_page_social_tags_and_canonical(client, full_article):
    html = client.get(full_article.get_absolute_url()).content.decode()
    url = f"http://127.0.0.1:8000{full_article.get_absolute_url()}"

    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert re.search(
        r'<meta property="og:image" content="http://127.0.0.1:8000/media/.+\.jpg">', html
    )


def test_article_page_descriptions_are_the_plain_lead_cut_for_each_reader(client):
    lead = "L’« accord » <em>de principe</em> & ses suites : " + "une phrase de plus. " * 20
    article = ArticleFactory(lead=lead)

    html = client.get(article.get_absolute_url()).content.decode()

    plain = "L’« accord » de principe & ses suites : " + "une phrase de plus. " * 20
    found = {
        name: unescape(value)
        for name, value in re.findall(
            r'<meta (?:name|property)="((?:og:|twitter:)?description)" content="([^"]*)"', html
        )
    }
    assert found == {
        "description": plain[:299] + "…",
        "og:description": plain[:299] + "…",
        "twitter:description": plain[:199] + "…",
    }
    assert "&amp; ses suites" in html.split("</head>")[0]


def test_article_page_descriptions_keep_a_lead_that_fits(client):
    article = ArticleFactory(lead="Le gouvernement présente son budget.")

    html = client.get(article.get_absolute_url()).content.decode()

    assert '<meta name="description" content="Le gouvernement présente son budget.">' in html
    assert (
        '<meta name="twitter:description" content="Le gouvernement présente son budget.">' in html
    )


def test_article_old_slug_redirects_permanently(client, full_article):
    old_url = full_article.get_absolute_url()
    full_article.title = "Mistral AI lève 1 milliard"
    full_article.slug = "mistral-ai-leve-1-milliard"
    full_article.save()

    response = client.get(old_url)

    assert (response.status_code, response["Location"]) == (
        301,
        reverse(
            "articles:detail", kwargs={"slug": "mistral-ai-leve-1-milliard", "pk": full_article.pk}
        ),
    )


@pytest.mark.parametrize(
    "overrides",
    [
        {"status": Article.Status.DRAFT},
        {"published_at": NOW + timedelta(minutes=5)},
        {"embargo_until": NOW + timedelta(minutes=5)},
    ],
    ids=["draft", "scheduled", "embargoed"],
)
@time_machine.travel(NOW, tick=False)
def test_article_page_is_404_until_published(client, overrides):
    article = ArticleFactory(**overrides)

    response = client.get(article.get_absolute_url())

    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_article_page_query_count_is_fixed(client, django_assert_num_queries, full_article):
    # article+section+image, authors+topics+agencies, "Lire aussi" targets, navigation,
    # the three rankings of the sidebar (no published comment: no comment query).
    with django_assert_num_queries(7):
        client.get(full_article.get_absolute_url())

    for index in range(5):
        full_article.authors.add(AuthorFactory())
        full_article.topics.add(TopicFactory())
        extra = ArticleFactory(section=full_article.section, title=f"Autre {index}")
        full_article.body += read_also_marker(extra.pk)
    full_article.save()
    cache.clear()

    with django_assert_num_queries(7):
        response = client.get(full_article.get_absolute_url())
    assert response.content.decode().count("Lire aussi") == 6


def test_home_shows_lead_story_then_sections(client, django_assert_num_queries):
    economy = SectionFactory(name="Économie", slug="economie", position=1)
    tech = SectionFactory(name="Tech", slug="tech", position=2)
    now = timezone.now()
    for index in range(6):
        ArticleFactory(
            title=f"Éco {index}", section=economy, published_at=now - timedelta(hours=index + 2)
        )
        ArticleFactory(
            title=f"Tech {index}", section=tech, published_at=now - timedelta(hours=index + 2)
        )
    lead = ArticleFactory(title="La une du jour", section=tech, published_at=now)
    ArticleFactory(title="Brouillon", section=tech, status=Article.Status.DRAFT)

    # the desk's arrangement (none), lead story and its authors, section blocks and
    # their authors, navigation, the sidebar's three rankings (cold caches).
    with django_assert_num_queries(9):
        response = client.get(reverse("articles:home"))

    assert response.context["home"]["lead"] == lead
    blocks = [
        (block["section"].name, [a.title for a in block["articles"]])
        for block in response.context["home"]["section_blocks"]
    ]
    assert blocks == [
        ("Économie", ["Éco 0", "Éco 1", "Éco 2", "Éco 3"]),
        ("Tech", ["Tech 0", "Tech 1", "Tech 2", "Tech 3"]),
    ]
    assert "Brouillon" not in response.content.decode()


def test_home_without_articles_shows_empty_state(client):
    response = client.get(reverse("articles:home"))

    assert "Aucun article publié pour le moment." in response.content.decode()


@pytest.mark.parametrize("kind", ["section", "topic", "author"])
def test_list_pages_are_paginated_with_fixed_queries(
    client, settings, django_assert_num_queries, kind
):
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_SIZE": 3}
    section = SectionFactory(slug="economie")
    topic = TopicFactory(slug="inflation")
    author = AuthorFactory(slug="jean-dupont")
    now = timezone.now()
    for index in range(7):
        ArticleFactory(
            title=f"Article {index}",
            section=section,
            topics=[topic],
            authors=[author, AuthorFactory()],
            published_at=now - timedelta(hours=index + 1),
            main_image=ImageFactory() if index == 0 else None,
        )
    ArticleFactory(section=section, topics=[topic], authors=[author], status="draft")
    url = reverse(
        f"articles:{kind}",
        kwargs={
            "slug": {"section": "economie", "topic": "inflation", "author": "jean-dupont"}[kind]
        },
    )

    # owner, page of articles (+section, image) and one more, their authors, navigation,
    # the sidebar's three rankings (cold caches): no count of the whole list. A section
    # also asks for the desk's arrangement of its page.
    with django_assert_num_queries(8 if kind == "section" else 7):
        first = client.get(url)
    middle = client.get(url, {"page": 2})
    last = client.get(url, {"page": 3})

    assert [a.title for a in first.context["articles"]] == ["Article 0", "Article 1", "Article 2"]
    assert [a.title for a in last.context["articles"]] == ["Article 6"]
    assert [pagination(r) for r in (first, middle, last)] == [
        ["Page 1", "Page suivante"],
        ["Page précédente", "Page 2", "Page suivante"],
        ["Page précédente", "Page 3"],
    ]
    assert '<a rel="next" href="?page=3">' in middle.content.decode()
    for page in (4, 9, 0, "x", "last", "²", "99999999999999999999", "1" * 5000):
        assert client.get(url, {"page": page}).status_code == 404, page


def pagination(response) -> list[str]:
    nav = response.content.decode().split('class="pagination"', 1)[1].split("</nav>", 1)[0]
    return [text_of(part) for part in re.findall(r"<(?:a|span)[^>]*>(.*?)</(?:a|span)>", nav)]


def test_unknown_section_is_a_french_404(client):
    response = client.get(reverse("articles:section", kwargs={"slug": "inconnue"}))

    assert response.status_code == 404
    assert "<h1>Page introuvable</h1>" in response.content.decode()


def test_english_version_is_served_under_en_prefix(client, full_article):
    response = client.get("/en" + full_article.get_absolute_url())

    text = text_of(response.content.decode())
    assert response.status_code == 200
    assert "Published on 03/16/2024 at 2:47 a.m." in text
    assert "(Credits: Mistral AI)" in text
    assert "Read also Nvidia, la course aux puces" in text
    assert "(With AFP)" in text
    assert "Most read" in text


def test_language_switcher_links_to_the_same_page(client, full_article):
    html = client.get(full_article.get_absolute_url()).content.decode()

    assert f'<a href="/en{full_article.get_absolute_url()}" hreflang="en"' in html


def test_language_links_of_long_paths_are_not_remembered(client):
    from reader.templatetags import reader_tags

    reader_tags._remembered_language_links.cache_clear()
    client.get("/rubrique/" + "x" * 300 + "/")  # a page not found, with a made-up path
    client.get(reverse("articles:home"))

    assert reader_tags._remembered_language_links.cache_info().currsize == 1


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get(reverse("healthz"))

    assert (response.status_code, response.content) == (200, b"ok\n")


def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("reader.views.articles.connection.cursor", broken_cursor)

    response = client.get(reverse("healthz"))

    assert (response.status_code, response.content) == (503, b"database unavailable\n")


def test_reader_pages_send_security_headers(client, full_article):
    response = client.get(full_article.get_absolute_url())

    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_templates_have_no_inline_script_or_style(client, full_article):
    html = client.get(full_article.get_absolute_url()).content.decode()

    scripts = re.findall(r"<script(?![^>]*(?:src=|application/ld\+json))[^>]*>", html)
    assert scripts == []
    assert re.findall(r"\sstyle=|<style|\son[a-z]+=", html) == []


def test_article_page_shows_dated_corrections_and_json_ld_follows(client, full_article):
    from articles.models import Correction

    at = PUBLISHED + timedelta(days=1, hours=2)
    Correction.objects.create(
        article=full_article, kind="update", text="Ajout de la réaction du ministre.", created_at=at
    )
    Correction.objects.create(
        article=full_article, kind="correction", text="Le montant est de 600 M€.", created_at=at
    )
    full_article.content_updated_at = at
    full_article.save()

    html = client.get(full_article.get_absolute_url()).content.decode()

    text = text_of(html)
    assert "Mis à jour le 17/03/2024 à 4:47 : Ajout de la réaction du ministre." in text
    assert "Corrigé le 17/03/2024 à 4:47 : Le montant est de 600 M€." in text
    data = json.loads(re.search(r"application/ld\+json\">(.*?)</script>", html, re.S).group(1))
    assert data["dateModified"] == "2024-03-17T04:47:00+01:00"


def test_server_error_page_is_french_and_standalone(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))

    html = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Une erreur est survenue</h1>" in html
    assert 'lang="fr"' in html
