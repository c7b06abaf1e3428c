"""
A story with a photo, a gallery and a video in its body: written with the editor's
toolbar, published, read. The video's provider is asked nothing before the reader
clicks "Charger le contenu": every request the reader's browser makes is recorded,
and the provider's frame host is answered by a local stand-in (Playwright's router),
as its oEmbed endpoint is by a local server (``oembed_provider``).
"""

from urllib.parse import urlsplit

import pytest

from articles.body import embed_marker, gallery_marker, photo_marker
from articles.models import Article
from tests import oembed_server
from tests.e2e.support import admin_login, url
from tests.e2e.test_newsroom_admin import choose_autocomplete
from tests.factories import ImageFactory
from tests.oembed_server import youtube_answer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
oembed_provider = oembed_server.oembed_provider

VIDEO_ID = "dQw4w9WgXcQ"
VIDEO_URL = f"https://www.youtube.com/watch?v={VIDEO_ID}"
PROVIDER_HOSTS = {"www.youtube.com", "www.youtube-nocookie.com", "youtube.com", "youtu.be"}
TITLE = "Marseille se prépare à l'été"
FAKE_PLAYER = (
    "<!doctype html><meta charset=utf-8><title>Lecteur</title><p>Lecteur vidéo factice</p>"
)


def toolbar(page, name: str, label: str):
    """A button of the editor's toolbar, by its name; its label is what screen readers say."""
    button = page.locator(f".prose-menubar [data-name={name}]")
    assert button.get_attribute("aria-label") == label
    return button


def pick_image(page, dialog_name: str, search: str, caption: str) -> None:
    dialog = page.get_by_role("dialog", name=dialog_name)
    dialog.get_by_label("Rechercher une photo").fill(search)
    dialog.locator(".image-picker__option", has_text=caption).click()


