"""The comment form under an article: posting, its checks and limits, the comments block."""

import re
import time
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import services as article_services
from articles.models import Article
from comments.forms import FORM_SALT
from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


def stamp(seconds_ago: int = 10) -> str:
    return signing.dumps(int(time.time()) - seconds_ago, salt=FORM_SALT)


def valid_data(**overrides) -> dict:
    return {
        "name": "Jean Lecteur",
        "email": "jean@example.org",
        "body": "Un point de vue argumenté.\nSur deux lignes.",
        "website": "",
        "ts": stamp(),
        **overrides,
    }


def post_url(article) -> str:
    return reverse("comments:post", kwargs={"article_id": article.pk})


def notice_url(article, state: str) -> str:
    """Where a posted comment leads: the article's comments, with the notice of its state."""
    page = reverse("articles:detail", kwargs={"slug": article.slug, "pk": article.pk})
    return f"{page}?commentaire={state}#commentaires"


def field_errors(response) -> dict:
    return {name: list(errors) for name, errors in response.context["comment_form"].errors.items()}


@pytest.fixture
def article():
    return ArticleFactory()


def test_comment_post_redirects_to_the_pending_notice(client, article):
    response = client.post(post_url(article), valid_data())

    assert (response.status_code, response["Location"]) == (302, notice_url(article, "recu"))
    comment = Comment.objects.get()
    assert (comment.name, comment.email, comment.status) == (
        "Jean Lecteur",
        "jean@example.org",
        "pending",
    )
    page = client.get(response["Location"]).content.decode()
    assert (
        "Merci pour votre commentaire. Il sera visible prochainement sous réserve de validation."
        in page
    )
    assert "Un point de vue argumenté." not in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": "   "}, "name", "Ce champ est obligatoire."),
        ({"email": ""}, "email", "Ce champ est obligatoire."),
        ({"body": " \n\t "}, "body", "Ce champ est obligatoire."),
        (
            {"email": "jean@"},
            "email",
            "Saisissez une adresse email valide, par exemple nom@exemple.fr.",
        ),
        (
            {"body": "x" * 3001},
            "body",
            "Votre commentaire dépasse 3000 caractères (il en compte 3001).",
        ),
        ({"body": "texte\x00nul"}, "body", "Le caractère nul n’est pas autorisé."),
        (
            {"body": "texte \x1b[31m coloré"},
            "body",
            "Le texte contient des caractères de contrôle non autorisés.",
        ),
        (
            {"name": "Modérateur"},
            "name",
            "Ce nom est réservé à la rédaction, choisissez-en un autre.",
        ),
        (
            {"name": "La Rédaction"},
            "name",
            "Ce nom est réservé à la rédaction, choisissez-en un autre.",
        ),
        (
            {"name": "LE QUOTIDIEN"},
            "name",
            "Ce nom est réservé à la rédaction, choisissez-en un autre.",
        ),
    ],
)
def test_comment_bad_input_shows_french_error_and_keeps_input(
    client, article, overrides, field, message
):
    data = valid_data(**overrides)

    response = client.post(post_url(article), data)

    assert response.status_code == 400
    assert field_errors(response) == {field: [message]}
    form = response.context["comment_form"]
    for name in ("name", "email", "body"):
        if name != field:
            assert form[name].value() == data[name]
    html = unescape(response.content.decode())
    assert message in html
    assert Comment.objects.count() == 0


def test_comment_form_errors_keep_the_typed_text_in_the_page(client, article):
    response = client.post(post_url(article), valid_data(email="pas-un-email"))

    html = response.content.decode()
    assert 'value="Jean Lecteur"' in html
    assert 'value="pas-un-email"' in html
    assert "Un point de vue argumenté.\nSur deux lignes.</textarea>" in html


def test_comment_posted_too_fast_is_refused(client, article):
    response = client.post(post_url(article), valid_data(ts=stamp(seconds_ago=0)))

    assert response.status_code == 400
    assert field_errors(response) == {
        "__all__": ["Le formulaire a été envoyé trop vite. Relisez-vous puis envoyez à nouveau."]
    }


@pytest.mark.parametrize(
    "ts",
    ["", "forged", lambda: signing.dumps(0, salt=FORM_SALT)],
    ids=["missing", "forged", "signed-long-ago"],
)
def test_comment_with_missing_forged_or_expired_timestamp_is_refused(client, article, ts):
    # Signed when the test runs, not when it is collected (the signature holds a time).
    response = client.post(post_url(article), valid_data(ts=ts() if callable(ts) else ts))

    assert field_errors(response) == {
        "__all__": ["Le formulaire a expiré. Rechargez la page puis envoyez à nouveau."]
    }
    assert Comment.objects.count() == 0


def test_comment_honeypot_answers_like_success_and_stores_nothing(client, article):
    response = client.post(post_url(article), valid_data(website="http://spam.example"))

    assert (response.status_code, response["Location"]) == (302, notice_url(article, "recu"))
    assert Comment.objects.count() == 0


