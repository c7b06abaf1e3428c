from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from articles.models import Article, Section
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_published_includes_live_articles():
    article = ArticleFactory()

    assert list(Article.objects.published()) == [article]


@pytest.mark.parametrize(
    ("status", "offset_hours"),
    [
        (Article.Status.DRAFT, -1),
        (Article.Status.REVIEW, -1),
        (Article.Status.UNPUBLISHED, -1),
        (Article.Status.PUBLISHED, 1),  # scheduled: publication time not reached
    ],
)
def test_published_excludes_drafts_and_future_dates(status, offset_hours):
    ArticleFactory(status=status, published_at=timezone.now() + timedelta(hours=offset_hours))

    assert Article.objects.published().count() == 0


def test_published_scheduled_article_appears_once_its_time_is_reached():
    publish_at = timezone.now() + timedelta(minutes=2)
    article = ArticleFactory(published_at=publish_at)

    assert list(Article.objects.published(now=publish_at - timedelta(seconds=1))) == []
    assert list(Article.objects.published(now=publish_at)) == [article]


def test_published_honours_embargo_distinct_from_publication_time():
    now = timezone.now()
    article = ArticleFactory(
        published_at=now - timedelta(hours=2), embargo_until=now + timedelta(hours=1)
    )

    assert list(Article.objects.published(now=now)) == []
    assert list(Article.objects.published(now=now + timedelta(hours=1))) == [article]


def test_published_status_requires_a_publication_date():
    with pytest.raises(IntegrityError):
        ArticleFactory(published_at=None)


def test_save_derives_slug_from_title():
    article = ArticleFactory(title="L'État et les « géants » de l'IA", slug="")

    assert article.slug == "l-etat-et-les-geants-de-l-ia"


def test_get_absolute_url_carries_slug_and_stable_id():
    article = ArticleFactory(title="Mistral lève des fonds", slug="")

    assert article.get_absolute_url() == f"/article/mistral-leve-des-fonds-{article.pk}/"


def test_save_sanitizes_body():
    article = ArticleFactory(
        body='<p onclick="x()">Texte <script>alert(1)</script><b>gras</b></p>'
        '<iframe src="https://evil.example"></iframe>'
    )

    assert article.body == "<p>Texte <b>gras</b></p>"


def test_is_updated_only_after_publication():
    published_at = timezone.now() - timedelta(days=1)
    article = ArticleFactory(published_at=published_at, content_updated_at=published_at)
    assert article.is_updated is False
    assert article.date_modified == published_at

    article.content_updated_at = published_at + timedelta(hours=3)
    assert article.is_updated is True
    assert article.date_modified == published_at + timedelta(hours=3)


def test_section_slug_cannot_be_reserved():
    section = Section(name="Administration", slug="admin")

    with pytest.raises(ValidationError) as excinfo:
        section.full_clean()

    assert excinfo.value.error_dict["slug"][0].code == "reserved"


def test_section_str_and_url():
    section = SectionFactory(name="Intelligence artificielle", slug="intelligence-artificielle")

    assert str(section) == "Intelligence artificielle"
    assert section.get_absolute_url() == "/rubrique/intelligence-artificielle/"