def test_journalist_inserts_blocks_an_editor_publishes_a_reader_sees_them(
    live_server, new_page, shoot, axe, newsroom, staff_user, oembed_provider
):
    oembed_provider.answer("/youtube", youtube_answer(VIDEO_ID, title="Le débat en vidéo"))
    port = ImageFactory(
        caption="Le Vieux-Port au petit matin.",
        alt_text="Des barques amarrées",
        credit="Agence Sud",
    )
    first = ImageFactory(caption="La Canebière en fête.", alt_text="Une foule", credit="Léa M.")
    second = ImageFactory(caption="Le stade Vélodrome.", alt_text="Un stade", credit="Tom R.")

    journalist = new_page()
    admin_login(journalist, live_server, staff_user("jules", "Rédacteurs"))
    journalist.goto(url(live_server, "admin:articles_article_add"))
    journalist.locator("#id_title").fill(TITLE)
    journalist.locator("#id_lead").fill("La ville attend des visiteurs par milliers.")
    choose_autocomplete(journalist, "section", "Écono", "Économie")
    choose_autocomplete(journalist, "main_image", "Canebière", "La Canebière en fête.")
    editor = journalist.locator(".ProseMirror[contenteditable=true]")
    editor.click()
    journalist.keyboard.type("Les quais ont été refaits.")

    # A photo from the library; its alt text emptied, the save is refused.
    toolbar(journalist, "photo", "Insérer une photo de la photothèque").click()
    pick_image(journalist, "Choisir une photo de la photothèque", "Vieux-Port", "Vieux-Port")
    block = journalist.locator(".photo-block")
    alt = block.get_by_label("Texte alternatif (obligatoire)")
    assert alt.input_value() == "Des barques amarrées"
    alt.fill("")
    alt.press("Tab")
    block.get_by_label("Largeur").select_option("wide")
    journalist.get_by_role("button", name="Enregistrer et continuer les modifications").click()
    error = journalist.locator(".field-body .errorlist")
    assert error.inner_text().startswith("Chaque photo du texte doit avoir un texte alternatif")
    assert not Article.objects.filter(title=TITLE).exists()
    journalist.locator(".photo-block").get_by_label("Texte alternatif (obligatoire)").fill(
        "Des barques dans le port"
    )
    journalist.locator(".photo-block").get_by_label("Texte alternatif (obligatoire)").press("Tab")

    # A gallery of two photos, in the order picked.
    journalist.locator(".ProseMirror p", has_text="Les quais").click()
    journalist.keyboard.press("End")
    toolbar(journalist, "gallery", "Insérer un diaporama de photos de la photothèque").click()
    pick_image(journalist, "Ajouter des photos au diaporama", "Canebière", "Canebière")
    pick_image(journalist, "Ajouter des photos au diaporama", "Vélodrome", "Vélodrome")
    dialog = journalist.get_by_role("dialog", name="Ajouter des photos au diaporama")
    assert dialog.locator(".image-picker__chosen").inner_text() == "Photos choisies : 2"
    dialog.get_by_role("button", name="Terminé").click()
    assert journalist.locator(".gallery-block__item").count() == 2

    # A video: the address pasted, the preview from the provider's answer.
    toolbar(
        journalist, "embed", "Intégrer une vidéo, une publication ou un graphique par son adresse"
    ).click()
    embed_dialog = journalist.get_by_role("dialog", name="Intégrer un contenu externe")
    embed_dialog.get_by_label("Adresse du contenu").fill(VIDEO_URL)
    embed_dialog.get_by_role("button", name="Aperçu").click()
    assert embed_dialog.locator(".embed-preview__title").inner_text() == "Le débat en vidéo"
    embed_dialog.get_by_role("button", name="Insérer").click()
    journalist.locator(".embed-block .embed-preview__provider", has_text="YouTube").wait_for()
    shoot(journalist, "30-blocs-editeur")
    journalist.get_by_role("button", name="Enregistrer et continuer les modifications").click()
    assert "a été ajouté avec succès" in journalist.locator(".messagelist").inner_text()
    article = Article.objects.get(title=TITLE)
    assert article.body == (
        "<p>Les quais ont été refaits.</p>"
        + gallery_marker([first.pk, second.pk])
        + embed_marker(VIDEO_URL)
        + "<p></p>"
        + photo_marker(port.pk, alt="Des barques dans le port", width="wide")
        + "<p></p>"
    )
    assert set(article.body_images.all()) == {port, first, second}
    journalist.get_by_role("button", name="Soumettre à la relecture").click()
    journalist.problems.assert_clean()

    desk = new_page()
    admin_login(desk, live_server, staff_user("edith", "Éditeurs"))
    desk.goto(url(live_server, "admin:articles_article_change", article.pk))
    desk.get_by_role("button", name="Publier / programmer").click()
    assert desk.locator(".messagelist").inner_text() == "Article publié."
    desk.problems.assert_clean()

    # The reader: every request recorded; the provider's frame host answered locally.
    reader = new_page(reader_ip="198.51.100.7")
    requested = []
    reader.on("request", lambda request: requested.append(request.url))
    reader.route(
        "https://www.youtube.com/**",
        lambda route: route.fulfill(
            status=200, content_type="text/html; charset=utf-8", body=FAKE_PLAYER
        ),
    )
    article.refresh_from_db()
    reader.goto(live_server.url + article.get_absolute_url())

    photo = reader.locator(".body-photo--wide")
    assert photo.locator("img").get_attribute("alt") == "Des barques dans le port"
    assert photo.locator("figcaption").inner_text() == (
        "Le Vieux-Port au petit matin. (Crédits : Agence Sud)"
    )
    gallery = reader.locator(".gallery")
    assert gallery.locator(".gallery__caption").all_inner_texts() == [
        "La Canebière en fête.",
        "Le stade Vélodrome.",
    ]
    placeholder = reader.locator(".embed__placeholder")
    assert placeholder.locator(".embed__provider").inner_text() == "Contenu externe : YouTube"
    reader.wait_for_load_state("networkidle")
    assert [u for u in requested if urlsplit(u).hostname in PROVIDER_HOSTS] == []
    assert reader.locator("iframe").count() == 0
    assert axe(reader) == []
    shoot(reader, "31-blocs-lecteur")

    reader.get_by_role("button", name="Charger le contenu").click()

    frame = reader.frame_locator("iframe.embed__iframe")
    assert frame.locator("p").inner_text() == "Lecteur vidéo factice"
    assert [u for u in requested if urlsplit(u).hostname in PROVIDER_HOSTS] == [
        f"https://www.youtube.com/embed/{VIDEO_ID}?feature=oembed"
    ]
    assert reader.locator("iframe").get_attribute("title") == "Le débat en vidéo"
    reader.problems.assert_clean()