def test_comment_rate_limit_per_ip(client, article):
    for index in range(5):
        client.post(post_url(article), valid_data(body=f"Message {index}", email=f"{index}@ex.org"))

    response = client.post(post_url(article), valid_data(body="Un de trop"))

    assert response.status_code == 429
    assert field_errors(response) == {
        "__all__": [
            "Vous avez envoyé beaucoup de commentaires en peu de temps. "
            "Patientez quelques minutes avant de réessayer."
        ]
    }
    assert Comment.objects.count() == 5


def test_comment_rate_limit_per_email_across_addresses(article):
    for index in range(5):
        Client(REMOTE_ADDR=f"203.0.113.{index}").post(
            post_url(article), valid_data(body=f"Message {index}")
        )

    response = Client(REMOTE_ADDR="203.0.113.99").post(post_url(article), valid_data(body="Encore"))

    assert response.status_code == 429
    assert Comment.objects.count() == 5


def test_comment_posted_twice_is_stored_once(client, article):
    client.post(post_url(article), valid_data())
    response = client.post(post_url(article), valid_data())

    assert (response.status_code, response["Location"]) == (302, notice_url(article, "recu"))
    assert Comment.objects.count() == 1


def test_a_duplicate_does_not_tell_whether_a_guessed_email_wrote_a_published_comment(article):
    text = "Mon avis."
    published = CommentFactory(
        article=article, email="elu@example.org", body=text, status="published"
    )

    # The attacker copies the published text and guesses the author's email...
    guessed = Client().post(post_url(article), valid_data(email="elu@example.org", body=text))
    # ...or a wrong one: the answer must be the same.
    wrong = Client().post(post_url(article), valid_data(email="autre@example.org", body=text))

    assert (guessed.status_code, guessed["Location"]) == (wrong.status_code, wrong["Location"])
    assert guessed["Location"] == notice_url(article, "recu")
    assert Comment.objects.filter(email="elu@example.org").get() == published


def test_comment_on_unknown_or_unpublished_article_is_404(client):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    scheduled = ArticleFactory(published_at=timezone.now() + timedelta(hours=1))

    for url in (post_url(draft), post_url(scheduled), "/commentaires/article/999999/"):
        assert client.post(url, valid_data()).status_code == 404
    assert Comment.objects.count() == 0


def test_comment_on_an_article_unpublished_since_its_page_was_read_is_404(
    client, article, django_capture_on_commit_callbacks
):
    client.get(article.get_absolute_url())  # its row is now in the shared cache
    editor = get_user_model().objects.create_superuser("chef", "c@example.org", "pw-123-secret")
    with django_capture_on_commit_callbacks(execute=True):
        article_services.unpublish_article(article=article, by=editor)

    response = client.post(post_url(article), valid_data())

    assert (response.status_code, Comment.objects.count()) == (404, 0)


def test_comment_on_an_article_deleted_since_its_page_was_read_is_404(
    client, article, django_capture_on_commit_callbacks
):
    client.get(article.get_absolute_url())  # its row is now in the shared cache
    url = post_url(article)
    admin = get_user_model().objects.create_superuser("admin", "a@example.org", "pw-123-secret")
    with django_capture_on_commit_callbacks(execute=True):
        article_services.delete_articles([article], by=admin)

    response = client.post(url, valid_data())

    assert (response.status_code, Comment.objects.count()) == (404, 0)


def test_comment_on_closed_article_is_403(client):
    article = ArticleFactory(comment_mode=Article.CommentMode.CLOSED)

    response = client.post(post_url(article), valid_data())

    assert response.status_code == 403
    assert "Les commentaires sont fermés pour cet article" in response.content.decode()
    assert Comment.objects.count() == 0


def test_comments_close_by_age_even_while_the_block_is_cached(client):
    published = timezone.now() - timedelta(days=14) + timedelta(seconds=10)
    article = ArticleFactory(published_at=published)
    assert 'id="comment-form"' in client.get(article.get_absolute_url()).content.decode()

    # 20 s later: the stored block (60 s) is still there, but showed the form.
    with time_machine.travel(timezone.now() + timedelta(seconds=20), tick=False):
        html = client.get(article.get_absolute_url()).content.decode()

    assert "Les commentaires sont fermés pour cet article." in html
    assert 'id="comment-form"' not in html


def test_closed_article_shows_a_notice_instead_of_the_form(client):
    article = ArticleFactory(published_at=timezone.now() - timedelta(days=30))

    html = client.get(article.get_absolute_url()).content.decode()

    assert "Les commentaires sont fermés pour cet article." in html
    assert 'id="comment-form"' not in html


def test_comment_post_requires_csrf(article):
    client = Client(enforce_csrf_checks=True)

    response = client.post(post_url(article), valid_data())

    assert response.status_code == 403
    assert Comment.objects.count() == 0


def test_comment_form_token_gives_csrf_and_timestamp(article):
    client = Client(enforce_csrf_checks=True)

    token = client.get(reverse("comments:token"))
    data = token.json()
    response = client.post(
        post_url(article), valid_data(ts=data["ts"], csrfmiddlewaretoken=data["csrf"])
    )

    assert token["Cache-Control"] == ("max-age=0, no-cache, no-store, must-revalidate, private")
    assert signing.loads(data["ts"], salt=FORM_SALT) == pytest.approx(time.time(), abs=5)
    # Sent at once: refused for speed, but past the CSRF check.
    assert response.status_code == 400


