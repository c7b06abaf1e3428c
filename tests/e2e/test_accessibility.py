"""
Accessibility and robustness of the reader pages: axe-core finds no serious or
critical violation, the pages log no JavaScript error and no request fails, and a
keyboard alone reaches and sends the comment form.
"""

import pytest
from django.urls import reverse

from tests.e2e.support import unloaded_images, url, wait_for_comment_form

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def reader_pages(live_server, newsroom) -> dict[str, str]:
    article = newsroom.article
    return {
        "home": url(live_server, "articles:home"),
        "section": url(live_server, "articles:section", slug=newsroom.tech.slug),
        "article": url(live_server, "articles:detail", slug=article.slug, pk=article.pk),
        "report form": url(live_server, "comments:report", pk=newsroom.comments[0].pk),
    }


def test_reader_pages_have_no_serious_accessibility_violation(live_server, page, axe, newsroom):
    pages = reader_pages(live_server, newsroom)
    violations = {}
    for name, address in pages.items():
        page.goto(address)
        violations[name] = axe(page)

    page.goto(pages["article"])
    wait_for_comment_form(page)
    page.problems.expect_status("POST", reverse("comments:post", args=[newsroom.article.pk]), 400)
    page.get_by_role("button", name="Publier mon commentaire").click()
    page.locator(".invalid-feedback").first.wait_for()
    violations["comment form with errors"] = axe(page, "#comment-form")

    page.goto(pages["report form"])
    page.get_by_label("Contenu illicite").check()
    violations["report form, illegal content"] = axe(page, "#report-form")
    page.problems.expect_status(
        "POST", reverse("comments:report", args=[newsroom.comments[0].pk]), 400
    )
    page.get_by_role("button", name="Envoyer le signalement").click()
    page.locator(".invalid-feedback").first.wait_for()
    violations["report form with errors"] = axe(page)

    assert violations == {name: [] for name in violations}
    page.problems.assert_clean()


def test_reader_pages_log_no_error_and_load_every_resource(live_server, page, newsroom):
    broken_images = {}
    for name, address in reader_pages(live_server, newsroom).items():
        page.goto(address)
        # The comment form's token and the read beacon, then every image.
        page.wait_for_load_state("networkidle")
        broken_images[name] = unloaded_images(page)

    assert broken_images == {name: [] for name in broken_images}
    page.problems.assert_clean()


FOCUS_STYLE = """(element) => {
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    return outline || style.boxShadow !== "none";
}"""


def test_keyboard_reader_reaches_and_sends_the_comment_form(live_server, page, newsroom):
    article = newsroom.article
    page.goto(url(live_server, "articles:detail", slug=article.slug, pk=article.pk))
    wait_for_comment_form(page)

    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Aller au contenu"
    unmarked = []
    for _ in range(100):
        page.keyboard.press("Tab")
        focused = page.locator(":focus")
        if not focused.evaluate(FOCUS_STYLE):
            unmarked.append(focused.evaluate("(element) => element.outerHTML.slice(0, 80)"))
        if focused.get_attribute("id") == "id_name":
            break
    assert focused.get_attribute("id") == "id_name"
    page.keyboard.type("Jeanne")
    page.keyboard.press("Tab")
    page.keyboard.type("jeanne@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("Envoyé sans souris.")
    page.keyboard.press("Tab")
    submit = page.locator(":focus")
    assert (submit.get_attribute("type"), submit.get_attribute("value")) == (
        "submit",
        "Publier mon commentaire",
    )
    if not submit.evaluate(FOCUS_STYLE):
        unmarked.append("the submit button")
    page.keyboard.press("Enter")

    page.wait_for_url("**?commentaire=recu#commentaires")
    assert page.get_by_role("status").inner_text().startswith("Merci pour votre commentaire.")
    assert unmarked == [], "focused elements without a visible focus indicator"
    page.problems.assert_clean()
