"""The images and embeds a body shows, kept as relations; the blocks in the admin."""

import pytest
import reversion
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import handlers, services
from articles.body import embed_marker, gallery_marker, photo_marker
from articles.diff import compare_versions
from articles.models import Article
from embeds.models import Embed
from images import services as image_services
from infra import generations
from tests import oembed_server
from tests.articles.test_admin_workflow import form_data as admin_form_data
from tests.factories import ArticleFactory, ImageFactory, UserFactory
from tests.oembed_server import youtube_answer

pytestmark = pytest.mark.django_db
oembed_provider = oembed_server.oembed_provider

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("chef", "chef@example.org", "pw-secret-123")
    client.force_login(user)
    return client


def form_data(article, body: str) -> dict:
    return admin_form_data(article, body=body)


def test_saving_records_the_images_of_photos_and_galleries():
    photo, first, second, unused = ImageFactory(), ImageFactory(), ImageFactory(), ImageFactory()
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    article.body = (
        photo_marker(photo.pk, alt="a")
        + gallery_marker([first.pk, second.pk, photo.pk])
        + photo_marker(999999, alt="inconnue")
    )

    services.save_article(article=article)

    assert set(article.body_images.values_list("pk", flat=True)) == {
        photo.pk,
        first.pk,
        second.pk,
    }
    assert list(unused.body_articles.all()) == []

    article.body = "<p>Plus de photo.</p>"
    services.save_article(article=article)

    assert list(article.body_images.all()) == []


def test_saving_records_the_embeds_and_has_them_fetched(
    oembed_provider, django_capture_on_commit_callbacks
):
    oembed_provider.answer("/youtube", youtube_answer("dQw4w9WgXcQ"))
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    article.body = embed_marker(YOUTUBE)

    with django_capture_on_commit_callbacks(execute=True):
        services.save_article(article=article)

    assert [(e.url, e.status) for e in article.body_embeds.all()] == [(YOUTUBE, Embed.Status.READY)]


def test_a_changed_body_image_changes_the_pages_showing_it(django_capture_on_commit_callbacks):
    image = ImageFactory()
    in_body = ArticleFactory(body=photo_marker(image.pk, alt="a"))
    in_gallery = ArticleFactory(body=gallery_marker([image.pk]))
    other = ArticleFactory()
    for article in (in_body, in_gallery, other):
        services.record_body_media(article=article)
    cache.clear()
    image.caption = "Corrigée"

    with django_capture_on_commit_callbacks(execute=True):
        image_services.save_image(image=image, clean=None)

    found = cache.get_many([generations.article_key(a.pk) for a in (in_body, in_gallery, other)])
    assert sorted(found) == sorted(generations.article_key(a.pk) for a in (in_body, in_gallery))


def test_an_image_in_the_body_of_a_live_story_is_locked():
    image = ImageFactory()
    article = ArticleFactory(body=gallery_marker([image.pk]))
    assert handlers.image_locked(image) is False

    services.record_body_media(article=article)

    assert handlers.image_locked(image) is True


def test_restoring_a_revision_brings_back_its_blocks_and_their_relations():
    editor = UserFactory(is_superuser=True, is_staff=True)
    old, new = ImageFactory(), ImageFactory()
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, body="")
    article.body = "<p>Début.</p>" + photo_marker(old.pk, alt="Ancienne photo")
    with reversion.create_revision():
        services.save_article(article=article, by=editor)
    article.body = "<p>Début.</p>" + photo_marker(new.pk, alt="Nouvelle photo")
    with reversion.create_revision():
        services.save_article(article=article, by=editor)
    first, second = Version.objects.get_for_object(article).order_by("pk")

    changes = compare_versions(first, second)

    body = next(change for change in changes if change["label"] == "Texte")
    assert str(body["diff"]) == (
        f"Début.<br>[Photo n° <del>{old.pk}</del> <ins>{new.pk}</ins> : "
        "<del>Ancienne</del> <ins>Nouvelle</ins> photo]"
    )

    services.restore_revision(article=article, revision=first, by=editor)

    article.refresh_from_db()
    assert article.body == "<p>Début.</p>" + photo_marker(old.pk, alt="Ancienne photo")
    assert list(article.body_images.all()) == [old]


def test_the_admin_refuses_a_photo_without_alt_text_and_keeps_the_body(admin_client):
    image = ImageFactory()
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    body = "<p>Texte gardé.</p>" + photo_marker(image.pk, alt="")

    response = admin_client.post(
        reverse("admin:articles_article_change", args=[article.pk]), form_data(article, body)
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["body"] == [
        "Chaque photo du texte doit avoir un texte alternatif, qui la décrit aux lecteurs qui "
        "ne la voient pas. Il manque pour 1 photo(s) : complétez le champ « Texte alternatif » "
        "de chaque bloc photo."
    ]
    assert response.context["adminform"].form["body"].value() == body
    article.refresh_from_db()
    assert "Texte gardé" not in article.body


def test_the_admin_saves_a_photo_with_its_alt_text(admin_client):
    image = ImageFactory()
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    body = photo_marker(image.pk, alt="Une description", width="wide")

    response = admin_client.post(
        reverse("admin:articles_article_change", args=[article.pk]), form_data(article, body)
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == body
    assert list(article.body_images.all()) == [image]


def test_image_search_finds_usable_images_only(admin_client, django_capture_on_commit_callbacks):
    wanted = ImageFactory(caption="Le Vieux-Port de Marseille", credit="AFP")
    ImageFactory(caption="Le port du Havre", withdrawn_at=timezone.now())
    ImageFactory(caption="Une forêt")

    response = admin_client.get(reverse("admin:articles_article_image_search"), {"q": "port"})

    assert [(r["id"], r["caption"], r["credit"]) for r in response.json()["results"]] == [
        (wanted.pk, "Le Vieux-Port de Marseille", "AFP")
    ]
    assert response.json()["results"][0]["thumbnail"].endswith(".webp")


def test_image_search_by_ids(admin_client):
    images = [ImageFactory(), ImageFactory()]

    response = admin_client.get(
        reverse("admin:articles_article_image_search"), {"id": [images[0].pk, "x"]}
    )

    assert [r["id"] for r in response.json()["results"]] == [images[0].pk]


def test_embed_preview_records_the_address_and_answers_what_is_known(
    admin_client, oembed_provider, django_capture_on_commit_callbacks
):
    oembed_provider.answer("/youtube", youtube_answer("dQw4w9WgXcQ"))
    url = reverse("admin:articles_article_embed_preview")

    unknown = admin_client.post(url, {"url": "https://evil.example/video"})
    with django_capture_on_commit_callbacks(execute=True):
        first = admin_client.post(url, {"url": YOUTUBE})  # the fetch task leaves after
    known = admin_client.post(url, {"url": YOUTUBE})

    assert unknown.json() == {"status": "unknown"}
    assert first.json()["status"] == "pending"
    assert known.json() == {
        "status": "ready",
        "url": YOUTUBE,
        "provider": "YouTube",
        "title": "Le débat en vidéo",
        "author": "La chaîne du Quotidien",
    }
    assert admin_client.get(url, {"url": YOUTUBE}).status_code == 403
