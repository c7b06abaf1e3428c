"""Share links: made by editors, recorded, revocable, dead once the story leaves."""

import pytest
from django.contrib.auth.models import Group
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from articles import previews, services
from articles.models import Article, ShareLink
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


def member(group: str, username: str):
    user = UserFactory(username=username, is_staff=True, first_name=username.title())
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def journalist():
    return member("Rédacteurs", "lea")


@pytest.fixture
def editor():
    return member("Éditeurs", "marc")


def share(article, editor) -> str:
    return previews.share_url(services.create_share_link(article=article, by=editor))


def test_a_journalist_cannot_make_a_share_link(client, journalist):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=journalist)
    client.force_login(journalist)

    response = client.post(reverse("admin:articles_article_share", args=[article.pk]))

    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.create_share_link(article=article, by=journalist)
    assert ShareLink.objects.count() == 0


def test_a_share_link_is_recorded(client, editor):
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    client.force_login(editor)

    client.post(reverse("admin:articles_article_share", args=[article.pk]))

    link = ShareLink.objects.get()
    assert (link.article, link.created_by, link.created_by_name, link.revoked_at) == (
        article,
        editor,
        "Marc",
        None,
    )


def test_a_revoked_link_opens_nothing(client, editor):
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None, title="Inédit")
    url = share(article, editor)
    link = ShareLink.objects.get()
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))

    client.post(reverse("admin:articles_article_share_revoke", args=[article.pk, link.pk]))

    assert [item["link"] for item in page.context["share_links"]] == [link]
    assert client.get(url).status_code == 410
    link.refresh_from_db()
    assert link.revoked_by_name == "Marc"


@pytest.mark.parametrize(
    ("status", "step"),
    [
        (Article.Status.PUBLISHED, services.unpublish_article),
        (Article.Status.REVIEW, services.return_to_draft),
    ],
    ids=["unpublished", "returned-to-draft"],
)
def test_a_link_dies_when_the_story_is_unpublished_or_returned_to_draft(
    client, editor, status, step
):
    article = ArticleFactory(status=status)
    url = share(article, editor)
    assert client.get(url).status_code == 200

    step(article=article, by=editor)

    assert client.get(url).status_code == 410


def test_a_token_naming_an_article_instead_of_a_link_opens_nothing(client, editor):
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    forged = signing.dumps({"article": article.pk}, salt=previews.SHARE_SALT, compress=True)

    response = client.get(reverse("articles:preview_share", kwargs={"token": forged}))

    assert response.status_code == 410


def test_a_journalist_cannot_revoke_a_link(client, journalist, editor):
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None, created_by=journalist)
    url = share(article, editor)
    link = ShareLink.objects.get()
    client.force_login(journalist)

    response = client.post(
        reverse("admin:articles_article_share_revoke", args=[article.pk, link.pk])
    )

    assert response.status_code == 403
    assert client.get(url).status_code == 200
