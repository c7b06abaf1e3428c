"""
An image's files leaving the public storage leave the edge and the CDN: its withdrawal
and its deletion queue a hard purge of each removed file's public URL (``url:``
pending purges), only when a purge hook is set.
"""

import pytest
from django.core.files.storage import default_storage

from images import purges, rights
from infra.models import PendingPurge
from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db

SITE = "https://www.example.fr"


@pytest.fixture
def site(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "SITE_URL": SITE}
    return settings


@pytest.fixture
def hook(site, database_tasks):
    """A purge hook set, and the purge task waiting in the queue (the rows stay pending)."""
    site.NEWSROOM = {**site.NEWSROOM, "PURGE_HOOK": "infra.purgers.varnish"}
    return site


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def public_files(image) -> list[str]:
    names = [image.file.name] if default_storage.exists(image.file.name) else []
    folder = rights.renditions_folder(image.pk)
    if default_storage.exists(folder):
        names += [f"{folder}/{n}" for n in default_storage.listdir(folder)[1]]
    return names


def pending() -> list[str]:
    return sorted(PendingPurge.objects.values_list("key", flat=True))


def test_withdrawing_an_image_queues_a_hard_purge_of_each_removed_file(hook, commit):
    image = ImageFactory()
    removed = public_files(image)

    with commit():
        rights.withdraw_image(image=image)

    assert len(removed) == 28  # the original, its 12 renditions and 15 crops
    assert public_files(image) == []
    assert pending() == sorted(f"url:{SITE}/media/{name}" for name in removed)
    assert f"url:{SITE}/media/{image.file.name}" in pending()
    assert f"url:{SITE}/media/images/renditions/{image.pk}/photo-320.jpg" in pending()


def test_the_sweep_run_again_queues_nothing_more(hook, commit):
    image = ImageFactory()
    with commit():
        rights.withdraw_image(image=image)
    PendingPurge.objects.all().delete()  # as once the purge task has run

    assert rights.archive_public_files(image) == 0
    assert pending() == []


def test_without_a_purge_hook_the_files_go_and_nothing_is_queued(site, database_tasks, commit):
    image = ImageFactory()

    with commit():
        rights.withdraw_image(image=image)

    assert (public_files(image), pending()) == ([], [])


def test_deleting_an_image_queues_a_hard_purge_of_its_files(hook, commit):
    image = ImageFactory()
    stored = public_files(image)

    with commit():
        image.delete()

    assert [name for name in stored if default_storage.exists(name)] == []
    assert pending() == sorted(f"url:{SITE}/media/{name}" for name in stored)
    assert len(pending()) == 28


def test_a_file_on_a_media_host_is_purged_at_that_host(site):
    site.MEDIA_URL = "https://medias.example.org/quotidien/"

    assert purges.public_url("images/renditions/4/le-port-320.jpg") == (
        "https://medias.example.org/quotidien/images/renditions/4/le-port-320.jpg"
    )
    site.MEDIA_URL = "/media/"
    assert purges.public_url("images/le-port.jpg") == f"{SITE}/media/images/le-port.jpg"
