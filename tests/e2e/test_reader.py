"""A reader's flows in a real browser: reading, commenting, reporting a comment."""

import pytest
from django.conf import settings
from django.urls import reverse

from comments.models import Comment
from tests.e2e.support import image_loaded, url, wait_for_comment_form

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_reader_goes_from_home_to_section_to_article(live_server, page, shoot, newsroom):
    article, related = newsroom.article, newsroom.related

    page.goto(url(live_server, "articles:home"))
    assert page.title() == "Le Quotidien — L'actualité en continu"
    # Only the lead story is a lead card; the section blocks hold ordinary cards.
    titles = page.locator(".section-block .card__title")
    assert set(titles.evaluate_all("(ts) => ts.map((t) => t.tagName)")) == {"H3"}
    assert page.locator(".card__title--lead").count() == 1
    shoot(page, "01-accueil")
    page.get_by_role("navigation", name="Rubriques").get_by_role("link", name="Technologie").click()

    assert page.url == live_server.url + newsroom.tech.get_absolute_url()
    assert page.get_by_role("heading", level=1).inner_text() == "Technologie"
    current = page.get_by_role("navigation", name="Rubriques").locator("[aria-current=page]")
    assert current.inner_text() == "Technologie"
    shoot(page, "02-rubrique")
    page.get_by_role("link", name=article.title).click()

    assert page.url == live_server.url + article.get_absolute_url()
    assert page.locator(".article__kicker").inner_text() == "TECHNOLOGIE"  # uppercased by CSS
    assert page.get_by_role("heading", level=1).inner_text() == article.title
    assert page.locator(".article__lead").inner_text() == article.lead
    figure = page.locator(".article__figure")
    image = figure.get_by_role("img")
    assert image.get_attribute("alt") == "Des baies de serveurs éclairées en bleu"
    assert image_loaded(image)
    assert figure.locator(".article__caption").inner_text() == "Une salle du centre de calcul."
    assert figure.locator(".article__credit").inner_text() == "(Crédits : Jeanne Martin)"
    body = page.locator(".article__body")
    assert body.get_by_role("heading", level=2).inner_text() == "Des milliers de processeurs"
    assert body.locator(".read-also").inner_text() == f"LIRE AUSSI\n{related.title}"
    rankings = page.locator(".page__aside")
    assert rankings.get_by_role("heading", level=2).all_inner_texts() == [
        "SUJETS LES + LUS",
        "SUJETS LES + COMMENTÉS",
    ]
    comments = page.locator("#commentaires")
    assert comments.locator(".comments__count").inner_text() == "2"
    assert comments.locator(".comment__body").all_inner_texts() == [
        "Et la consommation d'eau du centre ?",
        "Une bonne nouvelle pour l'emploi local.",
    ]
    shoot(page, "03-article")

    body.get_by_role("link", name=related.title).click()

    assert page.url == live_server.url + related.get_absolute_url()
    assert page.get_by_role("heading", level=1).inner_text() == related.title
    assert image_loaded(page.locator(".article__figure img"))
    page.problems.assert_clean()


def test_commenter_sees_errors_then_the_pending_message(live_server, page, shoot, newsroom):
    article = newsroom.article
    text = "Un centre de calcul, c'est aussi de la chaleur à récupérer."
    article_url = url(live_server, "articles:detail", slug=article.slug, pk=article.pk)
    page.goto(article_url)
    # The form must work on a page served from the shared page cache.
    assert page.goto(article_url).headers["x-page-cache"] == "hit"
    wait_for_comment_form(page)
    page.locator("#id_email").fill("lucie-chez-example")
    page.locator("#id_body").fill(text)
    page.problems.expect_status("POST", reverse("comments:post", args=[article.pk]), 400)

    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="Publier mon commentaire").click()

    assert answer.value.status == 400
    form = page.locator("#comment-form")
    assert form.locator(".invalid-feedback").all_inner_texts() == [
        "Ce champ est obligatoire.",
        "Saisissez une adresse email valide, par exemple nom@exemple.fr.",
    ]
    assert page.locator("#id_email").input_value() == "lucie-chez-example"
    assert page.locator("#id_body").input_value() == text
    shoot(page, "04-commentaire-erreurs")

    wait_for_comment_form(page)
    page.locator("#id_name").fill("Lucie")
    page.locator("#id_email").fill("lucie@example.org")
    page.get_by_role("button", name="Publier mon commentaire").click()

    page.wait_for_url("**?commentaire=recu#commentaires")
    assert page.get_by_role("status").inner_text() == (
        "Merci pour votre commentaire. Il sera visible prochainement sous réserve de validation."
    )
    assert page.get_by_text(text).count() == 0
    assert page.locator(".comments__count").inner_text() == "2"
    assert list(Comment.objects.filter(body=text).values_list("name", "status")) == [
        ("Lucie", Comment.Status.PENDING)
    ]
    shoot(page, "05-commentaire-en-attente")
    page.problems.assert_clean()


def test_reported_comment_is_hidden_after_the_threshold(live_server, new_page, shoot, newsroom):
    article, comment = newsroom.article, newsroom.comments[0]
    article_url = url(live_server, "articles:detail", slug=article.slug, pk=article.pk)
    threshold = settings.NEWSROOM["REPORTS_TO_HIDE"]

    for number in range(1, threshold + 1):
        # Distinct readers: their own browser and address (behind the trusted proxy).
        page = new_page(reader_ip=f"203.0.113.{number}")
        served = page.goto(article_url).headers["x-page-cache"]
        # From the second reader on, the article page comes from the page cache.
        assert (number, served) == (number, "miss" if number == 1 else "hit")
        page.locator(f"#commentaire-{comment.pk}").get_by_role("link", name="Signaler").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Signaler un commentaire"
        assert page.locator(".reported-comment").inner_text().endswith(comment.body)
        page.get_by_label("Insulte ou harcèlement").check()
        if number == 1:
            shoot(page, "06-signalement")
        page.get_by_role("button", name="Envoyer le signalement").click()

        assert page.get_by_role("heading", level=1).inner_text() == (
            "Merci, votre signalement a bien été reçu."
        )
        assert page.locator(".form-page strong").inner_text().startswith("SIG-")
        if number == 1:
            shoot(page, "07-signalement-recu")
        page.get_by_role("link", name="Revenir aux commentaires").click()
        page.wait_for_url(f"{article_url}#commentaires")
        visible = page.locator(f"#commentaire-{comment.pk}").count()
        assert (visible, number) == (0 if number >= threshold else 1, number)
        page.problems.assert_clean()

    assert page.locator(".comments__count").inner_text() == "1"
    assert page.locator(".comment__body").all_inner_texts() == [newsroom.comments[1].body]
    comment.refresh_from_db()
    assert (comment.status, comment.open_report_count) == (Comment.Status.HIDDEN, threshold)