def test_article_page_lists_published_comments_newest_first(client):
    article = ArticleFactory()
    CommentFactory(
        article=article,
        name="Alice",
        status=Comment.Status.PUBLISHED,
        created_at=datetime(2024, 3, 16, 1, 47, tzinfo=UTC),
        body="Premier\nsur deux lignes https://example.org <b>gras</b> <script>alert(1)</script>",
        email="alice-secret@example.org",
    )
    CommentFactory(
        article=article,
        name="Bruno",
        status=Comment.Status.PUBLISHED,
        created_at=datetime(2024, 3, 17, 9, 5, tzinfo=UTC),
    )
    CommentFactory(article=article, name="Caché", status=Comment.Status.PENDING)
    CommentFactory(article=article, name="Refusé", status=Comment.Status.REJECTED)

    html = client.get(article.get_absolute_url()).content.decode()

    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    assert "Commentaires 2" in text
    assert text.index("Bruno a écrit le 17/03/2024 à 10:05") < text.index(
        "Alice a écrit le 16/03/2024 à 2:47"
    )
    assert "Caché" not in text
    assert "Refusé" not in text
    assert "Premier<br>sur deux lignes https://example.org &lt;b&gt;gras&lt;/b&gt;" in html
    assert "<script>alert(1)</script>" not in html
    assert '<a href="https://example.org' not in html
    assert "alice-secret" not in html
    assert html.count(">Signaler</a>") == 2


def test_article_page_comments_cost_one_query_whatever_their_number(
    client, django_assert_num_queries
):
    article = ArticleFactory()
    # Article, extras, navigation, three rankings; no comment: no comment query at all.
    with django_assert_num_queries(6):
        client.get(article.get_absolute_url())
    for _ in range(30):
        CommentFactory(article=article, status=Comment.Status.PUBLISHED)
    cache.clear()

    with django_assert_num_queries(7):
        response = client.get(article.get_absolute_url())

    assert response.content.decode().count(">Signaler</a>") == 30


def test_article_page_paginates_comments(client, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "COMMENTS_PER_PAGE": 2}
    article = ArticleFactory()
    now = timezone.now()
    for index in range(5):
        CommentFactory(
            article=article,
            name=f"N{index}",
            status=Comment.Status.PUBLISHED,
            created_at=now - timedelta(minutes=index),
        )

    first = client.get(article.get_absolute_url()).content.decode()
    last = client.get(article.get_absolute_url(), {"commentaires": 3}).content.decode()

    assert re.findall(r'comment__author">(N\d)<', first) == ["N0", "N1"]
    assert re.findall(r'comment__author">(N\d)<', last) == ["N4"]
    assert "Commentaires plus anciens" in first
    assert "Commentaires plus anciens" not in last


def test_article_page_sets_no_cookie_and_embeds_no_csrf_token(client, article):
    response = client.get(article.get_absolute_url())

    assert response.cookies == {}
    assert 'csrfmiddlewaretoken" value="' not in response.content.decode().replace(
        'name="csrfmiddlewaretoken" value=""', ""
    )
    assert "Cookie" not in response.get("Vary", "")


NEVER_STORED = "max-age=0, no-cache, no-store, must-revalidate, private"


@pytest.mark.parametrize(
    ("case", "status"),
    [("accepted", 302), ("invalid", 400), ("too_many", 429), ("closed", 403)],
)
def test_comment_form_responses_are_never_cached(client, settings, case, status):
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_CACHE": True, "COMMENT_RATE_LIMIT": (1, 600)}
    mode = Article.CommentMode.CLOSED if case == "closed" else Article.CommentMode.PRE_MODERATED
    article = ArticleFactory(comment_mode=mode)
    if case == "too_many":
        client.post(post_url(article), valid_data(body="Un premier avis."))

    response = client.post(post_url(article), valid_data(body="" if case == "invalid" else "Oui."))

    assert (response.status_code, response["Cache-Control"]) == (status, NEVER_STORED)
    assert ("Surrogate-Key" in response, "ETag" in response) == (False, False)


@pytest.mark.parametrize(
    ("mode", "own_page"),
    [(Article.CommentMode.PRE_MODERATED, "hit"), (Article.CommentMode.POST_MODERATED, "miss")],
)
def test_a_comment_post_flushes_no_other_page(
    client, settings, django_capture_on_commit_callbacks, mode, own_page
):
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_CACHE": True}
    article, other = ArticleFactory(comment_mode=mode), ArticleFactory()
    pages = [article.get_absolute_url(), other.get_absolute_url(), reverse("articles:home")]
    for url in pages:
        client.get(url)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(post_url(article), valid_data(body="Un avis publié d'emblée ?"))

    state = "recu" if mode == Article.CommentMode.PRE_MODERATED else "publie"
    assert (response.status_code, response["Location"]) == (302, notice_url(article, state))
    assert [client.get(url)["X-Page-Cache"] for url in pages] == [own_page, "hit", "hit"]
