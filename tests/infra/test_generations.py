"""
A page's generation, created when missing, with the entries stored under it read in
the same round trip; another worker's generation, created meanwhile, wins.
"""

import pytest
from django.core.cache import cache

from infra import generations

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_missing_generation_is_created_and_its_entries_read_with_it():
    cache.set_many({"menu": "<nav>", "part:1": "stale"}, 60)
    asked = []

    def keys_for(generation):
        asked.append(generation)
        return ["menu", f"part:{generation}"]

    generation, found = generations.create_and_read("v:article:1", keys_for)

    assert asked == [generation]
    assert cache.get("v:article:1") == generation
    assert found == {"menu": "<nav>"}


def test_another_workers_generation_created_meanwhile_is_kept_with_its_entries(monkeypatch):
    cache.set_many({"menu": "<nav>", "part:41": "<p>"}, 60)
    cache.set("v:article:1", 41, None)  # created by another worker after our read
    monkeypatch.setattr(generations, "_new_generation", lambda: 42)
    asked = []

    def keys_for(generation):
        asked.append(generation)
        return ["menu", f"part:{generation}"]

    generation, found = generations.create_and_read("v:article:1", keys_for)

    assert (generation, asked, found) == (41, [42, 41], {"menu": "<nav>", "part:41": "<p>"})
    assert cache.get("v:article:1") == 41