def test_the_gallery_is_navigable_by_keyboard_and_a_list_without_javascript(
    live_server, new_page, axe, newsroom
):
    images = [
        ImageFactory(caption=f"Photo {i} du diaporama.", alt_text=f"Image {i}", credit="AFP")
        for i in range(3)
    ]
    article = newsroom.article
    article.body = "<p>Avant.</p>" + gallery_marker([i.pk for i in images])
    article.save()

    reader = new_page()
    reader.goto(live_server.url + article.get_absolute_url())
    gallery = reader.locator(".gallery--enhanced")
    status = gallery.locator(".gallery__status")
    assert status.inner_text() == "1 sur 3"
    assert gallery.get_by_role("button", name="Photo précédente").is_disabled()

    strip = gallery.locator(".gallery__list")
    strip.focus()
    reader.keyboard.press("ArrowRight")
    assert status.inner_text() == "2 sur 3"
    reader.keyboard.press("End")
    assert status.inner_text() == "3 sur 3"
    assert gallery.get_by_role("button", name="Photo suivante").is_disabled()
    reader.keyboard.press("ArrowLeft")
    assert status.inner_text() == "2 sur 3"
    gallery.get_by_role("button", name="Photo précédente").focus()
    reader.keyboard.press("Enter")
    assert status.inner_text() == "1 sur 3"
    reader.wait_for_function(
        "() => Math.abs(document.querySelector('.gallery__list').scrollLeft) < 2"
    )
    # The reader's own scroll (a wheel, a swipe) then chooses the photo.
    strip.hover()
    reader.mouse.wheel(strip.evaluate("list => list.clientWidth"), 0)
    reader.wait_for_function(
        "() => document.querySelector('.gallery__status').textContent.trim() === '2 sur 3'"
    )
    assert axe(reader) == []
    reader.problems.assert_clean()

    plain = new_page(java_script_enabled=False)
    plain.goto(live_server.url + article.get_absolute_url())
    assert plain.locator(".gallery--enhanced").count() == 0
    assert plain.locator(".gallery__item figcaption").all_inner_texts() == [
        f"{n} sur 3\nPhoto {i} du diaporama. (Crédits : AFP)" for n, i in ((1, 0), (2, 1), (3, 2))
    ]
    plain.problems.assert_clean()


def test_journalist_writes_a_quote_and_a_box(live_server, page, newsroom, staff_user):
    article = newsroom.article
    admin_login(page, live_server, staff_user("edith", "Éditeurs"))
    page.goto(url(live_server, "admin:articles_article_change", article.pk))
    page.locator(".ProseMirror[contenteditable=true] > p").first.click()
    page.keyboard.press("End")

    toolbar(page, "quote", "Insérer une citation avec son auteur").click()
    page.keyboard.type("Nous serons prêts")
    quote = page.locator(".quote-block")
    quote.get_by_label("Auteur de la citation").fill("La maire")
    quote.get_by_label("Auteur de la citation").press("Tab")
    page.locator(".ProseMirror[contenteditable=true] > p").first.click()
    page.keyboard.press("End")
    toolbar(page, "box", "Insérer un encadré (par exemple « Ce qu’il faut retenir »)").click()
    page.keyboard.type("Trois chantiers")
    box = page.locator(".box-block")
    assert box.get_by_label("Titre de l’encadré").input_value() == "Ce qu’il faut retenir"
    page.get_by_role("button", name="Enregistrer et continuer les modifications").click()
    assert "a été modifié avec succès" in page.locator(".messagelist").inner_text()

    article.refresh_from_db()
    first_paragraph = "<p>Le chantier a commencé au printemps, à une heure de Paris.</p>"
    assert article.body.startswith(
        first_paragraph
        + '<section data-box="Ce qu’il faut retenir"><ul><li><p>Trois chantiers</p></li></ul>'
        "</section>"
        '<blockquote data-quote="La maire"><p>Nous serons prêts</p></blockquote>'
    )
    page.goto(live_server.url + article.get_absolute_url())
    assert page.locator(".box .box__title").inner_text() == "CE QU’IL FAUT RETENIR"
    assert page.locator(".quote .quote__author").inner_text() == "La maire"
    page.problems.assert_clean()
