from datetime import timedelta

import pytest
import reversion
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from reversion.models import Version

from articles import services
from articles.models import Article, Correction
from tests.factories import ArticleFactory, ImageFactory, SectionFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


def member(group: str, username: str, **extra):
    user = UserFactory(username=username, is_staff=True, **extra)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def journalist():
    return member("Rédacteurs", "lea", first_name="Léa", last_name="Plume")


@pytest.fixture
def editor():
    return member("Éditeurs", "chef", first_name="Marc", last_name="Desk")


@pytest.fixture
def draft(journalist):
    return ArticleFactory(
        status=Article.Status.DRAFT,
        published_at=None,
        created_by=journalist,
        main_image=ImageFactory(),
        lead="Un chapô.",
    )


def workflow(article):
    return list(article.workflow.values_list("from_status", "to_status", "by_name"))


def test_journalist_submits_own_draft(journalist, draft):
    services.submit_for_review(article=draft, by=journalist)

    draft.refresh_from_db()
    assert draft.status == Article.Status.REVIEW
    assert workflow(draft) == [("draft", "review", "Léa Plume")]


def test_journalist_cannot_publish(journalist, draft):
    with pytest.raises(PermissionDenied):
        services.publish_article(article=draft, by=journalist)

    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_journalist_cannot_edit_others_drafts_or_published_articles(journalist):
    other = member("Rédacteurs", "paul")
    others_draft = ArticleFactory(status=Article.Status.DRAFT, created_by=other)
    own_published = ArticleFactory(created_by=journalist)

    assert services.can_edit(journalist, others_draft) is False
    assert services.can_edit(journalist, own_published) is False
    with pytest.raises(PermissionDenied):
        services.save_article(article=own_published, by=journalist)


def test_editor_publishes_now(editor, draft):
    before = timezone.now()

    services.publish_article(article=draft, by=editor)

    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    assert before <= draft.published_at <= timezone.now()
    assert list(Article.objects.published()) == [draft]
    assert workflow(draft) == [("draft", "published", "Marc Desk")]


def test_scheduled_article_appears_at_its_time_without_any_job(editor, draft):
    at = timezone.now() + timedelta(minutes=2)

    services.publish_article(article=draft, by=editor, at=at)

    draft.refresh_from_db()
    assert draft.is_scheduled is True
    assert list(Article.objects.published()) == []
    assert list(Article.objects.published(now=at + timedelta(seconds=1))) == [draft]
    assert draft.workflow.get().publish_at == at


def test_publish_blocked_by_prepublish_checks(editor, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "HEADLINE_ADVISED_LENGTH": 20, "LEAD_MAX_LENGTH": 10}
    article = ArticleFactory(
        status=Article.Status.DRAFT,
        published_at=None,
        title="Un titre beaucoup trop long pour la une",
        lead="Un chapô bien trop long.",
        section=None,
        main_image=None,
    )

    with pytest.raises(ValidationError) as excinfo:
        services.publish_article(article=article, by=editor)

    assert excinfo.value.messages == [
        "Le chapô fait 24 caractères, 10 au plus.",
        "Choisissez une rubrique.",
        "Ajoutez une image principale.",
    ]
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_publish_blocked_without_lead(editor, draft):
    draft.lead = "  "
    draft.save()

    with pytest.raises(ValidationError) as excinfo:
        services.publish_article(article=draft, by=editor)

    assert excinfo.value.messages == ["Le chapô est vide."]


def test_unpublish_hides_the_article(editor):
    article = ArticleFactory(main_image=ImageFactory())

    services.unpublish_article(article=article, by=editor)

    assert list(Article.objects.published()) == []
    assert workflow(article) == [("published", "unpublished", "Marc Desk")]


def test_correction_is_dated_and_moves_date_modified(editor):
    published_at = timezone.now() - timedelta(days=1)
    article = ArticleFactory(published_at=published_at)

    correction = services.add_correction(
        article=article,
        by=editor,
        text="Le montant est de 600 millions, non 500.",
        kind=Correction.Kind.CORRECTION,
    )

    article.refresh_from_db()
    assert article.content_updated_at == correction.created_at
    assert article.date_modified == correction.created_at
    assert article.is_updated is True


def test_correction_requires_an_editor(journalist):
    article = ArticleFactory(created_by=journalist)

    with pytest.raises(PermissionDenied):
        services.add_correction(article=article, by=journalist, text="x")


def test_stale_save_is_refused(editor):
    article = ArticleFactory(title="Original")
    opened_version = article.version

    first = Article.objects.get(pk=article.pk)
    first.title = "Première modification"
    services.save_article(article=first, by=editor, expected_version=opened_version)

    second = Article.objects.get(pk=article.pk)
    second.title = "Seconde modification"
    with pytest.raises(services.StaleArticle) as excinfo:
        services.save_article(article=second, by=editor, expected_version=opened_version)

    assert excinfo.value.current.modified_by == editor
    assert excinfo.value.code == "stale"
    assert excinfo.value.messages[0].startswith("Cet article a été modifié par Marc Desk le ")
    article.refresh_from_db()
    assert (article.title, article.version) == ("Première modification", opened_version + 1)


def test_saving_a_live_article_dates_the_update():
    article = ArticleFactory(published_at=timezone.now() - timedelta(hours=2))

    article.lead = "Nouveau chapô"
    services.save_article(article=article, changed_fields=["lead"])

    assert article.is_updated is True


def test_every_save_keeps_a_revision_and_restore_makes_a_new_one(editor):
    topic = TopicFactory()
    section = SectionFactory()
    article = ArticleFactory(title="Version 1", lead="Chapô 1", section=section, topics=[topic])
    with reversion.create_revision():
        services.save_article(article=article, by=editor)
    article.title, article.lead = "Version 2", "Chapô 2"
    article.topics.set([])
    with reversion.create_revision():
        services.save_article(article=article, by=editor, changed_fields=["title", "lead"])
    first = Version.objects.get_for_object(article).last()

    services.restore_revision(article=article, revision=first, by=editor)

    article.refresh_from_db()
    assert (article.title, article.lead, list(article.topics.all())) == (
        "Version 1",
        "Chapô 1",
        [topic],
    )
    assert article.status == Article.Status.PUBLISHED
    versions = Version.objects.get_for_object(article)
    assert versions.count() == 3
    assert versions.first().revision.comment.startswith("Révision du ")
