from django.conf import settings

from articles.models import Section


def site(request) -> dict:
    """Site name and the navigation's sections (cached per request, one query)."""
    return {
        "site_name": settings.NEWSROOM["SITE_NAME"],
        "nav_sections": Section.objects.only("name", "slug").order_by("position", "name"),
    }
