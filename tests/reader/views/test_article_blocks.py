"""The body's blocks on the article page: live data, withdrawn images, embeds, query budget."""

import json
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.body import box_block, embed_marker, gallery_marker, photo_marker, quote_block
from articles.services import record_body_media
from embeds.models import Embed
from tests import oembed_server
from tests.factories import ArticleFactory, ImageFactory
from tests.oembed_server import youtube_answer

oembed_provider = oembed_server.oembed_provider

pytestmark = pytest.mark.django_db

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def story(body: str):
    article = ArticleFactory(body=body)
    record_body_media(article=article)
    return article


def page(client, article) -> str:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def json_ld(html: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def test_photo_block_shows_the_library_image_with_its_credit_and_the_blocks_alt(client):
    image = ImageFactory(caption="Le Vieux-Port.", credit="AFP")
    article = story(photo_marker(image.pk, alt="Des bateaux au port", width="wide"))

    html = page(client, article)

    figure = re.search(r'<figure class="body-photo body-photo--wide">.*?</figure>', html, re.S)
    assert figure is not None
    assert 'alt="Des bateaux au port"' in figure.group(0)
    assert re.search(r"srcset=\"[^\"]+\.webp 320w", figure.group(0))
    assert re.sub(r"<[^>]+>", "", figure.group(0).split("<figcaption>")[1]) == (
        "Le Vieux-Port. (Crédits : AFP)"
    )


def test_photo_block_caption_replaces_the_images(client):
    image = ImageFactory(caption="Légende de la photothèque.")
    html = page(client, story(photo_marker(image.pk, alt="a", caption="Légende du jour.")))

    assert '<span class="body-photo__caption">Légende du jour.</span>' in html
    assert "Légende de la photothèque." not in html


def test_a_withdrawn_or_expired_image_leaves_the_body(client):
    withdrawn = ImageFactory(caption="Retirée")
    expired = ImageFactory(caption="Expirée")
    kept = ImageFactory(caption="Gardée")
    article = story(
        photo_marker(withdrawn.pk, alt="a")
        + gallery_marker([expired.pk, kept.pk, withdrawn.pk])
        + "<p>Suite.</p>"
    )
    type(withdrawn).objects.filter(pk=withdrawn.pk).update(withdrawn_at=timezone.now())
    type(expired).objects.filter(pk=expired.pk).update(
        usage_expires_at=timezone.now() - timedelta(minutes=1)
    )

    html = page(client, article)

    assert "body-photo" not in html
    assert "Retirée" not in html and "Expirée" not in html
    assert html.count('class="gallery__item"') == 1
    assert "Diaporama : 1 photo" in html
    assert "<p>Suite.</p>" in html


def test_gallery_is_an_ordered_list_with_positions_credits_and_lazy_renditions(client):
    images = [ImageFactory(caption=f"Photo {i}", credit=f"Agence {i}") for i in range(3)]
    article = story(gallery_marker([images[2].pk, images[0].pk, images[1].pk]))

    html = page(client, article)

    gallery = re.search(r'<section class="gallery".*?</section>', html, re.S).group(0)
    captions = re.findall(r'<span class="gallery__caption">(.*?)</span>', gallery)
    assert captions == ["Photo 2", "Photo 0", "Photo 1"]
    assert re.findall(r'<span class="gallery__position">(.*?)</span>', gallery) == [
        "1 sur 3",
        "2 sur 3",
        "3 sur 3",
    ]
    assert gallery.count("(Crédits : Agence") == 3
    assert gallery.count('loading="lazy"') == 3


def test_gallery_is_an_image_gallery_in_the_json_ld(client):
    images = [ImageFactory(caption=f"Photo {i}", credit="AFP") for i in range(2)]
    article = story(gallery_marker([i.pk for i in images]))

    data = json_ld(page(client, article))

    gallery = data["hasPart"]
    assert [part["@type"] for part in gallery] == ["ImageGallery"]
    assert [(o["@type"], o["caption"], o["creditText"]) for o in gallery[0]["associatedMedia"]] == [
        ("ImageObject", "Photo 0", "AFP"),
        ("ImageObject", "Photo 1", "AFP"),
    ]
    assert gallery[0]["associatedMedia"][0]["contentUrl"].startswith("http")


def test_a_fetched_embed_is_a_placeholder_holding_the_frame_inert(
    client, oembed_provider, django_capture_on_commit_callbacks
):
    oembed_provider.answer("/youtube", youtube_answer("dQw4w9WgXcQ"))
    with django_capture_on_commit_callbacks(execute=True):
        article = story(embed_marker(YOUTUBE))

    html = page(client, article)

    figure = re.search(r'<figure class="embed" data-embed>.*?</figure>', html, re.S).group(0)
    assert "Contenu externe : YouTube" in figure
    assert "Charger le contenu" in figure
    assert f'<a class="embed__link" href="{YOUTUBE}"' in figure
    # The only iframe of the page is inside the inert template.
    assert html.count("<iframe") == 1
    template = re.search(r"<template data-embed-content>(.*?)</template>", figure, re.S)
    assert template.group(1).startswith(
        '<iframe class="embed__iframe embed__iframe--landscape" '
        'src="https://www.youtube.com/embed/dQw4w9WgXcQ?feature=oembed"'
    )


def test_a_failed_fetch_shows_a_plain_link(
    client, oembed_provider, django_capture_on_commit_callbacks
):
    oembed_provider.answer("/youtube", b"{}", status=500)
    with django_capture_on_commit_callbacks(execute=True):
        article = story(embed_marker(YOUTUBE))

    html = page(client, article)

    assert Embed.objects.get().status == Embed.Status.FAILED
    assert (
        '<p class="embed embed--link">'
        f'<a href="{YOUTUBE}" rel="noopener noreferrer">{YOUTUBE}</a></p>'
    ) in html
    assert "<iframe" not in html and "Charger le contenu" not in html


def test_the_fetch_refreshes_the_page_that_showed_the_link(
    client, oembed_provider, django_capture_on_commit_callbacks
):
    article = story(embed_marker(YOUTUBE))  # on_commit not run: still pending
    assert "embed--link" in page(client, article)
    oembed_provider.answer("/youtube", youtube_answer("dQw4w9WgXcQ"))

    from embeds.services import fetch_embed

    with django_capture_on_commit_callbacks(execute=True):
        fetch_embed(url=YOUTUBE)

    assert "Charger le contenu" in page(client, article)


def test_quote_and_box_are_rendered(client):
    article = story(
        quote_block("<p>Rien ne va plus</p>", author="Le croupier")
        + box_block("<ul><li>Un</li></ul>", title="Ce qu'il faut retenir")
    )

    html = page(client, article)

    assert (
        '<figure class="quote"><blockquote class="quote__text"><p>Rien ne va plus</p>'
        '</blockquote><figcaption class="quote__author">Le croupier</figcaption></figure>'
    ) in html
    assert (
        '<div class="box" role="note" aria-label="Ce qu&#x27;il faut retenir">'
        '<p class="box__title">Ce qu&#x27;il faut retenir</p><ul><li>Un</li></ul></div>'
    ) in html


def test_an_image_change_shows_at_once(client, django_capture_on_commit_callbacks):
    image = ImageFactory(caption="Avant.")
    article = story(photo_marker(image.pk, alt="a"))
    assert "Avant." in page(client, article)

    from images import services

    image.caption = "Après."
    with django_capture_on_commit_callbacks(execute=True):
        services.save_image(image=image, clean=None)

    assert "Après." in page(client, article)


@pytest.mark.parametrize("blocks", [1, 10])
def test_query_budget_is_the_same_whatever_the_number_of_blocks(
    client, django_assert_num_queries, blocks
):
    images = [ImageFactory() for _ in range(blocks + 1)]
    Embed.objects.create(url=YOUTUBE, provider="YouTube", status=Embed.Status.FAILED)
    body = "".join(
        photo_marker(images[i].pk, alt=f"Photo {i}")
        + gallery_marker([images[i].pk, images[i + 1].pk])
        + embed_marker(YOUTUBE)
        for i in range(blocks)
    )
    article = story(body)
    cache.clear()

    # Cold: article, people/topics, the blocks' images, their embeds, navigation, rankings (3).
    with django_assert_num_queries(8):
        html = page(client, article)
    assert html.count('class="body-photo ') == blocks
    assert html.count('class="gallery"') == blocks

    # Warm: the page's generation and parts from the cache; no query.
    with django_assert_num_queries(0):
        page(client, article)
