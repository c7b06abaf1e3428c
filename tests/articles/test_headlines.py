"""Headlines as a desk writes them: long ones publish, a short one serves where space is tight."""

import json
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles import services
from articles.models import Article
from reader.metadata import json_ld_headline
from tests.factories import ArticleFactory, ImageFactory, UserFactory

pytestmark = pytest.mark.django_db

MISTRAL = (
    "Intelligence artificielle : en levant 385 millions d'euros, la startup française "
    "Mistral AI entre dans la cour des grands"
)


@pytest.fixture
def editor():
    user = UserFactory(username="marc", is_staff=True)
    user.groups.add(Group.objects.get(name="Éditeurs"))
    return user


def test_the_121_character_headline_publishes(editor):
    article = ArticleFactory(
        status=Article.Status.DRAFT, published_at=None, title=MISTRAL, main_image=ImageFactory()
    )

    services.publish_article(article=article, by=editor)

    article.refresh_from_db()
    assert len(MISTRAL) == 121
    assert article.status == Article.Status.PUBLISHED
    assert list(Article.objects.published()) == [article]


def test_a_long_headline_gets_advice_not_a_refusal():
    article = ArticleFactory.build(title=MISTRAL, short_headline="")

    assert services.headline_advice(article) == [
        "Le titre fait 121 caractères, 120 conseillés au plus. "
        "Un titre court servira sur les cartes et les réseaux sociaux."
    ]
    article.short_headline = "Mistral AI lève 385 millions d'euros"
    assert services.headline_advice(article) == [
        "Le titre fait 121 caractères, 120 conseillés au plus."
    ]
    article.title = MISTRAL[:120]
    assert services.headline_advice(article) == []


def test_the_advised_length_is_a_setting(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "HEADLINE_ADVISED_LENGTH": 130}

    assert services.headline_advice(ArticleFactory.build(title=MISTRAL)) == []


def test_the_admin_warns_past_the_advised_length_and_saves(client, editor):
    article = ArticleFactory(title="Court")
    client.force_login(editor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    page = client.get(url).content.decode()
    data = {
        "title": MISTRAL,
        "short_headline": "",
        "slug": article.slug,
        "section": article.section_id,
        "lead": article.lead,
        "body": article.body,
        "credit_line": "",
        "main_image": "",
        "comment_mode": article.comment_mode,
        "kind": article.kind,
        "opened_version": article.version,
        "published_at_0": article.published_at.strftime("%d/%m/%Y"),
        "published_at_1": article.published_at.strftime("%H:%M:%S"),
        "corrections-TOTAL_FORMS": 0,
        "corrections-INITIAL_FORMS": 0,
        "workflow-TOTAL_FORMS": 0,
        "workflow-INITIAL_FORMS": 0,
    }

    response = client.post(url, data, follow=True)

    article.refresh_from_db()
    assert article.title == MISTRAL
    assert 'data-advised-length="120"' in page
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert warnings == [
        "Le titre fait 121 caractères, 120 conseillés au plus. "
        "Un titre court servira sur les cartes et les réseaux sociaux."
    ]


def test_the_json_ld_headline_is_cut_on_a_word_at_110():
    assert json_ld_headline(MISTRAL) == (
        "Intelligence artificielle : en levant 385 millions d'euros, la startup française "
        "Mistral AI entre dans la…"
    )
    assert len(json_ld_headline(MISTRAL)) == 106
    assert json_ld_headline(MISTRAL[:110]) == MISTRAL[:110]
    assert json_ld_headline("Un titre, " + "b" * 120) == "Un titre…"


def test_the_short_headline_serves_cards_and_social_tags_not_the_page_title(client):
    article = ArticleFactory(title=MISTRAL, short_headline="Mistral AI lève 385 millions")

    home = client.get(reverse("articles:home")).content.decode()
    page = client.get(article.get_absolute_url()).content.decode()

    assert re.findall(r'card__title--lead"><a href="[^"]+">([^<]+)<', home) == [
        "Mistral AI lève 385 millions"
    ]
    assert re.findall(r'<meta property="og:title" content="([^"]+)"', page) == [
        "Mistral AI lève 385 millions"
    ]
    assert re.findall(r'<meta name="twitter:title" content="([^"]+)"', page) == [
        "Mistral AI lève 385 millions"
    ]
    assert re.findall(r'<h1 class="article__title">([^<]+)<', page) == [
        MISTRAL.replace("'", "&#x27;")
    ]
    ld = json.loads(re.search(r'application/ld\+json">(.+?)</script>', page, re.S).group(1))
    assert ld["headline"] == json_ld_headline(MISTRAL)
