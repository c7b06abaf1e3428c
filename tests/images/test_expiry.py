"""
Usage rights over time: the photo desk told 7 days ahead, the image withdrawn from
every public page at its expiry (its public files gone, the original archived),
the withdrawal recorded, publishing refused. Time is controlled with time-machine.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage, storages
from django.test import RequestFactory
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from articles import services as article_services
from articles.models import Article
from images import dashboard, rights, services, tasks
from images.models import Image, ImageWithdrawal
from infra import generations
from infra.site import absolute_url
from tests.factories import ArticleFactory, ImageFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
EXPIRY = NOW + timedelta(days=10)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def expiring(clock):
    """An image whose rights end at EXPIRY, on a live story (renditions made)."""
    return ImageFactory(caption="Le port au matin", usage_expires_at=EXPIRY)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """``with commit():`` runs what the block leaves for after the commit, as in production."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def editor(**extra):
    user = UserFactory(is_staff=True, **extra)
    user.groups.add(Group.objects.get(name="Éditeurs"))
    return user


def public_files(image) -> list[str]:
    names = [image.file.name] if default_storage.exists(image.file.name) else []
    folder = rights.renditions_folder(image.pk)
    if default_storage.exists(folder):
        names += [f"{folder}/{n}" for n in default_storage.listdir(folder)[1]]
    return names


def test_saving_an_expiry_enqueues_the_withdrawal_due_then(clock, database_tasks, commit):
    image = ImageFactory()
    image.usage_expires_at = EXPIRY

    with commit():
        services.save_image(image=image, clean=None)

    due = DBTaskResult.objects.filter(task_path="images.tasks.withdraw_expired_image")
    assert [(r.args_kwargs["kwargs"], r.run_after) for r in due] == [
        ({"image_id": image.pk}, EXPIRY)
    ]


def test_at_expiry_the_image_leaves_the_pages_and_the_public_storage(
    expiring, clock, client, commit
):
    article = ArticleFactory(title="Le port", main_image=expiring)
    page = article.get_absolute_url()
    original = expiring.file.name
    before = public_files(expiring)
    assert '<meta property="og:image"' in client.get(page).content.decode()
    cache.clear()

    clock.move_to(EXPIRY)
    with commit():
        withdrawn = tasks.withdraw_expired_image.call(image_id=expiring.pk)

    image = Image.objects.get(pk=expiring.pk)
    html = client.get(page).content.decode()
    assert withdrawn is True
    assert (image.withdrawn_at, image.renditions, image.is_usable) == (EXPIRY, [], False)
    assert len(before) == 28  # the original, its 12 renditions and 15 crops
    assert public_files(image) == []
    assert storages["image_archive"].exists(original)
    assert ("<picture" in html, "og:image" in html, "Le port au matin" in html) == (
        False,
        False,
        False,
    )
    assert "Le port" in html
    assert cache.get(generations.article_key(article.pk)) is not None
    record = ImageWithdrawal.objects.get()
    assert (record.image, record.at, record.by, record.reason) == (
        image,
        EXPIRY,
        None,
        ImageWithdrawal.Reason.EXPIRED,
    )
    assert record.note == (
        "Droits d'utilisation expirés le 11/03/2027 à 10:00.\nArticle — image principale : Le port"
    )


def test_the_home_card_skips_the_withdrawn_image(expiring, clock, client, commit):
    ArticleFactory(title="Le port", main_image=expiring)
    clock.move_to(EXPIRY)
    with commit():
        tasks.withdraw_expired_image.call(image_id=expiring.pk)

    html = client.get(reverse("articles:home")).content.decode()

    assert ("Le port" in html, "card__image" in html) == (True, False)


def test_a_task_for_an_expiry_moved_later_does_nothing(expiring, clock):
    expiring.usage_expires_at = EXPIRY + timedelta(days=30)
    services.save_image(image=expiring, clean=None)

    clock.move_to(EXPIRY)

    assert tasks.withdraw_expired_image.call(image_id=expiring.pk) is False
    assert Image.objects.get(pk=expiring.pk).is_usable is True


