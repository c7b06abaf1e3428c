import hashlib
import os
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache, caches
from django.utils import translation

# The encoded renditions the suite keeps (a few kilobytes to a few hundred each).
ENCODED_PICTURES_KEPT = 500


def pytest_configure(config):
    """
    With pytest-xdist (``make test`` runs two workers), each worker has a Redis
    database of its own: the suite empties it around every test. Worker N takes the
    configured database minus N (15, 14 for CI's 15); pytest-django gives each its own
    test database the same way. Set before any cache is opened, and in the environment
    for the processes the integration tests start.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw") or not django_settings.REDIS_URL:
        return
    parts = urlsplit(django_settings.REDIS_URL)
    number = (int(parts.path.strip("/") or 0) - int(worker[2:])) % 16
    url = urlunsplit(parts._replace(path=f"/{number}"))
    django_settings.REDIS_URL = os.environ["REDIS_URL"] = url
    django_settings.CACHES["default"]["LOCATION"] = url
    django_settings.CRONTASK["REDIS_URL"] = url


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """
    The role groups that the rooms' data migrations made survive the flush that ends
    each transactional test. In one process pytest-django runs those tests last; a
    worker of pytest-xdist may run another test after one, which expects the groups
    there as in production. Put back after each flush, as Django's ``post_migrate``
    puts back the content types and permissions (the last app's signal: every
    permission exists by then).
    """
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission
    from django.db.models.signals import post_migrate

    with django_db_blocker.unblock():
        roles = {
            group.name: list(group.permissions.values_list("content_type__app_label", "codename"))
            for group in Group.objects.all()
        }

    def restore_roles(**kwargs) -> None:
        for name, grants in roles.items():
            group, created = Group.objects.get_or_create(name=name)
            if created:
                wanted = {(app_label, codename) for app_label, codename in grants}
                group.permissions.set(
                    permission
                    for permission in Permission.objects.select_related("content_type")
                    if (permission.content_type.app_label, permission.codename) in wanted
                )

    last_app = [app for app in apps.get_app_configs() if app.models_module is not None][-1]
    post_migrate.connect(restore_roles, sender=last_app, dispatch_uid="tests-restore-roles")
    yield
    post_migrate.disconnect(sender=last_app, dispatch_uid="tests-restore-roles")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """
    Django's advice for test suites: the production hasher (PBKDF2, half a second a
    password by design) is replaced by a fast one, so that each user a factory makes
    and each login does not cost that.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def _each_picture_encoded_once():
    """
    Renditions are encoded for real (AVIF, WebP, JPEG), but the suite's images are a
    few pictures drawn again and again (the factories' plain JPEG, the demo's drawings):
    the same pixels at the same size, format and quality give the same bytes, so each
    is encoded once per run. A test that replaces the encoder replaces this too.
    """
    from images import renditions

    encoded: dict[tuple, bytes] = {}
    real = renditions.encode

    def encode(img, image_format, *, quality=None):
        key = (img.mode, img.size, image_format, quality, hashlib.blake2b(img.tobytes()).digest())
        if key not in encoded:
            if len(encoded) >= ENCODED_PICTURES_KEPT:
                encoded.clear()
            encoded[key] = real(img, image_format, quality=quality)
        return encoded[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(renditions, "encode", encode)
        yield


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    """
    Uploads go to a temporary folder and every test starts with an empty cache:
    a per-test folder for the file-based default, the configured Redis database
    (flushed) when REDIS_URL is set.
    """
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "image_archive": {
            **settings.STORAGES["image_archive"],
            "OPTIONS": {"location": tmp_path / "image-archive"},
        },
    }
    # Tasks run as soon as they are enqueued (after the commit), so each behaviour is
    # tested synchronously; tests/infra/test_worker.py runs the database queue and
    # its worker for real (the ``database_tasks`` fixture).
    settings.TASKS = {
        "default": {
            "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
            "QUEUES": settings.TASKS["default"]["QUEUES"],
        }
    }
    # Tests see each change at once; tests/reader/test_pages.py turns the page cache on.
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_CACHE": False}
    if settings.CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
        settings.CACHES = {
            **settings.CACHES,
            "default": {**settings.CACHES["default"], "LOCATION": str(tmp_path / "cache")},
        }
    cache.clear()
    caches["local"].clear()
    # A request under /en/ leaves English active in the thread; start each test in French.
    with translation.override(settings.LANGUAGE_CODE):
        yield
    cache.clear()


@pytest.fixture
def database_tasks(settings):
    """The production backend: tasks wait in the database for the worker."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": settings.TASKS["default"]["QUEUES"],
        }
    }


@pytest.fixture
def run_worker(database_tasks):
    """
    Run ``manage.py db_worker --batch``: every task due now, of every queue (mail's
    included), then it exits. The
    worker installs its own signal handlers; the test process gets its own back.
    """
    import signal

    from django.core.management import call_command

    def run() -> None:
        saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
        try:
            call_command(
                "db_worker",
                queue_name="*",
                batch=True,
                reload=False,
                startup_delay=False,
                interval=0,
                verbosity=0,
            )
        finally:
            for signum, handler in saved.items():
                signal.signal(signum, handler)

    return run
