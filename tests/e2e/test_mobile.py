"""A reader on a phone, 375 px wide: no sideways scrolling; commenting and reporting by touch."""

import pytest

from comments.models import Comment, Report
from tests.e2e.support import horizontal_overflow, url, wait_for_comment_form

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTH = 375


def within_width(locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH


def test_phone_reader_reads_comments_and_reports_without_sideways_scrolling(
    live_server, mobile_page, shoot, newsroom
):
    page, article = mobile_page, newsroom.article
    article_url = url(live_server, "articles:detail", slug=article.slug, pk=article.pk)
    page.goto(url(live_server, "articles:home"))
    assert horizontal_overflow(page) == 0
    page.goto(article_url)
    assert horizontal_overflow(page) == 0

    wait_for_comment_form(page)
    values = {"name": "Inès", "email": "ines@example.org", "body": "Lu dans le train, merci."}
    fields = {name: page.locator(f"#id_{name}") for name in values}
    submit = page.get_by_role("button", name="Publier mon commentaire")
    assert [within_width(control) for control in [*fields.values(), submit]] == [True] * 4
    for name, value in values.items():
        fields[name].tap()
        fields[name].fill(value)
    shoot(page, "14-mobile-commentaire")
    submit.tap()
    page.wait_for_url("**?commentaire=recu#commentaires")
    assert page.get_by_role("status").is_visible()
    assert Comment.objects.filter(name="Inès", status=Comment.Status.PENDING).count() == 1

    report = page.locator(f"#commentaire-{newsroom.comments[1].pk}").get_by_role(
        "link", name="Signaler"
    )
    assert within_width(report)
    report.tap()
    page.wait_for_url(url(live_server, "comments:report", pk=newsroom.comments[1].pk))
    assert horizontal_overflow(page) == 0
    shoot(page, "15-mobile-signalement")
    page.get_by_label("Hors sujet").tap()
    page.get_by_role("button", name="Envoyer le signalement").tap()
    page.wait_for_url("**/signaler/merci/**")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Merci, votre signalement a bien été reçu."
    )
    assert horizontal_overflow(page) == 0
    assert list(Report.objects.values_list("comment_id", "reason")) == [
        (newsroom.comments[1].pk, Report.Reason.OFF_TOPIC)
    ]
    page.problems.assert_clean()
