from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from reversion.models import Version

from articles import previews, services
from articles.models import Article
from comments.models import Comment
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CommentFactory,
    ImageFactory,
    UserFactory,
)
from tests.support import changelist_rows

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


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def workflow_url(article, step):
    return reverse("admin:articles_article_workflow", args=[article.pk, step])


def form_data(article, **overrides):
    data = {
        "title": article.title,
        "slug": article.slug,
        "section": article.section_id or "",
        "lead": article.lead,
        "body": article.body,
        "credit_line": article.credit_line,
        "main_image": article.main_image_id or "",
        "comment_mode": article.comment_mode,
        "kind": article.kind,
        "opened_version": article.version,
        "corrections-TOTAL_FORMS": 0,
        "corrections-INITIAL_FORMS": 0,
        "workflow-TOTAL_FORMS": 0,
        "workflow-INITIAL_FORMS": 0,
    }
    if article.published_at:
        local = timezone.localtime(article.published_at)
        data["published_at_0"] = local.strftime("%d/%m/%Y")
        data["published_at_1"] = local.strftime("%H:%M:%S")
    return {**data, **overrides}


def test_journalist_publish_url_is_refused_and_button_hidden(client, journalist):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=journalist)
    client.force_login(journalist)

    page = client.get(change_url(article)).content.decode()
    response = client.post(workflow_url(article, "publish"))

    assert "Soumettre à la relecture" in page
    assert "Publier / programmer" not in page
    assert 'name="published_at_0"' not in page
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_journalist_publish_action_is_not_offered(client, journalist):
    ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=journalist)
    client.force_login(journalist)

    response = client.get(reverse("admin:articles_article_changelist"))

    assert response.context["action_form"] is None
    assert "Publier les articles choisis" not in response.content.decode()


def test_journalist_cannot_open_others_drafts(client, journalist):
    other = ArticleFactory(status=Article.Status.DRAFT, created_by=member("Rédacteurs", "paul"))
    client.force_login(journalist)

    response = client.get(change_url(other))
    # The admin's "does not exist": back to its index with a message.
    assert (response.status_code, response["Location"]) == (302, reverse("admin:index"))
    assert client.post(workflow_url(other, "submit")).status_code == 403


def test_journalist_submits_for_review_from_the_change_page(client, journalist):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=journalist)
    client.force_login(journalist)

    response = client.post(workflow_url(article, "submit"), follow=True)

    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    assert "Article soumis à la relecture." in response.content.decode()


def test_editor_schedules_from_the_change_page(client, editor):
    article = ArticleFactory(
        status=Article.Status.REVIEW, published_at=None, main_image=ImageFactory()
    )
    client.force_login(editor)
    at = timezone.localtime() + timedelta(minutes=2)

    response = client.post(
        workflow_url(article, "publish"),
        {"publish_at_0": at.strftime("%d/%m/%Y"), "publish_at_1": at.strftime("%H:%M:%S")},
        follow=True,
    )

    article.refresh_from_db()
    assert "Article programmé." in response.content.decode()
    assert article.is_scheduled is True
    assert article.published_at == at.replace(microsecond=0)


def test_publish_with_failing_checks_shows_the_problems(client, editor):
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None, main_image=None)
    client.force_login(editor)

    response = client.post(workflow_url(article, "publish"), follow=True)

    assert "Ajoutez une image principale." in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_second_editors_stale_save_is_refused_with_a_clear_message(client, editor):
    article = ArticleFactory(title="Original")
    other = member("Éditeurs", "sophie")
    opened = form_data(article)

    client.force_login(other)
    first = client.post(change_url(article), {**opened, "title": "Titre de Sophie"})
    client.force_login(editor)
    second = client.post(change_url(article), {**opened, "title": "Titre de Marc"})

    assert (first.status_code, first["Location"]) == (
        302,
        reverse("admin:articles_article_changelist"),
    )
    assert second.status_code == 200
    errors = second.context["adminform"].form.non_field_errors()
    assert len(errors) == 1
    assert errors[0].startswith("Cet article a été modifié par Sophie le ")
    assert 'value="Titre de Marc"' in second.content.decode()
    article.refresh_from_db()
    assert article.title == "Titre de Sophie"


def test_admin_save_keeps_a_revision_and_the_diff_is_word_level(client, editor):
    article = ArticleFactory(title="La BCE baisse ses taux", lead="Chapô initial.")
    client.force_login(editor)
    client.post(change_url(article), form_data(article))
    article.refresh_from_db()
    client.post(change_url(article), form_data(article, title="La BCE relève ses taux"))
    latest = Version.objects.get_for_object(article).first()

    response = client.get(reverse("admin:articles_article_diff", args=[article.pk, latest.pk]))

    html = response.content.decode()
    assert Version.objects.get_for_object(article).count() == 2
    assert "La BCE <del>baisse</del> <ins>relève</ins> ses taux" in html
    assert "Chapô — inchangé" in html


