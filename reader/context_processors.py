from django.conf import settings

from infra.site import site_url


def site(request) -> dict:
    """
    The site's name and address (``SITE_URL``, for absolute links), and how often an
    open page asks for the "Alerte" banner again, for every template.
    """
    return {
        "site_name": settings.NEWSROOM["SITE_NAME"],
        "site_url": site_url(),
        "alert_poll_seconds": settings.NEWSROOM["ALERT_POLL_SECONDS"],
    }
