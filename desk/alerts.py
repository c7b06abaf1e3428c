"""
The "Alerte" banner as readers get it: from the shared cache (no SQL once stored),
kept until the banner changes (``services.alert_changed`` deletes it) or its
expiry, whichever comes first.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.cache import patch_cache_control

from desk.models import Alert
from desk.services import ALERT_CACHE_KEY, ALERT_SURROGATE_KEY

# A stored "no banner" is asked again at most this often (a lost delete cannot last).
STORED_SECONDS = 300


def _compute() -> dict:
    alert = Alert.objects.showing().select_related("article").first()
    if alert is None:
        return {"alert": None, "expires": None}
    return {
        "alert": {
            "id": alert.pk,
            "text": alert.text,
            "url": alert.article.get_absolute_url(),
        },
        "expires": alert.expires_at.timestamp(),
    }


def showing() -> dict | None:
    """The banner shown now, as plain data, or None."""
    entry = cache.get(ALERT_CACHE_KEY)
    now = timezone.now().timestamp()
    if entry is None:
        entry = _compute()
        timeout = STORED_SECONDS
        if entry["expires"] is not None:
            timeout = max(1, min(timeout, int(entry["expires"] - now) + 1))
        cache.set(ALERT_CACHE_KEY, entry, timeout)
    if entry["expires"] is not None and entry["expires"] <= now:
        return None
    return entry["alert"]


def cache_headers(response) -> None:
    """Short-lived for browsers and the CDN alike, purged by its key when it changes."""
    seconds = settings.NEWSROOM["ALERT_MAX_AGE"]
    patch_cache_control(response, public=True, max_age=seconds, s_maxage=seconds)
    response["Surrogate-Key"] = ALERT_SURROGATE_KEY
    response["Cache-Tag"] = ALERT_SURROGATE_KEY
