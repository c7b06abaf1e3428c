"""The newsroom's searches use the site's French search: accents, stems, drafts included."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("chef", "chef@example.org", "pw-secret-123")
    client.force_login(user)
    return client


def listed(admin_client, q: str) -> list[str]:
    response = admin_client.get(reverse("admin:articles_article_changelist"), {"q": q})
    assert response.status_code == 200
    return sorted(article.title for article in response.context["cl"].result_list)


def test_changelist_search_folds_accents_and_stems_and_finds_drafts(admin_client):
    ArticleFactory(title="L'Élysée investit", status=Article.Status.DRAFT, published_at=None)
    ArticleFactory(title="Le Sénat vote", lead="Un investissement record.")
    ArticleFactory(title="La météo")

    assert listed(admin_client, "elysee") == ["L'Élysée investit"]
    assert listed(admin_client, "investir") == ["L'Élysée investit", "Le Sénat vote"]
    assert listed(admin_client, "investir -senat") == ["L'Élysée investit"]
    assert listed(admin_client, "") == ["L'Élysée investit", "La météo", "Le Sénat vote"]


def test_changelist_search_matches_the_word_being_typed_as_a_prefix(admin_client):
    ArticleFactory(title="Retraites : la réforme")

    assert listed(admin_client, "retrai") == ["Retraites : la réforme"]
    assert listed(admin_client, "retrai ") == []


def test_changelist_search_keeps_to_what_a_journalist_may_see(client):
    journalist = get_user_model().objects.create_user("lea", "l@example.org", "pw", is_staff=True)
    journalist.groups.add(Group.objects.get(name="Rédacteurs"))
    ArticleFactory(title="Budget des autres")
    mine = ArticleFactory(
        title="Budget à moi", created_by=journalist, status=Article.Status.DRAFT, published_at=None
    )
    client.force_login(journalist)

    response = client.get(reverse("admin:articles_article_changelist"), {"q": "budget"})

    assert [article.pk for article in response.context["cl"].result_list] == [mine.pk]


def test_read_also_search_folds_accents_and_stems(admin_client):
    story = ArticleFactory(title="L'Élysée et les investissements")
    ArticleFactory(title="L'Élysée, brouillon", status=Article.Status.DRAFT, published_at=None)

    response = admin_client.get(
        reverse("admin:articles_article_read_also_search"), {"q": "elysee investir"}
    )

    assert [result["id"] for result in response.json()["results"]] == [story.pk]
