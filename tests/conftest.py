import pytest
from django.core.cache import cache, caches
from django.utils import translation


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