def test_a_task_run_twice_withdraws_once(expiring, clock):
    clock.move_to(EXPIRY)

    runs = [tasks.withdraw_expired_image.call(image_id=expiring.pk) for _ in range(2)]

    assert runs == [True, False]
    assert ImageWithdrawal.objects.count() == 1


def test_the_sweep_withdraws_what_a_lost_task_left(expiring, clock, commit):
    unlimited = ImageFactory()
    clock.move_to(EXPIRY + timedelta(minutes=30))

    with commit():
        result = tasks.withdraw_expired_images.call()

    assert result == {"withdrawn": 1, "files_cleaned": 0}
    assert Image.objects.unusable().get() == expiring
    assert public_files(unlimited) != []


def test_the_sweep_takes_off_the_files_a_failed_move_left(expiring, clock, monkeypatch, commit):
    monkeypatch.setattr(rights, "archive_public_files", lambda image: 0)
    clock.move_to(EXPIRY)
    with commit():
        tasks.withdraw_expired_image.call(image_id=expiring.pk)
    assert public_files(expiring) != []
    monkeypatch.undo()

    with commit():
        result = tasks.withdraw_expired_images.call()

    assert result == {"withdrawn": 0, "files_cleaned": 1}
    assert public_files(expiring) == []


def test_an_expiry_already_past_withdraws_at_once(clock, commit):
    with commit():
        image = ImageFactory(usage_expires_at=NOW - timedelta(hours=1))

    assert Image.objects.get(pk=image.pk).withdrawn_at == NOW
    assert public_files(image) == []


def test_the_renditions_task_makes_nothing_for_a_withdrawn_image(expiring, clock, commit):
    clock.move_to(EXPIRY)
    with commit():
        tasks.withdraw_expired_image.call(image_id=expiring.pk)

    made = services.render_renditions(image_id=expiring.pk, file_name=expiring.file.name)

    assert (made, Image.objects.get(pk=expiring.pk).renditions) == (False, [])


def test_the_photo_desk_is_told_seven_days_ahead_once(expiring, clock, settings, commit):
    settings.NEWSROOM = {**settings.NEWSROOM, "PHOTO_DESK_EMAIL": "photo@example.org"}
    ImageFactory(caption="Plus tard", usage_expires_at=EXPIRY + timedelta(days=8))

    with commit():
        early = tasks.alert_expiring_images.call()
    clock.move_to(EXPIRY - timedelta(days=7))
    with commit():
        first = tasks.alert_expiring_images.call()
    with commit():
        second = tasks.alert_expiring_images.call()

    assert (early, first, second) == (0, 1, 0)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["photo@example.org"], "Droits d'image : 1 image expire bientôt")
    ]
    url = absolute_url(reverse("admin:images_image_change", args=[expiring.pk]))
    assert mail.outbox[0].body == (
        "À la fin de leurs droits d'utilisation, ces images seront retirées de toutes les "
        "pages du site :\n\n"
        f"- Le port au matin (Mistral AI) : 11/03/2027 à 10:00\n  {url}\n\n"
        "Prolongez les droits ou remplacez-les dans les articles qui les utilisent."
    )


def test_a_new_expiry_date_gets_its_own_alert(expiring, clock, settings, commit):
    settings.NEWSROOM = {**settings.NEWSROOM, "PHOTO_DESK_EMAIL": "photo@example.org"}
    clock.move_to(EXPIRY - timedelta(days=6))
    with commit():
        tasks.alert_expiring_images.call()
    expiring.usage_expires_at = EXPIRY + timedelta(hours=12)
    services.save_image(image=expiring, clean=None)

    with commit():
        again = tasks.alert_expiring_images.call()

    assert (again, len(mail.outbox)) == (1, 2)


def test_without_a_photo_desk_address_the_editors_are_told(expiring, clock, commit):
    editor(email="chef@example.org")
    UserFactory(is_staff=True, email="stagiaire@example.org")
    clock.move_to(EXPIRY - timedelta(days=1))

    with commit():
        tasks.alert_expiring_images.call()

    assert [m.to for m in mail.outbox] == [["chef@example.org"]]


