"""The newsroom's flows in the admin: moderating comments, writing and publishing a story."""

import pytest

from articles.body import read_also_marker
from articles.models import Article
from comments.models import Comment
from tests.e2e.support import admin_login, url
from tests.factories import ArticleFactory, CommentFactory, jpeg_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def choose_autocomplete(page, field: str, search: str, option: str) -> None:
    """Pick a value in one of the admin's autocomplete (Select2) fields, as an editor does."""
    page.locator(f"#id_{field} + .select2").click()
    dropdown = page.locator(".select2-container--open .select2-dropdown")
    dropdown.get_by_role("searchbox").fill(search)
    dropdown.get_by_role("option", name=option).click()


def write_body_with_read_also(page, paragraphs: list[str], *, search: str, target: str) -> None:
    """Type the body in the rich text editor and insert a "Lire aussi" after the first paragraph."""
    editor = page.locator(".ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.type(paragraphs[0])
    for paragraph in paragraphs[1:]:
        page.keyboard.press("Enter")
        page.keyboard.type(paragraph)
    editor.locator("p").first.click()
    page.keyboard.press("End")
    page.get_by_role("button", name="Lire aussi").click()
    picker = page.get_by_role("dialog", name="Insérer un « Lire aussi »")
    picker.get_by_role("combobox", name="Rechercher un article publié").fill(search)
    picker.get_by_role("option", name=target).click()
    page.locator(".read-also-block__title", has_text=target).wait_for()


def test_moderator_accepts_one_comment_and_rejects_another(
    live_server, page, shoot, newsroom, staff_user
):
    article = newsroom.article
    good = CommentFactory(article=article, name="Paul", body="Un article très complet, merci.")
    bad = CommentFactory(article=article, name="Zed", body="Achetez mes montres pas chères !")
    admin_login(page, live_server, staff_user("modo", "Modérateurs"))

    page.goto(url(live_server, "admin:comments_comment_changelist"))
    queue = page.locator("#result_list")
    assert queue.locator("tbody tr").count() == 2
    shoot(page, "08-moderation-file")
    queue.get_by_role("row").filter(has_text=good.body).get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option(label="Accepter et publier")
    page.get_by_role("button", name="Exécuter").click()

    assert page.locator(".messagelist").inner_text() == "1 commentaire accepté."
    queue.get_by_role("row").filter(has_text=bad.body).get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option(label="Refuser avec le motif choisi")
    page.locator("select[name=reason]").select_option(
        label="Charte 3 — Publicité, spam ou lien promotionnel"
    )
    page.get_by_role("button", name="Exécuter").click()

    assert page.locator(".messagelist").inner_text() == "1 commentaire refusé."
    assert queue.locator("tbody tr").count() == 0
    shoot(page, "09-moderation-traitee")
    page.goto(url(live_server, "articles:detail", slug=article.slug, pk=article.pk))
    comments = page.locator("#commentaires")
    assert comments.locator(".comments__count").inner_text() == "3"
    assert comments.locator(".comment__body").all_inner_texts() == [
        good.body,
        *[comment.body for comment in reversed(newsroom.comments)],
    ]
    bad.refresh_from_db()
    assert (bad.status, bad.rejection_reason) == (Comment.Status.REJECTED, "spam")
    page.problems.assert_clean()


def test_editor_writes_and_publishes_a_story(
    live_server, page, shoot, newsroom, staff_user, tmp_path
):
    related = ArticleFactory(title="Le cloud souverain cherche ses clients", section=newsroom.tech)
    photo = tmp_path / "centre.jpg"
    photo.write_bytes(jpeg_bytes(1200, 720, "#884422"))
    admin_login(page, live_server, staff_user("edith", "Éditeurs"))

    page.goto(url(live_server, "admin:images_image_add"))
    page.locator("#id_file").set_input_files(str(photo))
    page.locator("#id_alt_text").fill("Une grue devant un bâtiment en construction")
    page.locator("#id_credit").fill("Paul Photographe")
    page.locator("#id_caption").fill("Le chantier de Fontaine-Bleue.")
    shoot(page, "10-image-ajout")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    assert "a été ajouté avec succès" in page.locator(".messagelist").inner_text()

    page.goto(url(live_server, "admin:articles_article_add"))
    page.locator("#id_title").fill("Un data center sort de terre à Fontaine-Bleue")
    page.locator("#id_lead").fill(
        "Les travaux du plus grand centre de calcul du pays ont commencé."
    )
    choose_autocomplete(page, "section", "Écono", "Économie")
    write_body_with_read_also(
        page,
        ["Les grues sont arrivées lundi.", "La mise en service est prévue dans deux ans."],
        search="cloud souverain",
        target=related.title,
    )
    choose_autocomplete(page, "main_image", "Fontaine", "Le chantier de Fontaine-Bleue.")
    shoot(page, "11-article-ajout")
    page.get_by_role("button", name="Enregistrer et continuer les modifications").click()
    assert "a été ajouté avec succès" in page.locator(".messagelist").inner_text()
    article = Article.objects.get(title="Un data center sort de terre à Fontaine-Bleue")
    assert (article.status, article.body) == (
        Article.Status.DRAFT,
        "<p>Les grues sont arrivées lundi.</p>"
        + read_also_marker(related.pk)
        + "<p>La mise en service est prévue dans deux ans.</p>",
    )

    page.get_by_role("button", name="Publier / programmer").click()

    assert page.locator(".messagelist").inner_text() == "Article publié."
    shoot(page, "12-article-publie-admin")
    page.goto(url(live_server, "articles:home"))
    page.get_by_role("link", name=article.title).first.click()
    assert page.get_by_role("heading", level=1).inner_text() == article.title
    assert page.locator(".article__kicker").inner_text() == "ÉCONOMIE"
    assert page.locator(".article__credit").inner_text() == "(Crédits : Paul Photographe)"
    image = page.locator(".article__figure img")
    assert image.get_attribute("alt") == "Une grue devant un bâtiment en construction"
    assert page.locator(".read-also a").inner_text() == related.title
    page.goto(url(live_server, "articles:section", slug="economie"))
    assert page.locator(".card__title").first.inner_text() == article.title
    shoot(page, "13-rubrique-apres-publication")
    page.problems.assert_clean()
