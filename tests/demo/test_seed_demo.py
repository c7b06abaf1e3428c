from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from articles.body import read_also_ids
from articles.models import Agency, Article, Author, Image, Section, Topic
from audience.models import HourlyReadCount
from audience.rankings import most_commented, most_read
from comments.models import Comment
from demo.loader import load_content
from demo.seeder import ARCHIVE_PREFIX, STAFF_PASSWORD, STAFF_USERNAME

CONTENT = load_content()
LIVE_DEMO_STORIES = sum(spec.is_live for spec in CONTENT.stories)


def seed_demo(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def row_counts() -> dict[str, int]:
    models = [
        Section,
        Topic,
        Author,
        Agency,
        Image,
        Article,
        Article.authors.through,
        Article.topics.through,
        Article.agencies.through,
        get_user_model(),
        Comment,
        HourlyReadCount,
    ]
    return {model._meta.label: model.objects.count() for model in models}


@pytest.mark.django_db
def test_seed_demo_creates_sections_and_published_stories():
    seed_demo()

    assert Section.objects.count() == len(CONTENT.sections) >= 6
    published = Article.objects.published()
    assert published.count() == LIVE_DEMO_STORIES >= 40
    with_agency = sum(1 for spec in CONTENT.stories if spec.is_live and spec.agency)
    assert published.filter(agencies__isnull=False).distinct().count() == with_agency >= 1
    bodies = dict(published.values_list("pk", "body"))
    # A live page is its lead and its posts: every other story links to another one.
    lives = set(published.filter(kind=Article.Kind.LIVE).values_list("pk", flat=True))
    assert [pk for pk, body in bodies.items() if not read_also_ids(body) and pk not in lives] == []
    targets = {target for body in bodies.values() for target in read_also_ids(body)}
    assert targets - set(bodies) == set()


@pytest.mark.django_db
def test_seed_demo_gives_every_published_story_a_credited_image_with_renditions():
    seed_demo()

    images = [article.main_image for article in Article.objects.published().for_cards()]
    assert len(images) == LIVE_DEMO_STORIES
    assert [image for image in images if image is None] == []
    assert [image.pk for image in images if not image.credit or not image.alt_text] == []
    assert [image.pk for image in images if not image.renditions] == []
    assert Image.objects.count() == len(CONTENT.images)


@pytest.mark.django_db
def test_seed_demo_keeps_drafts_and_scheduled_story_out_of_published():
    seed_demo()

    drafts = Article.objects.filter(status=Article.Status.DRAFT)
    scheduled = Article.objects.filter(
        status=Article.Status.PUBLISHED, published_at__gt=timezone.now()
    )
    assert drafts.count() == 2
    assert scheduled.count() == 1
    hidden = set(drafts.values_list("pk", flat=True)) | set(scheduled.values_list("pk", flat=True))
    assert Article.objects.published().filter(pk__in=hidden).count() == 0
    user = get_user_model().objects.get(username=STAFF_USERNAME)
    assert user.is_superuser is True
    assert user.check_password("redaction-demo") is True


@pytest.mark.django_db
def test_seed_demo_run_twice_creates_nothing_new():
    seed_demo()
    first = row_counts()

    output = seed_demo()

    assert row_counts() == first
    assert f"  articles : {len(CONTENT.stories)} (+0)\n" in output


@pytest.mark.django_db
def test_seed_demo_archive_adds_only_the_missing_stories():
    seed_demo()

    seed_demo("--articles", "30", "--no-progress")
    archive = Article.objects.filter(slug__startswith=ARCHIVE_PREFIX)
    assert archive.count() == 30
    assert Article.objects.published().count() == LIVE_DEMO_STORIES + 30
    assert archive.filter(main_image__isnull=True).count() == 0
    assert archive.filter(topics__isnull=True).count() == 0
    assert archive.values("slug").distinct().count() == 30

    seed_demo("--articles", "30", "--no-progress")
    assert archive.count() == 30
    assert Article.objects.published().count() == LIVE_DEMO_STORIES + 30


@pytest.mark.django_db
def test_seed_demo_never_changes_an_existing_staff_password():
    get_user_model().objects.create_user(username=STAFF_USERNAME, password="mon-mot-de-passe")

    seed_demo()

    user = get_user_model().objects.get(username=STAFF_USERNAME)
    assert user.check_password("mon-mot-de-passe") is True
    assert user.check_password(STAFF_PASSWORD) is False


def demo_password_users() -> list[str]:
    return [u.username for u in get_user_model().objects.all() if u.check_password(STAFF_PASSWORD)]


@pytest.mark.django_db
def test_seed_demo_in_development_creates_the_demo_superuser_and_says_so():
    out = seed_demo()

    assert demo_password_users() == [STAFF_USERNAME]
    assert (
        f"Compte de la rédaction créé : identifiant « {STAFF_USERNAME} », mot de passe "
        f"« {STAFF_PASSWORD} » (/admin/). Mode développement seulement : « make serve » "
        "(production) ne le crée pas.\n"
    ) in out


@pytest.mark.django_db
def test_seed_demo_in_production_creates_no_account_with_the_published_password(settings):
    settings.PRODUCTION = True

    out = seed_demo()

    assert demo_password_users() == []
    assert get_user_model().objects.count() == 0
    assert out.endswith(
        "Mode production : pas de compte de démonstration ; créez un compte avec "
        "« python manage.py createsuperuser ».\n"
    )


@pytest.mark.django_db
def test_seed_demo_in_production_disables_a_demo_account_left_by_development(settings):
    seed_demo()
    settings.PRODUCTION = True

    out = seed_demo()

    assert demo_password_users() == []
    assert get_user_model().objects.get(username=STAFF_USERNAME).has_usable_password() is False
    assert out.endswith(
        f"Le compte « {STAFF_USERNAME} » avait le mot de passe de démonstration publié : il est "
        "désactivé. Donnez-lui un vrai mot de passe avec « python manage.py changepassword "
        f"{STAFF_USERNAME} ».\n"
    )


@pytest.mark.django_db
def test_seed_demo_gives_the_comments_and_sidebars_something_to_show():
    seed_demo()

    published = Comment.objects.published()
    assert published.count() == 38
    counted = {a.pk: a.comment_count for a in Article.objects.filter(comment_count__gt=0)}
    assert sum(counted.values()) == 38
    assert all(c.events.filter(action="accepted").exists() for c in published)
    assert len(most_read(hours=24)) == 5
    assert len(most_commented(days=7)) == 5


@pytest.mark.django_db
def test_seed_demo_creates_the_live_page_with_its_posts():
    seed_demo()

    live = Article.objects.published().get(kind=Article.Kind.LIVE)
    posts = list(live.live_posts.visible().newest_first())
    assert live.title == "En direct : motion de censure, l'Assemblée vote ce soir sur le budget"
    assert live.live_ended_at is None
    assert len(posts) == 7
    assert [p.author_name for p in posts if p.pinned] == ["Sophie Garnier"]
    assert [p.important for p in posts][:2] == [False, True]
    assert sum(p.image_id is not None for p in posts) == 1
    assert live.content_updated_at == posts[0].created_at

    seed_demo()  # a second run adds nothing
    assert live.live_posts.count() == 7
