from django.conf import settings


def site(request) -> dict:
    """The site's name, for every template."""
    return {"site_name": settings.NEWSROOM["SITE_NAME"]}
