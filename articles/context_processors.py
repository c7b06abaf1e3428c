from django.conf import settings
from django.utils.translation import get_language

from articles import caching
from articles.models import Section


def _navigation() -> list[dict]:
    return [
        {"name": section.name, "slug": section.slug, "url": section.get_absolute_url()}
        for section in Section.objects.only("name", "slug").order_by("position", "name")
    ]


def site(request) -> dict:
    """Site name and the navigation's sections, from the shared cache."""
    return {
        "site_name": settings.NEWSROOM["SITE_NAME"],
        "nav_sections": lambda: caching.cached(f"nav:sections:{get_language()}", _navigation),
    }