def test_the_dashboard_panel_lists_the_expiring_and_the_withdrawn(
    expiring, clock, django_assert_num_queries
):
    gone = ImageFactory(caption="Retirée")
    rights.withdraw_image(image=gone, by=None)
    ImageFactory(caption="Sans limite")
    request = RequestFactory().get("/admin/")
    request.user = editor()
    clock.move_to(EXPIRY - timedelta(days=3))

    with django_assert_num_queries(3):
        context = dashboard.PANEL.context(request)

    assert (context["expiring_count"], context["expiring"], context["withdrawn"]) == (
        1,
        [expiring],
        [gone],
    )


def test_publishing_an_article_whose_image_expired_is_refused(expiring, clock):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, main_image=expiring)
    clock.move_to(EXPIRY + timedelta(days=1))

    with pytest.raises(ValidationError) as refused:
        article_services.publish_article(article=article, by=editor())

    assert refused.value.messages == [
        "Les droits d'utilisation de l'image « Le port au matin » ont expiré le "
        "11/03/2027 à 10:00 : remplacez-la ou prolongez ses droits."
    ]


def test_scheduling_past_the_expiry_is_refused(expiring, clock):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, main_image=expiring)

    with pytest.raises(ValidationError) as refused:
        article_services.publish_article(
            article=article, by=editor(), at=EXPIRY + timedelta(hours=1)
        )

    assert refused.value.messages == [
        "Les droits d'utilisation de l'image « Le port au matin » expirent le "
        "11/03/2027 à 10:00, avant la mise en ligne : remplacez-la ou prolongez ses droits."
    ]
    article_services.publish_article(article=article, by=editor(), at=EXPIRY - timedelta(hours=1))


def test_publishing_with_a_withdrawn_image_is_refused(clock):
    image = ImageFactory(caption="Retirée")
    rights.withdraw_image(image=image, by=editor())
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, main_image=image)

    assert article_services.prepublish_problems(article) == [
        "L'image « Retirée » a été retirée du site : remplacez-la."
    ]


def test_a_withdrawn_image_comes_back_once_its_rights_are_renewed(expiring, clock, commit):
    clock.move_to(EXPIRY)
    with commit():
        tasks.withdraw_expired_image.call(image_id=expiring.pk)
    image = Image.objects.get(pk=expiring.pk)

    with pytest.raises(ValidationError):
        rights.restore_image(image=image, by=editor())
    image.usage_expires_at = EXPIRY + timedelta(days=365)
    with commit():
        services.save_image(image=image, clean=None)
        rights.restore_image(image=image, by=editor())

    image.refresh_from_db()
    assert (image.is_usable, len(image.renditions), len(public_files(image))) == (True, 12, 28)


def test_the_archived_original_is_shown_to_the_staff_only(expiring, clock, client, commit):
    with commit():
        rights.withdraw_image(image=expiring, by=None)
    url = reverse("admin:images_image_archived", args=[expiring.pk])

    anonymous = client.get(url)
    client.force_login(editor())
    staff = client.get(url)

    assert anonymous.status_code == 302
    assert (staff.status_code, staff["Content-Type"]) == (200, "image/jpeg")
    assert staff["Cache-Control"].startswith("private, no-store")
    assert (
        b"".join(staff.streaming_content)
        == storages["image_archive"].open(expiring.file.name).read()
    )


def test_the_editors_withdraw_by_hand_and_it_is_recorded(expiring, clock, client, commit):
    chief = editor(username="chef")
    client.force_login(chief)

    with commit():
        client.post(
            reverse("admin:images_image_changelist"),
            {"action": "withdraw_selected", "_selected_action": [expiring.pk]},
        )

    record = ImageWithdrawal.objects.get()
    assert (record.by, record.reason, record.image.is_usable) == (
        chief,
        ImageWithdrawal.Reason.MANUAL,
        False,
    )


def test_the_expiry_jobs_are_scheduled():
    from crontask import scheduler

    jobs = {job.name: str(job.trigger) for job in scheduler.get_jobs()}

    assert (jobs["withdraw_expired_images"], jobs["alert_expiring_images"]) == (
        "cron[month='*', day='*', day_of_week='*', hour='*', minute='7']",
        "cron[month='*', day='*', day_of_week='*', hour='8', minute='0']",
    )
