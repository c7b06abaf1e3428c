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
