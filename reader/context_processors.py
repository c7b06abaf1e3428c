from django.conf import settings

from infra.site import site_url


def site(request) -> dict:
    """The site's name and address (``SITE_URL``, for absolute links), for every template."""
    return {"site_name": settings.NEWSROOM["SITE_NAME"], "site_url": site_url()}
