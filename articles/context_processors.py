from django.conf import settings

from articles.pages import navigation


def site(request) -> dict:
    """Site name and the navigation's sections (from the shared cache, lazily)."""
    return {"site_name": settings.NEWSROOM["SITE_NAME"], "nav_sections": navigation}