def test_admin_restore_brings_back_the_old_headline(client, editor):
    article = ArticleFactory(title="Titre A")
    client.force_login(editor)
    client.post(change_url(article), form_data(article))
    article.refresh_from_db()
    client.post(change_url(article), form_data(article, title="Titre B"))
    first = Version.objects.get_for_object(article).last()

    client.post(reverse("admin:articles_article_restore", args=[article.pk, first.pk]))

    article.refresh_from_db()
    assert article.title == "Titre A"
    assert Version.objects.get_for_object(article).count() == 3


def test_staff_preview_renders_unpublished_article_uncached_and_noindex(client, editor):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, title="Inédit")
    client.force_login(editor)

    response = client.get(reverse("articles:preview", args=[article.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="article__title">Inédit</h1>' in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert "data-read-url" not in html


def test_share_link_lets_a_reviewer_without_account_read_until_it_expires(client, editor):
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None, title="Inédit")
    url = previews.share_url(services.create_share_link(article=article, by=editor))

    response = client.get(url)

    assert response.status_code == 200
    assert '<h1 class="article__title">Inédit</h1>' in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert client.get(url[:-3] + "xx/").status_code == 410
    later = timezone.now() + timedelta(days=4)
    with time_machine.travel(later, tick=False):
        assert client.get(url).status_code == 410


def test_share_view_gives_the_link_in_a_message(client, editor):
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    client.force_login(editor)

    response = client.post(reverse("admin:articles_article_share", args=[article.pk]), follow=True)

    assert "Lien de prévisualisation, valable 3 jours :" in response.content.decode()
    assert "/apercu/" in response.content.decode()


def test_changelist_has_no_query_per_row(client, editor, django_assert_max_num_queries):
    for _ in range(3):
        ArticleFactory(authors=[AuthorFactory(), AuthorFactory()])
    client.force_login(editor)
    with django_assert_max_num_queries(30) as captured:
        client.get(reverse("admin:articles_article_changelist"))
    baseline = len(captured)
    for _ in range(10):
        ArticleFactory(authors=[AuthorFactory(), AuthorFactory()])

    with django_assert_max_num_queries(baseline):
        response = client.get(reverse("admin:articles_article_changelist"))

    assert len(response.context["cl"].result_list) == 13


def test_changelist_shows_status_scheduled_and_view_on_site(client, editor):
    live = ArticleFactory(title="En ligne")
    later = ArticleFactory(title="Plus tard", published_at=timezone.now() + timedelta(hours=3))
    client.force_login(editor)

    html = client.get(reverse("admin:articles_article_changelist")).content.decode()

    when = date_format(timezone.localtime(later.published_at), "SHORT_DATETIME_FORMAT")
    rows = changelist_rows(html)
    assert [(row["title"], row["status_label"], row["view_on_site_link"]) for row in rows] == [
        ("Plus tard", f"Programmé {when}", "—"),
        ("En ligne", "Publié", "Voir sur le site"),
    ]
    assert f'<a href="{live.get_absolute_url()}">Voir sur le site</a>' in html


def test_dashboard_lists_what_needs_attention(client, editor):
    ArticleFactory(status=Article.Status.REVIEW, title="À relire", published_at=None)
    ArticleFactory(title="Cet après-midi", published_at=timezone.now() + timedelta(minutes=5))
    CommentFactory(status=Comment.Status.PENDING)
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(superuser)

    html = client.get(reverse("admin:index")).content.decode()

    assert "1</span><a" in html
    assert "article en attente de relecture" in html
    assert "À relire" in html
    assert "Cet après-midi" in html
    assert "commentaire en attente de modération" in html


def test_clearing_the_date_of_a_live_article_is_a_form_error(client, editor):
    article = ArticleFactory()
    client.force_login(editor)

    response = client.post(
        change_url(article), form_data(article, published_at_0="", published_at_1="")
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["published_at"] == [
        "Un article publié garde une date de publication ; dépubliez-le d'abord."
    ]


def test_staff_preview_always_shows_the_current_text(client, editor):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, title="Première")
    client.force_login(editor)
    url = reverse("articles:preview", args=[article.pk])
    client.get(url)

    # A change that did not go through the editing services (no version change).
    Article.objects.filter(pk=article.pk).update(title="Seconde")

    assert '<h1 class="article__title">Seconde</h1>' in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("etat", "titles"),
    [
        ("scheduled", ["Embargo", "Plus tard"]),
        ("published", ["En ligne"]),
        ("draft", ["Brouillon"]),
    ],
)
def test_status_filter_tells_scheduled_from_published(client, editor, etat, titles):
    now = timezone.now()
    ArticleFactory(title="En ligne")
    ArticleFactory(title="Plus tard", published_at=now + timedelta(hours=3))
    ArticleFactory(
        title="Embargo", published_at=now - timedelta(hours=1), embargo_until=now + timedelta(1)
    )
    ArticleFactory(title="Brouillon", status=Article.Status.DRAFT, published_at=None)
    client.force_login(editor)

    response = client.get(reverse("admin:articles_article_changelist"), {"etat": etat})

    assert sorted(a.title for a in response.context["cl"].result_list) == titles
