from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Q
from django.utils import timezone

from articles.models import Article, Section, holds
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


STORIES = {
    # name: (status, published_at, embargo_until) in hours from now
    "live": (Article.Status.PUBLISHED, -2, None),
    "live, embargo lifted": (Article.Status.PUBLISHED, -2, -1),
    "later": (Article.Status.PUBLISHED, 3, None),
    "embargoed": (Article.Status.PUBLISHED, -2, 1),
    "later and embargoed": (Article.Status.PUBLISHED, 1, 2),
    "draft for later": (Article.Status.DRAFT, 3, None),
    "unpublished, embargoed": (Article.Status.UNPUBLISHED, -2, 1),
    "in review": (Article.Status.REVIEW, None, None),
}


@pytest.fixture
def stories():
    now = timezone.now()

    def at(hours):
        return None if hours is None else now + timedelta(hours=hours)

    return {
        name: ArticleFactory(
            title=name, status=status, published_at=at(published), embargo_until=at(embargo)
        )
        for name, (status, published, embargo) in STORIES.items()
    }


def test_scheduled_is_published_but_held_back_by_its_time_or_its_embargo(stories):
    assert sorted(Article.objects.scheduled().values_list("title", flat=True)) == [
        "embargoed",
        "later",
        "later and embargoed",
    ]


def test_is_scheduled_agrees_with_the_scheduled_query(stories):
    scheduled = set(Article.objects.scheduled().values_list("pk", flat=True))

    assert {name: a.is_scheduled for name, a in stories.items()} == {
        name: a.pk in scheduled for name, a in stories.items()
    }
    assert sum(a.is_scheduled for a in stories.values()) == 3


def test_scheduled_and_published_split_the_published_status(stories):
    published = set(Article.objects.published().values_list("title", flat=True))
    scheduled = set(Article.objects.scheduled().values_list("title", flat=True))

    assert published == {"live", "live, embargo lifted"}
    assert published | scheduled == set(
        Article.objects.filter(status=Article.Status.PUBLISHED).values_list("title", flat=True)
    )


def test_holds_agrees_with_the_database_on_empty_fields_and_negations(stories):
    now = timezone.now()
    conditions = [
        Q(embargo_until=None),
        ~Q(embargo_until=None),
        ~Q(embargo_until__gt=now),
        ~Q(published_at__lte=now),
        Q(published_at__gte=now) | Q(status=Article.Status.REVIEW),
    ]

    in_python = [{n for n, a in stories.items() if holds(c, a)} for c in conditions]

    assert in_python == [
        set(Article.objects.filter(c).values_list("title", flat=True)) for c in conditions
    ]
    assert in_python[0] == {"live", "later", "draft for later", "in review"}


def test_scheduled_story_leaves_scheduled_once_its_time_is_reached():
    publish_at = timezone.now() + timedelta(minutes=2)
    article = ArticleFactory(published_at=publish_at)

    assert list(Article.objects.scheduled(now=publish_at - timedelta(seconds=1))) == [article]
    assert list(Article.objects.scheduled(now=publish_at)) == []


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
