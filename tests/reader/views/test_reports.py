"""The "Signaler" form: open to anyone, the DSA notice, brigading bounds, never cached."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from comments.models import Comment, Report
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

NEVER_STORED = "max-age=0, no-cache, no-store, must-revalidate, private"


def report_url(comment) -> str:
    return reverse("comments:report", kwargs={"pk": comment.pk})


def test_report_form_is_open_to_anyone(client):
    comment = CommentFactory(status=Comment.Status.PUBLISHED, body="Texte signalé")

    response = client.get(report_url(comment))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Signaler un commentaire" in html
    assert "Texte signalé" in html
    assert [c[1] for c in response.context["form"].fields["reason"].choices] == [
        "Spam",
        "Insulte ou harcèlement",
        "Haine ou discrimination",
        "Hors sujet",
        "Données personnelles",
        "Contenu illicite",
        "Autre",
    ]


def test_report_submission_confirms(client):
    comment = CommentFactory(status=Comment.Status.PUBLISHED)

    response = client.post(report_url(comment), {"reason": "insult", "details": ""}, follow=True)

    report = Report.objects.get()
    assert response.redirect_chain == [
        (
            f"{reverse('comments:report_done', kwargs={'pk': comment.pk})}?ref={report.reference}",
            302,
        )
    ]
    assert "Merci, votre signalement a bien été reçu." in response.content.decode()
    assert (report.reason, report.comment, report.by_staff) == ("insult", comment, False)


def test_report_illegal_content_requires_explanation_and_good_faith(client):
    comment = CommentFactory(status=Comment.Status.PUBLISHED)

    response = client.post(
        report_url(comment), {"reason": "illegal", "notifier_email": "claire@example.org"}
    )

    assert response.status_code == 400
    assert dict(response.context["form"].errors) == {
        "category": ["Choisissez la catégorie d'illicéité la plus proche."],
        "details": ["Expliquez pourquoi ce contenu est illicite."],
        "good_faith": ["Cochez la déclaration de bonne foi pour signaler un contenu illicite."],
    }
    assert 'value="claire@example.org"' in response.content.decode()
    assert Report.objects.count() == 0


def test_report_of_a_pending_comment_is_404(client):
    comment = CommentFactory(status=Comment.Status.PENDING)

    assert client.get(report_url(comment)).status_code == 404


def test_report_requires_csrf():
    comment = CommentFactory(status=Comment.Status.PUBLISHED)

    response = Client(enforce_csrf_checks=True).post(report_url(comment), {"reason": "spam"})

    assert response.status_code == 403
    assert Report.objects.count() == 0


def test_report_twice_by_the_same_reader_counts_once(client):
    comment = CommentFactory(status=Comment.Status.PUBLISHED)

    client.post(report_url(comment), {"reason": "spam"})
    response = client.post(report_url(comment), {"reason": "hate"})

    # No new report, hence no reference to show.
    assert (response.status_code, response["Location"]) == (
        302,
        reverse("comments:report_done", kwargs={"pk": comment.pk}),
    )
    comment.refresh_from_db()
    assert (Report.objects.count(), comment.open_report_count) == (1, 1)


def test_three_readers_reporting_hide_the_comment_from_the_page():
    comment = CommentFactory(status=Comment.Status.PUBLISHED, body="Commentaire contesté")
    for index in range(3):
        Client(REMOTE_ADDR=f"198.51.100.{index}").post(report_url(comment), {"reason": "spam"})

    html = Client().get(comment.article.get_absolute_url()).content.decode()

    assert "Commentaire contesté" not in html
    assert 'Commentaires <span class="comments__count">0</span>' in html


def test_report_rate_limit(client):
    comments = [CommentFactory(status=Comment.Status.PUBLISHED) for _ in range(11)]
    for comment in comments[:10]:
        client.post(report_url(comment), {"reason": "spam"})

    response = client.post(report_url(comments[10]), {"reason": "spam"})

    assert response.status_code == 429
    assert Report.objects.count() == 10


def test_illegal_notice_acknowledged_by_email(client, django_capture_on_commit_callbacks):
    comment = CommentFactory(status=Comment.Status.PUBLISHED)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            report_url(comment),
            {
                "reason": "illegal",
                "category": "illegal_or_harmful_speech",
                "details": "Injure raciale.",
                "notifier_email": "claire@example.org",
                "good_faith": "on",
            },
        )

    report = Report.objects.get()
    assert (report.good_faith, report.details) == (True, "Injure raciale.")
    assert [m.subject for m in mail.outbox] == [f"Signalement reçu — référence {report.reference}"]


def test_charter_page(client):
    response = client.get(reverse("comments:charter"))

    assert response.status_code == 200
    assert '<h1 class="article__title">Charte de modération</h1>' in response.content.decode()


@pytest.mark.parametrize(("method", "status"), [("get", 200), ("post", 400), ("done", 200)])
def test_report_form_responses_are_never_cached(client, settings, method, status):
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_CACHE": True}
    comment = CommentFactory(status=Comment.Status.PUBLISHED)
    if method == "get":
        response = client.get(report_url(comment))
    elif method == "post":
        response = client.post(report_url(comment), {"reason": "", "details": ""})
    else:
        done = client.post(report_url(comment), {"reason": "spam", "details": ""})
        assert done["Cache-Control"] == NEVER_STORED
        response = client.get(done["Location"])

    assert (response.status_code, response["Cache-Control"]) == (status, NEVER_STORED)
    assert "Surrogate-Key" not in response
